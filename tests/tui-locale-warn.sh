#!/bin/sh
# tui-locale-warn.sh: in a locale whose character set is not UTF-8, the
# warning stays in sight: the status bar says "not UTF-8" after a replay
# that pushes the warning out of the scrollback pane.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun
start_server --history 40 --flood 0

"$CHATC" -p "$PORT" <<'END' || fail "could not leave history"
login a bob
flood a 40 earlier
drain a
close a
END

vt <<EOF_ || fail "the C locale's warning went out of sight"
size 80x24
env LC_ALL=C
spawn $TUI --nick alice 127.0.0.1 $PORT
wait '<bob> earlier 40$'
wait-row -2 'alice \\| 1 online \\| not UTF-8 \\| TLS$'
expect-gone 'not UTF-8: '
EOF_
exit 0
