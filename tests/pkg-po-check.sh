#!/bin/sh
# pkg-po-check.sh: po/POTFILES.in lists every source file with translatable
# strings, each once, and only files that exist.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

list=$srcdir/po/POTFILES.in
sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$list" | sort >"$T/listed"
while read -r f; do
	[ -f "$srcdir/$f" ] || fail "po/POTFILES.in lists $f, which does not exist"
done <"$T/listed"
twice=$(uniq -d "$T/listed")
[ -z "$twice" ] || fail "po/POTFILES.in lists more than once: $twice"

(cd "$srcdir" && grep -lE '(^|[^[:alnum:]_])N?_\("' src/*/*.c src/*/*.h 2>/dev/null) |
	sort >"$T/marked"
comm -23 "$T/marked" "$T/listed" >"$T/missing"
[ -s "$T/missing" ] &&
	fail "files with _(\"...\") missing from po/POTFILES.in: $(tr '\n' ' ' <"$T/missing")"
exit 0
