#!/bin/sh
# tui-complete.sh: Tab completes the names of people in the room and
# /commands, and a second Tab lists the choices in the scrollback.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun
start_server

cat >"$T/bob.chatc" <<EOF_
login bobby bobby
expect bobby ^<alice> hello bobby and bobby ?\$
mark $T/bob.done
EOF_

# Rows lose their trailing blanks: the cursor shows the space that
# completion adds.
vt <<EOF_ || fail "completion went wrong"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
sh $CHATC -p $PORT $T/bob.chatc >$T/bob.out 2>&1 &
wait 'is now known as bobby$'
type hello bo
key tab
wait-row -1 '^> hello bobby$'
wait-cursor -1 14
type and BOB
key tab
wait-row -1 '^> hello bobby and bobby$'
wait-cursor -1 24
key enter
wait '^$TS <alice> hello bobby and bobby$'
wait-file $T/bob.done
type /he
key tab
wait-row -1 '^> /help$'
wait-cursor -1 8
key ctrl-u
type /m
key tab tab
wait '^$TS -!- /me /msg$'
expect-row -1 '^> /m$'
EOF_
