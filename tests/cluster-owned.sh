#!/bin/sh
# cluster-owned.sh: a name owned by a key is owned on every node: ada
# takes it on node 1, and while she is away another key and a plain
# client are refused it on node 2; the verified mark is the same in /who
# and the notices of both nodes; /release on one node frees it on the
# other, and an operator's on the other; a node that joins with a names
# file of its own moves its bindings to Redis, keeping (and logging) one
# that another key holds there; a look-alike of a name on the other node
# is refused; while Redis is stalled, names are neither given nor given
# back.
# SPDX-License-Identifier: GPL-3.0-or-later
TEST_TIMEOUT=120
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/cluster-lib.sh"
need_tls
need openssl
ada=$(make_key ada)
eve=$(make_key eve)
op=$(make_key op)
zed=$(make_key zed)
owners='chat:{chat}:owners'

start_redis
start_node 1 --state-dir "$T/s1" --tls-wait 3000
start_node 2 --state-dir "$T/s2" --tls-wait 3000 --op "$op"

# A watcher on node 2 sees ada come, verified, in the notice and /who.
PORT=$PORT2 tls_open w
PORT=$PORT1 tls_open ada ada
tls_say ada "/nick ada"
wait_grep '^-!- nick .* \+ada$' "$T/ada.out" || fail "ada could not take ada: $(cat "$T/ada.out")"
[ "$(rcli HGET "$owners" ada)" = "$ada" ] || fail "Redis, after ada took ada: $(rcli HGETALL "$owners")"
wait_grep '^-!- nick [^ ]+ \+ada$' "$T/w.out" || fail "node 2 was not told ada is verified: $(cat "$T/w.out")"
tls_say w "/who"
wait_grep '^-!- who 2: .*\+ada' "$T/w.out" || fail "node 2's /who: $(cat "$T/w.out")"
tls_close ada
wait_grep '^-!- quit ada' "$T/w.out" || fail "ada did not leave"

# ada is away: eve's key and a plain client are refused on node 2.
PORT=$PORT2 tls_open eve eve
tls_say eve "/nick ada"
wait_grep '^-!- error name-owned ada: that name belongs to another key$' "$T/eve.out" ||
	fail "eve was not refused ada on node 2: $(cat "$T/eve.out")"
"$CHATC" -p "$PORT2" <<END || fail "a plain client took ada on node 2"
connect p
send p /nick ADA
expect p ^-!- error name-owned ADA: that name belongs to another key\$
END
[ "$(rcli HGET "$owners" ada)" = "$ada" ] || fail "the binding changed: $(rcli HGETALL "$owners")"

# ada on node 2 is verified there, and on node 1 too.
PORT=$PORT1 tls_open v
PORT=$PORT2 tls_open ada ada
tls_say ada "/nick ada"
wait_grep '^-!- nick .* \+ada$' "$T/ada.out" || fail "ada could not take ada on node 2: $(cat "$T/ada.out")"
wait_grep '^-!- nick [^ ]+ \+ada$' "$T/v.out" || fail "node 1 was not told ada is verified: $(cat "$T/v.out")"
tls_close ada
wait_grep '^-!- quit ada' "$T/v.out" || fail "ada did not leave node 2"

# /release on node 1 frees it on node 2; her holding it there is
# unmarked on node 2 too.
PORT=$PORT1 tls_open ada ada
tls_say ada "/nick ada"
wait_grep '^-!- nick .* \+ada$' "$T/ada.out" || fail "ada is not back: $(cat "$T/ada.out")"
: >"$T/w.out.mark"
tls_say ada "/release"
wait_grep '^-!- info: ada belongs to nobody now$' "$T/ada.out" || fail "no release: $(cat "$T/ada.out")"
[ -z "$(rcli HGET "$owners" ada)" ] || fail "still in Redis: $(rcli HGETALL "$owners")"
wait_grep '^-!- nick ada ada$' "$T/w.out" || fail "node 2 still shows ada verified: $(cat "$T/w.out")"
tls_close ada
wait_grep '^-!- quit ada' "$T/v.out" || fail "ada did not leave"
# eve has seen ada's renames to +ada: once ada's quit is there too, a
# line after them is eve's own.
wait_grep '^-!- quit ada' "$T/eve.out" || fail "eve did not see ada leave"
n=$(wc -l <"$T/eve.out")
tls_say eve "/nick ada"
wait_grep_after "$n" '^-!- nick [^ ]+ \+ada$' "$T/eve.out" ||
	fail "eve could not take the freed ada: $(cat "$T/eve.out")"
