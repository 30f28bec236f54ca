#!/bin/sh
# pkg-man.sh: both man pages pass mandoc -Tlint, follow one convention
# and refer to each other; nothing renders as nested brackets.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need mandoc

man=$srcdir/man
T=$(cd "$T" && pwd)
for page in chat-server chat-tui; do
	# From man/, so that mandoc finds the other page for .Xr.  Its exit
	# status counts down to STYLE messages; what it says about the
	# system's mandoc.db is not the page's fault.
	(cd "$man" && mandoc -Tlint "$page.1") >"$T/lint" 2>&1 ||
		{ cat "$T/lint" >&2; fail "$page.1: mandoc -Tlint"; }
done

# One macro set for both: mdoc pages start with .Dd, man pages with .TH.
kind() { sed -n 's/^\.\(Dd\|TH\)\([[:space:]].*\)\{0,1\}$/\1/p' "$1" | head -1; }
a=$(kind "$man/chat-server.1") b=$(kind "$man/chat-tui.1")
[ -n "$a" ] && [ "$a" = "$b" ] || fail "the pages mix macro sets (.${a:-?} and .${b:-?})"

# The rendered SEE ALSO of each names the other (without overstrike).
bs=$(printf '\b')
seealso() {
	mandoc -Tascii "$man/$1.1" | sed "s/.$bs//g" |
		sed -n '/^SEE ALSO/,/^[A-Z]/p' | grep -q "$2(1)" ||
		fail "$1(1) has no SEE ALSO $2(1)"
}
seealso chat-server chat-tui
seealso chat-tui chat-server

# EXIT STATUS lists every status that a program's sources (its own
# directory and the library's) exit with: the sysexits(3) names they use,
# and 1 for EXIT_FAILURE.
sysexits=/usr/include/sysexits.h
[ -r "$sysexits" ] || skip "no $sysexits to read the statuses from"
section() { sed -n "/^\.Sh $2\$/,/^\.Sh /p" "$man/$1.1"; }
for page in chat-server:server chat-tui:tui; do
	dir=${page#*:} page=${page%:*}
	src="$srcdir/src/lib/*.c $srcdir/src/$dir/*.c"
	# shellcheck disable=SC2086
	for name in $(grep -ohw 'EX_[A-Z]*' $src | sort -u); do
		n=$(sed -n "s/^#define[[:space:]]*$name[[:space:]]*\([0-9]*\).*/\1/p" "$sysexits")
		[ -n "$n" ] || fail "$name is not in $sysexits"
		section "$page" 'EXIT STATUS' | grep -qx "\.It $n" ||
			fail "$page.1: EXIT STATUS does not list $n ($name)"
	done
	# shellcheck disable=SC2086
	if grep -qw 'EXIT_FAILURE' $src; then
		section "$page" 'EXIT STATUS' | grep -qx '\.It 1' ||
			fail "$page.1: EXIT STATUS does not list 1"
	fi
	# FILES names what the program uses at run time, not its sources.
	section "$page" FILES | grep -q '^\.It Pa src/' &&
		fail "$page.1: FILES lists source files"
done

# No enclosure inside another: a nested .Aq renders as "<Up, <Down>>".
# Every "<" must close before the next one opens.
for page in chat-server chat-tui; do
	mandoc -Tascii "$man/$page.1" | sed "s/.$bs//g" >"$T/$page.txt"
	if grep -n '<[^>]*<' "$T/$page.txt" >"$T/nested"; then
		cat "$T/nested" >&2
		fail "$page.1: nested angle brackets in the rendered page"
	fi
done
grep -q '^ *<Up>, <Down>, C-p, C-n$' "$T/chat-tui.txt" ||
	fail "chat-tui.1: KEY BINDINGS does not render '<Up>, <Down>, C-p, C-n'"
exit 0
