#!/bin/sh
# cluster-tui.sh: chat-tui given two nodes of one cluster
# ("host:port,host:port") moves to the second when the first is killed,
# and resumes there by line ID: nothing it had is shown twice, and what
# is said on the second node reaches it.  A bad list is a usage error.
# SPDX-License-Identifier: GPL-3.0-or-later
TEST_TIMEOUT=120
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun
. "$srcdir/tests/cluster-lib.sh"

for bad in '127.0.0.1:1,' ',127.0.0.1' '127.0.0.1:0,127.0.0.1' '[::1,127.0.0.1' 'a:70000,b'; do
	"$TUI" "$bad" >"$T/out" 2>"$T/err"
	status=$?
	[ "$status" -eq 64 ] || fail "chat-tui '$bad': status $status, not 64"
	grep -q "invalid server list" "$T/err" || fail "chat-tui '$bad': $(cat "$T/err")"
done

start_redis
start_node 1
start_node 2

# A watcher on node 1: once it has alice's line (live or replayed), so
# has alice its acknowledgement (sent first, in the same relay, or
# before), and node 1 may die.
"$CHATC" >"$T/watcher.out" 2>&1 <<EOF_ &
connect w $PORT1
expect w ^(\\[[^]]*\\] )?<alice> before\$
mark $T/seen
EOF_
track $!

cat >"$T/bob.chatc" <<EOF_
login bob bob $PORT2
send bob hi from bob
EOF_

vt <<EOF_ || fail "chat-tui did not move to the other node"
size 80x24
spawn $TUI --nick alice 127.0.0.1:$PORT1,127.0.0.1:$PORT2
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT1 \\| alice' 20000
type before\r
wait '^$TS <alice> before$'
sh i=0; while [ ! -f $T/seen ] && [ \$i -lt 200 ]; do sleep 0.1; i=\$((i + 1)); done
sh kill -9 $PID1
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT2 ' 30000
sh $CHATC $T/bob.chatc
wait '^$TS <bob> hi from bob$' 20000
expect-count '<alice> before' 1
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT2 \\| alice' 30000
EOF_
kill -TERM "$PID2"
wait "$PID2" || fail "node 2 exited with status $?"
