#!/bin/sh
# harden-kill9.sh: chat-server killed with SIGKILL mid-conversation and
# started again on the same port with the same --log: chat-tui reconnects
# by itself, and every line relayed before the kill is in the history a
# newcomer gets (the log is written before a line is relayed, and
# flushed to the kernel line by line).
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun
log=$T/chat.log
start_server --flood 0 --history 100 --log "$log"

cat >"$T/bob.chatc" <<EOF_
login bob bob
flood bob 40 line
expect bob ^<alice> from alice\$
EOF_

{
	echo "connect c"
	i=1
	while [ $i -le 40 ]; do
		echo "next c ^\\[[-0-9T:]+Z\\] <bob> line $i\$"
		i=$((i + 1))
	done
	echo "next c ^\\[[-0-9T:]+Z\\] <alice> from alice\$"
	echo "next c ^-!- welcome "
} >"$T/newcomer.chatc"

# 60 rows: the replayed history must not push the reconnection notice
# off the screen before it is seen.
vt <<EOF_ || fail "chat-tui did not come back after kill -9"
size 80x60
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT \\| alice'
sh $CHATC -p $PORT $T/bob.chatc >$T/bob.out 2>&1 &
wait '^$TS <bob> line 40$'
type from alice\r
wait 'bob left'
sh kill -9 $SERVER_PID
wait-row -2 '^ ?reconnecting in [0-9]+s \\| 127\\.0\\.0\\.1:$PORT'
sh $SERVER --port-file $T/port2 --flood 0 --history 100 --log $log 127.0.0.1 $PORT 2>>$T/server2.log &
wait 'Reconnected after [0-9]+ seconds?' 40000
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT \\| alice'
sh $CHATC -p $PORT $T/newcomer.chatc
type after the restart\r
wait '^$TS <alice> after the restart$'
type /quit\r
expect-exit 0
expect-restored
EOF_
[ "$(grep -c '<bob> line' "$log")" -eq 40 ] || fail "the log lost lines"
grep -q '<alice> after the restart' "$log" || fail "the restarted server does not log"
