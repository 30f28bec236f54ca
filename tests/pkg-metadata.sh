#!/bin/sh
# pkg-metadata.sh: the project's home page and bug tracker come from
# AC_INIT, are real https addresses, and are the same in both --help
# outputs, the README and the po headers; no placeholder address is
# left; AUTHORS exists.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
mf=$top_builddir/Makefile
bugs=$(sed -n 's/^PACKAGE_BUGREPORT = //p' "$mf")
home=$(sed -n 's/^PACKAGE_URL = //p' "$mf")
case $bugs in https://?*) ;; *) fail "AC_INIT's bug address is not an https URL: '$bugs'" ;; esac
case $home in https://?*) ;; *) fail "AC_INIT's home page is not an https URL: '$home'" ;; esac

for prog in chat-server chat-tui; do
	"$top_builddir/src/$prog" --help >"$T/help" || fail "$prog --help failed"
	grep -qx "Report bugs to: $bugs" "$T/help" || fail "$prog --help does not send bugs to $bugs"
	grep -qx "Home page: $home" "$T/help" || fail "$prog --help does not name $home"
done
grep -qF "$home" "$srcdir/README" || fail "README does not name the home page"
grep -qF "$bugs" "$srcdir/README" || fail "README does not name the bug tracker"
for po in "$srcdir"/po/*.po; do
	grep -qF "\"Report-Msgid-Bugs-To: $bugs\\n\"" "$po" || fail "$po: Report-Msgid-Bugs-To is not $bugs"
	grep -q '^"Last-Translator: [^<]*[A-Za-z][^<]* <https://' "$po" || fail "$po: no Last-Translator"
done
[ -s "$srcdir/AUTHORS" ] || fail "no AUTHORS"
if grep -n '@localhost' "$srcdir/configure.ac" "$srcdir/README" "$srcdir/AUTHORS" \
	"$srcdir"/po/*.po "$srcdir/po/Makevars" "$srcdir"/man/*.1 >"$T/left"; then
	cat "$T/left" >&2
	fail "a placeholder address is left"
fi
exit 0
