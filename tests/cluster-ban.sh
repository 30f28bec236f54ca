#!/bin/sh
# cluster-ban.sh: a ban is the cluster's: an operator on node 1 bans
# eve's key, and eve's connection on node 2 is cut off (node 2's room
# told), she is refused there when she comes back (even after a SIGHUP
# while Redis is stalled), and a plain client's
# address ban holds on node 2 too; /unban on node 2 lets her in on
# node 1 again; /bans lists the same on both; a node joining with a bans
# file of its own moves its bans to Redis; a ban or unban whose event a
# node missed holds there all the same, once it reads the bans again;
# an operator kicks and bans by name someone on another node; while
# Redis is stalled, a ban is refused, to be tried again.
# SPDX-License-Identifier: GPL-3.0-or-later
TEST_TIMEOUT=120
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/cluster-lib.sh"
need_tls
need openssl
op=$(make_key op)
eve=$(make_key eve)
zed=$(make_key zed)
bans='chat:{chat}:bans'

start_redis
start_node 1 --state-dir "$T/s1" --tls-wait 3000 --op "$op"
start_node 2 --state-dir "$T/s2" --tls-wait 3000 --op "$op"

PORT=$PORT2 tls_open w
PORT=$PORT1 tls_open op op
tls_say op "/nick op"
PORT=$PORT1 tls_open eve eve
tls_say eve "/nick eve"
PORT=$PORT2 tls_open eve2 eve
wait_grep '^-!- nick .* \+?eve$' "$T/w.out" || fail "eve is not in: $(cat "$T/w.out")"

tls_say op "/ban eve spam"
wait_grep '^-!- ban eve by op: spam$' "$T/w.out" || fail "node 2 was not told: $(cat "$T/w.out")"
tls_gone eve || fail "eve is still connected to node 1"
tls_gone eve2 || fail "eve's connection to node 2 is still there"
grep -q '^-!- ban eve by op: spam$' "$T/eve2.out" || fail "eve on node 2 was not told: $(cat "$T/eve2.out")"
grep -q "banned eve ($eve)" "$T/node2.log" || fail "node 2 did not log it: $(cat "$T/node2.log")"
tls_close eve
tls_close eve2
rcli HGET "$bans" "$eve" | grep -Eq "^$eve [0-9TZ:-]+ eve op spam$" ||
	fail "Redis: $(rcli HGETALL "$bans")"

# Refused on node 2 when she comes back.
PORT=$PORT2 tls_open eve eve
grep -q '^-!- error banned: you are banned from this room: spam$' "$T/eve.out" ||
	fail "eve came back on node 2: $(cat "$T/eve.out")"
tls_gone eve || fail "eve is still connected to node 2"
tls_close eve

# SIGHUP while Redis is stalled: node 2 keeps the bans it has.
kill -STOP "$REDIS_PID"
kill -HUP "$PID2"
wait_grep 'cannot reach Redis to share the bans' "$T/node2.log" ||
	{ kill -CONT "$REDIS_PID"; fail "node 2 did not read its bans again: $(cat "$T/node2.log")"; }
PORT=$PORT2 tls_open eve eve
grep -q '^-!- error banned: ' "$T/eve.out" ||
	{ kill -CONT "$REDIS_PID"; fail "eve came in on node 2 after SIGHUP: $(cat "$T/eve.out")"; }
tls_close eve
wait_grep '^-!- info: the other servers cannot be reached' "$T/w.out" ||
	{ kill -CONT "$REDIS_PID"; fail "node 2 did not see the stall: $(cat "$T/w.out")"; }
kill -CONT "$REDIS_PID"
wait_grep '^-!- info: the other servers can be reached again' "$T/w.out" 150 ||
	fail "node 2 did not find Redis again: $(cat "$T/w.out")"

# /bans on node 2 lists it; /unban there lifts it on node 1.
PORT=$PORT2 tls_open op2 op
tls_say op2 "/bans"
wait_grep "^-!- info: banned: eve \\($eve\\) since [0-9TZ:-]+ by op: spam$" "$T/op2.out" ||
	fail "/bans on node 2: $(cat "$T/op2.out")"
tls_say op2 "/unban eve"
wait_grep '^-!- unban eve by ' "$T/op.out" || fail "node 1 was not told of the unban: $(cat "$T/op.out")"
[ -z "$(rcli HGET "$bans" "$eve")" ] || fail "still in Redis: $(rcli HGETALL "$bans")"
PORT=$PORT1 tls_open eve eve
grep -q '^-!- welcome ' "$T/eve.out" || fail "eve is still banned on node 1: $(cat "$T/eve.out")"
tls_close eve

# A node joining with a bans file: its bans move to Redis and hold on
# every node.
mkdir -p "$T/s3"
printf '%s 2026-01-02T03:04:05Z zed op old\n' "$zed" >"$T/s3/bans"
start_node 3 --state-dir "$T/s3" --tls-wait 3000
rcli HGET "$bans" "$zed" | grep -q "^$zed 2026-01-02T03:04:05Z zed op old$" ||
	fail "zed's ban was not merged: $(rcli HGETALL "$bans")"
