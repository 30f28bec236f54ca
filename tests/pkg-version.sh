#!/bin/sh
# pkg-version.sh: one version, from configure.ac, in --version, NEWS and
# the man pages.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

version=$(sed -n 's/^AC_INIT(\[[^]]*\], *\[\([^]]*\)\].*/\1/p' "$srcdir/configure.ac")
[ -n "$version" ] || fail "no version in configure.ac's AC_INIT"

for prog in $PROGRAMS; do
	"$top_builddir/src/$prog" --version >"$T/out" ||
		fail "$prog --version exited with status $?"
	line=$(head -1 "$T/out")
	[ "$line" = "$prog (chat-tui) $version" ] ||
		fail "$prog --version says '$line', not '$prog (chat-tui) $version'"
done

# NEWS's newest entry ("* Noteworthy changes in release X.Y.Z (DATE)").
latest=$(grep -m1 '^\* ' "$srcdir/NEWS" || :)
case " $latest " in
*" $version "*) ;;
*) fail "NEWS's newest entry is not $version: $latest" ;;
esac

# The rendered pages say "chat-tui X.Y.Z" (in .TH's footer, or the text),
# and only with this version.
if command -v mandoc >/dev/null 2>&1; then
	render() { mandoc -Tascii "$1"; }
else
	render() { cat "$1"; }
fi
for page in chat-server chat-tui; do
	render "$srcdir/man/$page.1" |
		grep -o 'chat-tui [0-9][0-9]*\.[0-9][0-9.]*[0-9]' | sort -u >"$T/stated"
	[ -s "$T/stated" ] || fail "$page.1 does not state the version (chat-tui $version)"
	grep -vqx "chat-tui $version" "$T/stated" &&
		fail "$page.1 states $(grep -vx "chat-tui $version" "$T/stated" | head -1), not $version"
done
exit 0
