#!/bin/sh
# cluster-kill.sh: one of three nodes killed with -9: the others tell
# their clients that its users left, its names are free again once
# their leases expire, and the two left relay to each other as before,
# losing nothing.
# SPDX-License-Identifier: GPL-3.0-or-later
TEST_TIMEOUT=120
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/cluster-lib.sh"
start_redis
start_node 1 --flood 0
start_node 2 --flood 0
start_node 3 --flood 0

"$CHATC" <<END >"$T/chatc.log" 2>&1 &
timeout 40
login a alice $PORT1
login b bob $PORT2
login c carol $PORT3
expect b ^-!- nick [^ ]+ carol$
mark $T/ready
flood b 200 n
expect-seq c <bob> n 200
expect b ^-!- quit alice: 2 online \(its server is gone\)$
expect c ^-!- quit alice: 2 online \(its server is gone\)$
send c /who
expect c ^-!- who 2: (bob carol|carol bob)$
send c /nick alice
expect c ^-!- nick carol alice$
expect b ^-!- nick carol alice$
flood b 200 m
expect-seq c <bob> m 200
END
chatc=$!
wait_file "$T/ready" 200 || { cat "$T/chatc.log" >&2; fail "the clients did not log in"; }
kill -9 "$PID1"
wait "$PID1" 2>/dev/null
wait "$chatc" || { cat "$T/chatc.log" >&2; fail "after a node was killed"; }
grep -q "cluster: node .* is gone" "$T/node2.log" || fail "node 2 did not log the node gone"
for n in 2 3; do
	eval "kill -TERM \$PID$n; wait \$PID$n" || fail "node $n exited with status $?"
done
