#!/bin/sh
# tui-connect.sh: with no server yet, chat-tui says it cannot connect,
# keeps trying, shows when it will try next, and once a server appears on
# that port it connects and sends what was typed meanwhile.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun

# A port that was free a moment ago.
start_server
stop_server
port=$PORT

cat >"$T/bob.chatc" <<EOF_
connect bob
expect bob ^(\\[[^]]*\\] )?<alice> typed early\$
EOF_

vt <<EOF_ || fail "connecting later went wrong"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $port
wait '^$TS -!- Cannot connect to 127\\.0\\.0\\.1:$port: '
wait-row -2 '^ ?reconnecting in [0-9]+s \\| 127\\.0\\.0\\.1:$port'
type typed early\r
wait '^$TS <alice> typed early$'
sh $SERVER --port-file $T/port2 127.0.0.1 $port 2>>$T/server.log &
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$port \\| alice' 40000
sh $CHATC -p $port $T/bob.chatc
EOF_
