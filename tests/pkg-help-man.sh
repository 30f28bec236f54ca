#!/bin/sh
# pkg-help-man.sh: every long option that --help prints is in the man page.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need mandoc
bs=$(printf '\b')

for prog in $PROGRAMS; do
	"$top_builddir/src/$prog" --help >"$T/help" ||
		fail "$prog --help exited with status $?"
	grep -o -- '--[[:alpha:]][[:alnum:]-]*' "$T/help" | sort -u >"$T/opts"
	[ -s "$T/opts" ] || fail "$prog --help lists no long options"
	mandoc -Tascii "$srcdir/man/$prog.1" | sed "s/.$bs//g" >"$T/page"
	while read -r opt; do
		grep -q -- "$opt\([^[:alnum:]-]\|\$\)" "$T/page" ||
			fail "$prog: $opt is in --help but not in $prog.1"
	done <"$T/opts"
done
exit 0
