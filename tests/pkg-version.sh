#!/bin/sh
# pkg-version.sh: one version, from configure.ac, in --version, NEWS and
# the man pages.
. "$srcdir/tests/lib.sh"

version=$(sed -n 's/^AC_INIT(\[[^]]*\], *\[\([^]]*\)\].*/\1/p' "$srcdir/configure.ac")
[ -n "$version" ] || fail "no version in configure.ac's AC_INIT"

for prog in chat-server chat-tui; do
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

# The pages state the version in .Os (mdoc) or .TH's fourth field (man).
for page in chat-server chat-tui; do
	stated=$(sed -n -e 's/^\.Os.* \([0-9][0-9.]*\)$/\1/p' \
		-e 's/^\.TH .*"[^"]* \([0-9][0-9.]*\)".*/\1/p' \
		"$srcdir/man/$page.1" | head -1)
	[ -n "$stated" ] || fail "$page.1 does not state the version (.Os chat-tui $version)"
	[ "$stated" = "$version" ] || fail "$page.1 says version $stated, configure.ac $version"
done
exit 0
