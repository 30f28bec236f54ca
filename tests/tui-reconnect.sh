#!/bin/sh
# tui-reconnect.sh: when the server goes away the client says so, keeps
# its scrollback, keeps what you type, reconnects once the server is back
# on the same port, and then sends what you typed.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start

# The restarted server replays its history to newcomers, so bob sees the
# lines whether he comes before or after they are sent.
cat >"$T/bob.chatc" <<EOF_
connect bob
expect bob ^(\\[[^]]*\\] )?<alice> while away 1\$
expect bob ^(\\[[^]]*\\] )?<alice> while away 2\$
EOF_

vt <<EOF_ || fail "typed lines were lost across a server restart"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT \\| alice'
type before\r
wait '^$TS <alice> before$'
sh kill $SERVER_PID
wait-row -2 '^ ?reconnecting in [0-9]+s \\| 127\\.0\\.0\\.1:$PORT'
type while away 1\r
type while away 2\r
wait '^$TS <alice> while away 2$'
expect '^$TS <alice> before$'
sh $SERVER --port-file $T/port2 127.0.0.1 $PORT 2>>$T/server.log &
wait 'Reconnected after [0-9]+ seconds?' 40000
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT \\| alice'
sh $CHATC -p $PORT $T/bob.chatc
expect-count 'while away 1' 1
expect '^$TS <alice> before$'
EOF_
