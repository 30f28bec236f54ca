#!/bin/sh\$/p" |
# harden-impersonate-tui.sh: the same attack as harden-impersonate.sh,
# seen on chat-tui's screen: every row mallory's lines take shows her
# name after the timestamp, or is a continuation (indented, or past the
# first row of her line), and no row shows a "-!-" notice she made up,
# at 200 columns and at narrow widths where lines wrap.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start --flood 0 --history 0

{
	echo "login a alice"
	echo "login m mallory"
	echo "send m BEGIN"
	grep -v '^#' "$srcdir/tests/harden/payloads" | sed "s/VICTIM/victim/; s/^/send m /"
	# Made to wrap so that, at some width, a notice-like text starts a row.
	for w in x xx xxx xxxx xxxxx xxxxxx xxxxxxx xxxxxxxx xxxxxxxxx xxxxxxxxxx; do
		echo "send m $w 12:00 -!- alice left (1 online)"
	done
	echo "send m END"
	echo "expect a ^<mallory> END\$"
} >"$T/attack.chatc"

for cols in 200 40 24 22; do
	vt >"$T/screen.$cols" <<EOF_ || fail "the attack did not show at $cols columns"
size ${cols}x200
spawn $TUI --nick victim 127.0.0.1 $PORT
wait 'victim'
wait 'Online|online'
sh $CHATC -p $PORT $T/attack.chatc
wait '^$TS <mallory> END\$'
dump
type /quit\\r
wait-exit 0
EOF_
	# The rows from mallory's first line to her last, without the row numbers.
	sed "s/^ *[0-9]* *-[0-9]*|//" "$T/screen.$cols" |
		sed -n "/^$TS <mallory> BEGIN\$/,/^$TS <mallory> END\$/p" >"$T/rows.$cols"
	[ "$(wc -l <"$T/rows.$cols")" -ge 60 ] || { cat "$T/screen.$cols" >&2; fail "too few rows at $cols columns"; }
	# A row that starts with a time is one of hers.
	if grep -E "^$TS " "$T/rows.$cols" |
		grep -v -E "^$TS (<mallory>|\\* mallory|\\*mallory\\*)( |\$)" >"$T/bad"; then
		cat "$T/bad" >&2
		fail "a row at $cols columns looks like someone else's"
	fi
	if grep -E "^$TS -!- " "$T/rows.$cols" >"$T/bad"; then
		cat "$T/bad" >&2
		fail "a made-up notice at $cols columns"
	fi
done
stop_server || fail "chat-server exited with status $?"
