#!/bin/sh
# pkg-l10n.sh: under LANGUAGE=de and LANGUAGE=fr the programs speak German
# and French: --help and a usage error come from the built catalogues.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h" || skip "built without NLS"
locale -a 2>/dev/null | grep -qix 'c\.utf-\{0,1\}8' || skip "no C.UTF-8 locale"

# The catalogues as make built them, where bindtextdomain will look.
for lang in de fr; do
	gmo=$top_builddir/po/$lang.gmo
	[ -f "$gmo" ] || gmo=$srcdir/po/$lang.gmo
	[ -f "$gmo" ] || fail "po/$lang.gmo was not built: is $lang in po/LINGUAS?"
	mkdir -p "$T/locale/$lang/LC_MESSAGES"
	cp "$gmo" "$T/locale/$lang/LC_MESSAGES/chat-tui.mo"
done
CHAT_TUI_LOCALEDIR=$T/locale
export CHAT_TUI_LOCALEDIR

# speak LANG CMD...: runs CMD in LANG, stdout and stderr to $T/out.
speak() { _l=$1; shift; LC_ALL=C.UTF-8 LANGUAGE=$_l "$@" >"$T/out" 2>&1; }
# has TEXT: $T/out holds TEXT.
has() { grep -qF -- "$1" "$T/out" || { cat "$T/out" >&2; fail "no '$1' in: $2"; }; }

for prog in $PROGRAMS; do
	p=$top_builddir/src/$prog
	speak C "$p" --help || fail "$prog --help failed"
	cp "$T/out" "$T/help.C"
	grep -o -- '--[[:alpha:]][[:alnum:]-]*' "$T/out" | sort -u >"$T/opts.C"
	for lang in de fr; do
		speak $lang "$p" --help || fail "LANGUAGE=$lang $prog --help failed"
		cmp -s "$T/out" "$T/help.C" && fail "LANGUAGE=$lang $prog --help is not translated"
		iconv -f UTF-8 -t UTF-8 "$T/out" >/dev/null ||
			fail "LANGUAGE=$lang $prog --help is not valid UTF-8"
		# Option names stay as they are.
		grep -o -- '--[[:alpha:]][[:alnum:]-]*' "$T/out" | sort -u >"$T/opts"
		cmp -s "$T/opts" "$T/opts.C" ||
			fail "LANGUAGE=$lang $prog --help changed the option names"
		case $lang in
		de) has 'diese Hilfe anzeigen und beenden' "LANGUAGE=de $prog --help" ;;
		fr) has 'afficher cette aide et quitter' "LANGUAGE=fr $prog --help" ;;
		esac

		speak $lang "$p" --no-such-option && fail "$prog accepted --no-such-option"
		case $lang in
		de) has "Weitere Informationen mit »$prog --help«." "LANGUAGE=de $prog --no-such-option" ;;
		fr) has "Saisissez « $prog --help » pour plus d'informations." "LANGUAGE=fr $prog --no-such-option" ;;
		esac
	done
done
exit 0
