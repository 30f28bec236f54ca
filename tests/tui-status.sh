#!/bin/sh
# tui-status.sh: the status bar, in reverse video above the input line,
# shows the connection state, the server's address, your name and how
# many are in the room, and follows joins and quits.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start

cat >"$T/bob.chatc" <<EOF_
login bob bob
expect bob ^<alice> bye\$
close bob
EOF_

vt <<EOF_ || fail "the status bar is wrong"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT \\| alice \\| 1 online$'
expect-attr -2 0 reverse
expect-attr -2 79 reverse
expect-attr -1 0 -reverse
sh $CHATC -p $PORT $T/bob.chatc >$T/bob.out 2>&1 &
wait-row -2 '\\| 2 online$'
wait 'is now known as bob$'
type bye\r
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT \\| alice \\| 1 online$'
EOF_
