#!/bin/sh
# tui-complete.sh: Tab cycles through the names in the room, who spoke
# last first, as "nick: " at the start of the line and "nick " elsewhere;
# Shift-Tab goes back; /commands complete at the start; nothing is ever
# printed into the scrollback.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start

# bob spoke last, so he comes before bobby; boris never spoke.
cat >"$T/bob.chatc" <<EOF_
login boris boris
login bobby bobby
login bob bob
send bobby first
expect bob ^<bobby> first$
send bob second
expect bobby ^<alice> bob: hello bobby and bobby ?\$
mark $T/bob.done
expect bobby ^<alice> bo\$
EOF_

# Rows lose their trailing blanks: the cursor shows the space added.
vt <<EOF_ || fail "completion went wrong"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
sh $CHATC -p $PORT $T/bob.chatc >$T/bob.out 2>&1 &
wait '<bob> second$'
type bo
key tab
wait-row -1 '^> bob:$'
wait-cursor -1 7
key tab
wait-row -1 '^> bobby:$'
key tab
wait-row -1 '^> boris:$'
key tab
wait-row -1 '^> bob:$'
key shift-tab
wait-row -1 '^> boris:$'
key shift-tab shift-tab
wait-row -1 '^> bob:$'
type hello bobb
key tab
wait-row -1 '^> bob: hello bobby$'
wait-cursor -1 19
type and BOBB
key tab
wait-row -1 '^> bob: hello bobby and bobby$'
wait-cursor -1 29
key enter
wait '^$TS <alice> bob: hello bobby and bobby$'
wait-file $T/bob.done
type /he
key tab
wait-row -1 '^> /help$'
wait-cursor -1 8
key ctrl-u
type /m
key tab
wait-row -1 '^> /me$'
key tab
wait-row -1 '^> /msg$'
key ctrl-u
type zz
wait-row -1 '^> zz$'
key tab
expect-row -1 '^> zz$'
key ctrl-u
type bo\r
wait '^$TS <alice> bo$'
expect-gone 'bob bobby|bobby boris'
expect-gone '/me /msg'
EOF_
