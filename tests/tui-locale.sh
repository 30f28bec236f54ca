#!/bin/sh
# tui-locale.sh: in a locale whose character set is not UTF-8, what you
# type still goes out whole, as UTF-8: here a UTF-8 terminal under
# LC_ALL=C (the bytes as they come; a Latin-1 locale, converted, is not
# installed everywhere); only the screen shows '?' for what the locale
# cannot show.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun

vt <<EOF_ || fail "non-ASCII typed under LC_ALL=C was lost"
size 80x24
env LC_ALL=C
listen $T/port
spawn sh -c 'exec $TUI --no-tls --nick alice 127.0.0.1 \$(cat $T/port)'
feed -!- welcome alice: 1 online, /help for commands\\n
type café 你好\\r
wait-received '^café 你好\$'
type zz ü after\\r
wait-received '^zz ü after\$'
wait '^$TS <alice> zz \\? after\$'
type né ok
wait-row -1 '^> n\\? ok\$'
key enter
wait-received '^né ok\$'
EOF_
