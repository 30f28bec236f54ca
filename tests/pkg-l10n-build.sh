#!/bin/sh
# pkg-l10n-build.sh: the programs speak German and French from the build
# tree, before make install, with no CHAT_TUI_LOCALEDIR: make puts the
# catalogues in locale/ and the programs look there when run from it.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h" || skip "built without NLS"
locale -a 2>/dev/null | grep -qix 'c\.utf-\{0,1\}8' || skip "no C.UTF-8 locale"
[ -r /proc/self/exe ] || skip "no /proc/self/exe to find the build tree by"
unset CHAT_TUI_LOCALEDIR

for prog in chat-server chat-tui; do
	p=$top_builddir/src/$prog
	[ -x "$p" ] || continue
	LC_ALL=C.UTF-8 LANGUAGE=de "$p" --help >"$T/de" 2>&1 || fail "$prog --help failed"
	grep -q 'diese Hilfe anzeigen und beenden' "$T/de" ||
		{ cat "$T/de" >&2; fail "$prog in the build tree does not speak German"; }
	LC_ALL=C.UTF-8 LANGUAGE=fr "$p" --help >"$T/fr" 2>&1 || fail "$prog --help failed"
	grep -q 'afficher cette aide et quitter' "$T/fr" ||
		{ cat "$T/fr" >&2; fail "$prog in the build tree does not speak French"; }
done

exit 0
