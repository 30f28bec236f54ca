#!/bin/sh
# tui-tiny.sh: a terminal of one row, one column or none at all neither
# crashes chat-tui nor loses anything: back at a usable size it shows
# what arrived meanwhile and still takes input.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start

vt <<EOF_ || fail "chat-tui did not survive a tiny terminal"
size 1x1
spawn $TUI --nick alice 127.0.0.1 $PORT
settle
sh printf 'login bob bob\\nsend bob while tiny 1\\n' | $CHATC -p $PORT
resize 80x24
wait '^$TS <bob> while tiny 1$'
wait-row -2 'alice'
resize 20x1
settle
sh printf 'login bob bob\\nsend bob while tiny 2\\n' | $CHATC -p $PORT
type x
resize 1x10
settle
resize 0x0
settle
resize 0x24
settle
resize 80x0
settle
type y
resize 3x2
settle
resize 2x3
settle
resize 80x24
wait '^$TS <bob> while tiny 2$'
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT \\| alice'
wait-row -1 '^> xy$'
expect-cursor -1 4
type \r
wait '^$TS <alice> xy$'
type /quit\r
expect-exit 0
expect-restored
EOF_
