#!/bin/sh
# cluster-restart.sh: Redis restarted under two nodes: they reconnect
# with backoff, write what was said meanwhile, catch up from the last
# line they relayed, and nobody gets a line twice or misses one.  Then
# Redis restarted empty: line IDs still never go back, even when the
# node that writes first had fallen behind.
# SPDX-License-Identifier: GPL-3.0-or-later
TEST_TIMEOUT=120
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/cluster-lib.sh"
start_redis --appendonly yes --appendfsync always
start_node 1 --flood 0
start_node 2 --flood 0

"$CHATC" <<END >"$T/chatc.log" 2>&1 &
timeout 40
login a alice $PORT1
login b bob $PORT2
flood a 100 n
expect-seq b <alice> n 100
connect c $PORT2
send c /since
expect c ^-!- ids
send c first
expect c ^-!- ok [0-9]+ [0-9]+$
mark $T/before
wait-file $T/down
flood a 50 o
flood b 50 p
drain a
drain b
mark $T/sent
expect-seq b <alice> o 50
expect-seq a <bob> p 50
expect-none a 1000 ^<bob> p
expect-none b 1000 ^<alice> o
END
chatc=$!
wait_file "$T/before" 200 || { cat "$T/chatc.log" >&2; fail "the first lines did not go round"; }
kill -TERM "$REDIS_PID"
wait "$REDIS_PID"
for n in 1 2; do
	wait_grep "cannot read from Redis" "$T/node$n.log" 100 || fail "node $n did not notice"
done
touch "$T/down"
wait_file "$T/sent" 200 || { cat "$T/chatc.log" >&2; fail "the lines were not sent"; }
REDIS_KEEP_PORT=yes start_redis --appendonly yes --appendfsync always
wait "$chatc" || { cat "$T/chatc.log" >&2; fail "lines lost or repeated across a Redis restart"; }
for n in 1 2; do
	grep -q "reading from Redis again" "$T/node$n.log" || fail "node $n did not say it reads again"
done

# Every line in the stream once, with consecutive IDs.
rcli XRANGE chat:{chat}:stream - + | grep -E '^[0-9]+-0$' | sed 's/-0$//' > "$T/ids"
n=$(wc -l < "$T/ids")
[ "$n" -eq 201 ] || fail "the stream holds $n lines, not 201"
first=$(head -1 "$T/ids")
last=$(tail -1 "$T/ids")
[ $((last - first + 1)) -eq 201 ] || fail "the IDs are not consecutive: $first to $last"

# Redis restarted without its data: the next line's ID is still above.
kill -TERM "$REDIS_PID"
wait "$REDIS_PID"
rm -rf "$T/appendonlydir" "$T"/*.aof "$T/dump.rdb"
REDIS_KEEP_PORT=yes start_redis
[ "$(rcli EXISTS chat:{chat}:stream)" = 0 ] || fail "Redis kept its data"
"$CHATC" <<END >"$T/chatc2.log" 2>&1 || { cat "$T/chatc2.log" >&2; fail "no line after an empty restart"; }
timeout 20
connect c $PORT2
send c /since
expect c ^-!- ids
send c after
expect c ^-!- ok [0-9]+ [0-9]+$
END
id=$(sed -n 's/^.*-!- ok \([0-9]*\) .*/\1/p' "$T/chatc2.log")
[ -z "$id" ] && id=$(rcli XRANGE chat:{chat}:stream - + | grep -E '^[0-9]+-0$' | sed 's/-0$//' | head -1)
[ -n "$id" ] && [ "$id" -gt "$last" ] || fail "after an empty restart, line $id is not above $last"

# The same when the node that writes first after the empty restart had
# fallen behind: node 2, stopped, misses node 1's lines; Redis restarts
# empty; node 2's next line must still not take an ID node 1 gave.
kill -STOP "$PID2"
"$CHATC" <<END >"$T/chatc3.log" 2>&1 || { kill -CONT "$PID2"; cat "$T/chatc3.log" >&2; fail "node 1 alone"; }
timeout 20
connect c $PORT1
send c /since
expect c ^-!- ids
send c ahead 1
expect c ^-!- ok [0-9]+ [0-9]+\$
send c ahead 2
expect c ^-!- ok [0-9]+ [0-9]+\$
END
top=$(rcli XREVRANGE chat:{chat}:stream + - COUNT 1 | grep -E '^[0-9]+-0$' | sed 's/-0$//')
kill -TERM "$REDIS_PID"
wait "$REDIS_PID"
REDIS_KEEP_PORT=yes start_redis
kill -CONT "$PID2"
"$CHATC" <<END >"$T/chatc4.log" 2>&1 || { cat "$T/chatc4.log" >&2; fail "no line from the node that was behind"; }
timeout 30
connect d $PORT2
send d /since
expect d ^-!- ids
send d behind
expect d ^-!- ok [0-9]+ [0-9]+\$
END
lag=$(rcli XRANGE chat:{chat}:stream - + | grep -E '^[0-9]+-0$' | sed 's/-0$//' | head -1)
[ -n "$top" ] && [ -n "$lag" ] && [ "$lag" -gt "$top" ] ||
	fail "the node that was behind gave line ID $lag, not above node 1's $top"
for n in 1 2; do
	eval "kill -TERM \$PID$n; wait \$PID$n" || fail "node $n exited with status $?"
done
