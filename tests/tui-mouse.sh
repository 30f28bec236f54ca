#!/bin/sh
# tui-mouse.sh: no mouse reporting by default (it breaks selecting text);
# with --mouse the wheel scrolls three rows, and the terminal gets its
# mouse back at the end.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun
start_server --history=0 --flood=0

cat >"$T/bob.chatc" <<EOF_
login bob bob
flood bob 40 line
expect bob ^<alice> bye$
EOF_

vt <<EOF_ || fail "the mouse wheel went wrong"
size 80x24
spawn $TUI --mouse --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
expect-modes mouse
sh $CHATC -p $PORT $T/bob.chatc >$T/bob.out 2>&1 &
wait-row -3 '<bob> line 40$'
type \\e[<64;10;10M
wait-row -3 '<bob> line 37$'
wait-row -2 'scrolled up'
type \\e[<64;10;10M
wait-row -3 '<bob> line 34$'
type \\e[<65;10;10M
wait-row -3 '<bob> line 37$'
type \\e[<65;10;10M
wait-row -3 '<bob> line 40$'
wait-gone 'scrolled up'
type bye\\r
wait "<alice> bye$"
type /quit\\r
wait-exit 0
wait-restored
EOF_

vt <<EOF_ || fail "mouse reporting was on without --mouse"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
expect-modes -mouse
EOF_