[ "$(rcli HGET "$owners" ada)" = "$eve" ] || fail "Redis, after eve took ada: $(rcli HGETALL "$owners")"
tls_say eve "/nick eve"
wait_grep '^-!- nick ada \+eve$' "$T/eve.out" || fail "eve: $(cat "$T/eve.out")"

# An operator on node 2 frees a name taken on node 1.
PORT=$PORT2 tls_open op op
tls_say op "/release ada"
wait_grep '^-!- free ada by ' "$T/op.out" || fail "the operator did not free ada: $(cat "$T/op.out")"
[ -z "$(rcli HGET "$owners" ada)" ] || fail "still in Redis: $(rcli HGETALL "$owners")"
"$CHATC" -p "$PORT1" <<END || fail "a plain client could not take the freed ada on node 1"
connect p
send p /nick ada
expect p ^-!- nick [^ ]+ ada\$
END

# A node with a names file of its own: zed's binding moves to Redis; a
# binding of eve (owned by eve's key there) that another key holds in
# Redis stays in the file, logged.
mkdir -p "$T/s3"
printf 'zed %s\neve %s\n' "$zed" "$ada" >"$T/s3/names"
start_node 3 --state-dir "$T/s3" --tls-wait 3000
[ "$(rcli HGET "$owners" zed)" = "$zed" ] || fail "zed was not merged: $(rcli HGETALL "$owners")"
[ "$(rcli HGET "$owners" eve)" = "$eve" ] || fail "eve's binding was overwritten: $(rcli HGETALL "$owners")"
grep -q "eve belongs to $ada in this server's names file, but to $eve in the cluster" "$T/node3.log" ||
	fail "the conflict was not logged: $(cat "$T/node3.log")"
grep -q "^zed " "$T/s3/names" && fail "zed is still in node 3's file: $(cat "$T/s3/names")"
grep -qx "eve $ada" "$T/s3/names" || fail "the conflict left the file: $(cat "$T/s3/names")"
"$CHATC" -p "$PORT1" <<END || fail "a plain client took zed on node 1"
connect p
send p /nick zed
expect p ^-!- error name-owned zed:
END

# The look-alike check sees the other node's names too.
"$CHATC" <<END || fail "a look-alike of a name on node 1 was given on node 2"
login b bob $PORT2
login a bill $PORT1
expect b ^-!- nick [^ ]+ bill\$
send b /nick bi1l
expect b ^-!- error name-taken bi1l: that name looks like one in use\$
END

# Redis stalled: nothing owned can be checked or given back, so nothing
# is given; both are refused as something to try again.
tls_say eve "/nick eve"
kill -STOP "$REDIS_PID"
tls_say eve "/release"
"$CHATC" -p "$PORT1" <<END || { kill -CONT "$REDIS_PID"; fail "a name was given while Redis was stalled"; }
connect p
send p /nick zed
expect p ^-!- error name-taken zed: names cannot be checked with the other servers now; try again later\$
END
wait_grep '^-!- error not-saved eve: names cannot be checked with the other servers now; try again later$' \
	"$T/eve.out" || { kill -CONT "$REDIS_PID"; fail "eve's /release: $(cat "$T/eve.out")"; }
kill -CONT "$REDIS_PID"
# (The stalled /release may still be done when Redis wakes: it had been
# sent.  Either way the name is checked again once Redis answers.)
wait_grep '^-!- info: the other servers can be reached again' "$T/eve.out" 150 ||
	fail "node 2 did not find Redis again: $(cat "$T/eve.out")"
"$CHATC" -p "$PORT1" <<END || fail "zed was not checked once Redis was back"
connect p
send p /nick zed
expect p ^-!- error name-owned zed:
END
exit 0
