#!/bin/sh
# cluster-relay.sh: two chat-servers on one Redis are one room: a line
# said on either reaches everyone on both, once, in its sender's order,
# with the same line ID everywhere, and never comes back to its sender;
# a node started later replays the same history.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/cluster-lib.sh"
start_redis
start_node 1 --flood 0
start_node 2 --flood 0

"$CHATC" <<END || fail "relay across two nodes"
login a alice $PORT1
login b bob $PORT2
login c carol $PORT2
send a hello from alice
expect b ^<alice> hello from alice$
expect c ^<alice> hello from alice$
send b hello from bob
expect a ^<bob> hello from bob$
expect c ^<bob> hello from bob$
expect-none b 300 ^<bob>
flood a 300 n
flood b 300 m
expect-seq b <alice> n 300
expect-seq c <alice> n 300
expect-seq a <bob> m 300
expect-seq c <bob> m 300
send c done
expect a ^<carol> done$
expect b ^<carol> done$
expect-none a 300 ^<alice>
expect-none b 300 ^<bob>
END

# The same line has the same ID on both nodes, and the sender's ack
# names it.
"$CHATC" <<END || fail "line IDs across nodes"
connect x $PORT1
connect y $PORT2
send x /since
send y /since
expect x ^-!- ids
expect y ^-!- ids
send x one more
expect x ^-!- ok ([0-9]+) \1$
expect y ^#[0-9]+ <[^>]+> one more$
END
id_ok=$(rcli XREVRANGE chat:{chat}:stream + - COUNT 1 | head -1)
[ -n "$id_ok" ] || fail "no line in the stream"

# Every line is in the stream once, with consecutive IDs.
rcli XRANGE chat:{chat}:stream - + | grep -E '^[0-9]+-0$' > "$T/ids"
n=$(wc -l < "$T/ids")
[ "$n" -eq 604 ] || fail "the stream holds $n lines, not 604"
first=$(sed 's/-0$//' "$T/ids" | head -1)
last=$(sed 's/-0$//' "$T/ids" | tail -1)
[ $((last - first + 1)) -eq 604 ] || fail "the IDs are not consecutive: $first to $last"

# A node that comes later replays the last lines from the stream.
start_node 3 --history 2
"$CHATC" <<END || fail "history on a later node"
connect d $PORT3
next d ^\[[-0-9T:Z]+\] <carol> done$
next d ^\[[-0-9T:Z]+\] <[^>]+> one more$
next d ^-!- welcome
END
# A new room: the first line's ID follows the LAST a client was told
# before it, even a second later, when the counter would start from the
# clock (else chat-tui takes the jump for lost history).
start_node 4 --room fresh
"$CHATC" -v <<END 2>"$T/fresh.log" || fail "a new room's first line"
connect f $PORT4
send f /since
expect f ^-!- ids
sleep 1100
send f first
expect f ^-!- ok
END
last=$(sed -n 's/^f< -!- ids [0-9]* [0-9]* [0-9]* \([0-9]*\)$/\1/p' "$T/fresh.log")
first=$(sed -n 's/^f< -!- ok \([0-9]*\) .*/\1/p' "$T/fresh.log")
[ -n "$last" ] && [ "$first" = $((last + 1)) ] ||
	fail "a new room told LAST $last, then gave the first line $first"
kill -TERM "$PID4"; wait "$PID4" || fail "node 4 exited with status $?"
for n in 1 2 3; do
	eval "kill -TERM \$PID$n; wait \$PID$n" || fail "node $n exited with status $?"
done
