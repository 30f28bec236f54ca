#!/bin/sh
# pkg-man.sh: both man pages pass mandoc -Tlint, follow one convention
# and refer to each other.
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
exit 0
