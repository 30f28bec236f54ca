#!/bin/sh
# cluster-stall.sh: Redis stalled (SIGSTOP) under two nodes: each tells
# its clients that only its own users hear them now, and relays between
# them at once; when Redis answers again, what was said meanwhile
# reaches the other node, announced as late, and nobody gets a line
# twice.
# SPDX-License-Identifier: GPL-3.0-or-later
TEST_TIMEOUT=120
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/cluster-lib.sh"
start_redis
start_node 1
start_node 2

"$CHATC" <<END >"$T/chatc.log" 2>&1 &
timeout 30
login a alice $PORT1
login b bob $PORT1
login c carol $PORT2
expect a ^-!- nick [^ ]+ carol$
send b /since
expect b ^-!- ids
send a before
expect c ^<alice> before$
expect b ^#[0-9]+ <alice> before$
mark $T/ready
expect a ^-!- info: the other servers cannot be reached: only the users of this server hear you now$
expect c ^-!- info: the other servers cannot be reached
send a during 1
send a during 2
expect b ^<alice> during 1$
expect b ^<alice> during 2$
send c meanwhile
expect-none a 500 meanwhile
expect-none c 10 during
mark $T/said
expect c ^-!- info: the next lines were said on node1 while it could not reach the other servers$
next c ^<alice> during 1$
next c ^<alice> during 2$
expect a ^-!- info: the next lines were said on node2 while
next a ^<carol> meanwhile$
expect b ^-!- info: the other servers can be reached again
send a after
expect c ^<alice> after$
expect b ^#[0-9]+ <alice> after$
expect-none b 500 during
END
chatc=$!
wait_file "$T/ready" 200 || { cat "$T/chatc.log" >&2; fail "the first lines did not go round"; }
kill -STOP "$REDIS_PID"
wait_file "$T/said" 200 || { kill -CONT "$REDIS_PID"; cat "$T/chatc.log" >&2; fail "no relay while Redis is stalled"; }
kill -CONT "$REDIS_PID"
wait "$chatc" || { cat "$T/chatc.log" >&2; fail "after Redis came back"; }
for n in 1 2; do
	eval "kill -TERM \$PID$n; wait \$PID$n" || fail "node $n exited with status $?"
done
