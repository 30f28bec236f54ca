#!/bin/sh
# harden-impersonate.sh: whatever bytes mallory sends (tests/harden/payloads:
# newlines, CR, escape sequences, C1 controls, U+2028, bidi controls,
# invalid UTF-8, look-alike prefixes, /nick to taken, case-variant,
# address-like and over-long names), every line the others receive from
# her starts with "<mallory> ", "* mallory " or "*mallory* ", and holds
# no control character, escape, line separator or bidi control.  The
# victim is nc, so that its capture is the server's bytes as they are.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need nc
start_server --flood 0

nc -d 127.0.0.1 "$PORT" >"$T/raw" &
track $!
i=0
until grep -q '^-!- welcome ' "$T/raw" 2>/dev/null; do
	[ $i -lt 100 ] || fail "nc did not join"
	sleep 0.1; i=$((i + 1))
done
victim=$(sed -n 's/^-!- welcome \([^:]*:[0-9]*\): .*/\1/p' "$T/raw")
[ -n "$victim" ] || fail "no name in the welcome"

{
	echo "login a alice"
	echo "login m mallory"
	echo "send m BEGIN-MARK"
	grep -v '^#' "$srcdir/tests/harden/payloads" | sed "s/VICTIM/$victim/; s/^/send m /"
	echo "send m END-MARK"
	echo "expect a ^<mallory> END-MARK\$"
	echo "send m /who"
	echo "expect m ^-!- who 3: [^ ]+ alice mallory\$"
} >"$T/script"
"$CHATC" -p "$PORT" "$T/script" || fail "the attack did not run"
i=0
until grep -q '^<mallory> END-MARK$' "$T/raw"; do
	[ $i -lt 100 ] || fail "the victim did not get the end mark"
	sleep 0.1; i=$((i + 1))
done

sed -n '/^<mallory> BEGIN-MARK$/,/^<mallory> END-MARK$/p' "$T/raw" >"$T/attack"
lines=$(wc -l <"$T/attack")
[ "$lines" -ge 60 ] || fail "only $lines lines came through: the check would prove nothing"
if grep -v -E '^(<mallory> |\* mallory |\*mallory\* )' "$T/attack" >"$T/bad"; then
	cat "$T/bad" >&2
	fail "a line not attributed to mallory"
fi
# No C0 control but the LFs that end lines, no DEL.
bad=$(tr -d '\n\040-\176\200-\377' <"$T/attack" | wc -c)
[ "$bad" -eq 0 ] || fail "$bad control bytes came through"
# No C1 control, line or paragraph separator, bidi control, BOM.
{
	for b in 80 81 82 83 84 85 86 87 88 89 8a 8b 8c 8d 8e 8f \
		90 91 92 93 94 95 96 97 98 99 9a 9b 9c 9d 9e 9f; do
		printf "\\302\\$(printf %o 0x$b)\n"
	done
	for s in '342 200 250' '342 200 251' '342 200 216' '342 200 217' \
		'342 200 252' '342 200 253' '342 200 254' '342 200 255' '342 200 256' \
		'342 201 246' '342 201 247' '342 201 250' '342 201 251' \
		'330 234' '357 273 277'; do
		set -- $s
		printf "\\$1\\$2${3:+\\$3}\n"
	done
} >"$T/forbidden"
if grep -F -f "$T/forbidden" "$T/attack" >"$T/bad"; then
	od -c "$T/bad" | head -20 >&2
	fail "a C1 control, separator or bidi control came through"
fi
# The look-alikes came through as mallory's, and her name never changed.
grep -q '^<mallory> -!- join alice: 3 online$' "$T/attack" || fail "look-alike notice missing"
grep -q '^<mallory> <alice> fake after LF$' "$T/attack" || fail "the line after LF is missing"
grep -q '^\* mallory is alice$' "$T/attack" || fail "/ME missing"
grep -q -- '-!- nick mallory' "$T/raw" && fail "mallory changed her name"
stop_server || fail "chat-server exited with status $?"