grep -q "^$zed" "$T/s3/bans" && fail "zed's ban is still in node 3's file: $(cat "$T/s3/bans")"
PORT=$PORT1 tls_open zed zed
grep -q '^-!- error banned: you are banned from this room: old$' "$T/zed.out" ||
	fail "zed came in on node 1: $(cat "$T/zed.out")"
tls_close zed

# A ban whose event a node missed (written to Redis by hand here) still
# holds there within seconds, and so does its lifting.
kim=$(make_key kim)
PORT=$PORT2 tls_open kim kim
rcli HSET "$bans" "$kim" "$kim 2026-01-02T03:04:05Z kim op by hand" >/dev/null
wait_grep '^-!- ban kim by op: by hand$' "$T/kim.out" 150 || fail "kim was not told: $(cat "$T/kim.out")"
tls_gone kim || fail "kim is still connected to node 2"
tls_close kim
rcli HDEL "$bans" "$kim" >/dev/null
i=0
while :; do
	PORT=$PORT2 tls_open kim kim
	grep -q '^-!- welcome ' "$T/kim.out" && break
	tls_close kim
	i=$((i + 1))
	[ $i -lt 30 ] || fail "kim is still banned on node 2: $(cat "$T/kim.out")"
	sleep 0.5
done
tls_close kim

# An operator on node 1 kicks and bans by name someone who is on node
# 2 alone: node 2 does it.
max=$(make_key max)
PORT=$PORT2 tls_open max max
tls_say max "/nick max"
wait_grep '^-!- nick [^ ]+ \+?max$' "$T/op.out" || fail "node 1 was not told of max: $(cat "$T/op.out")"
tls_say op "/kick max go"
wait_grep '^-!- kick max by op: go$' "$T/max.out" || fail "max was not kicked: $(cat "$T/max.out")"
tls_gone max || fail "max is still connected after the kick"
wait_grep '^-!- quit max: [0-9]+ online \(kicked by op: go\)$' "$T/op.out" ||
	fail "node 1 was not told of the kick: $(cat "$T/op.out")"
tls_close max
PORT=$PORT2 tls_open max max
tls_say max "/nick max"
# Node 1 knows her again: a second nick notice there.
i=0
until [ "$(grep -Ec '^-!- nick [^ ]+ \+?max$' "$T/op.out")" -ge 2 ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "max is not back: $(cat "$T/op.out")"
	sleep 0.1
done
tls_say op "/ban max flood"
wait_grep '^-!- ban max by op: flood$' "$T/op.out" || fail "node 1 was not told of the ban: $(cat "$T/op.out")"
tls_gone max || fail "max is still connected after the ban"
tls_close max
rcli HGET "$bans" "$max" | grep -Eq "^$max [0-9TZ:-]+ max op flood$" ||
	fail "Redis: $(rcli HGETALL "$bans")"
tls_say op "/kick nobody"
wait_grep '^-!- error no-such-name nobody: ' "$T/op.out" || fail "kicked nobody: $(cat "$T/op.out")"

# Redis stalled: a ban cannot be shared, so the operator is told to try
# again, and it is not made here alone.  (It may still be made when Redis
# wakes: it had been sent.)
ned=$(make_key ned)
PORT=$PORT1 tls_open ned ned
tls_say ned "/nick ned"
wait_grep '^-!- nick [^ ]+ \+?ned$' "$T/op.out" || fail "ned is not in: $(cat "$T/op.out")"
kill -STOP "$REDIS_PID"
tls_say op "/ban ned"
wait_grep '^-!- error cannot-save: the other servers cannot be reached to share the ban; try again later$' \
	"$T/op.out" || { kill -CONT "$REDIS_PID"; fail "the ban during the stall: $(cat "$T/op.out")"; }
grep -q '^-!- ban ned ' "$T/ned.out" && { kill -CONT "$REDIS_PID"; fail "ned was banned here alone"; }
kill -CONT "$REDIS_PID"
wait_grep '^-!- info: the other servers can be reached again' "$T/op.out" 150 ||
	fail "node 1 did not find Redis again: $(cat "$T/op.out")"
tls_close ned

# A plain client's address: banned on node 1 by name, its connection to
# node 2 cut off, and refused there.
cat >"$T/dan.chatc" <<END
login dan dan $PORT1
connect dan2 $PORT2
expect dan2 ^-!- welcome
mark $T/dan-in
expect dan2 ^-!- ban dan by op\$
expect-closed dan2
END
"$CHATC" "$T/dan.chatc" >"$T/dan.out" 2>&1 &
dan=$!
track $dan
wait_file "$T/dan-in" || fail "dan did not log in: $(cat "$T/dan.out")"
tls_say op "/ban dan"
wait $dan || fail "dan's connection to node 2 was not cut off: $(cat "$T/dan.out")"
"$CHATC" <<END || fail "a plain client came in on node 2 from a banned address"
connect p $PORT2
expect p ^-!- error banned: you are banned from this room\$
expect-closed p
END
exit 0
