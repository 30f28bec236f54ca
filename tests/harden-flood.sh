#!/bin/sh
# harden-flood.sh: a client that floods lines is slowed down by
# backpressure: the server stops reading it (its lines wait in the
# kernel's receive queue, see ss(8)), none of its lines is dropped, and
# another client's line gets past the flood instead of queueing behind it.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need ss
start_server --flood 500 --flood-burst 10
pad=$(printf '%0100d' 0)
n=2000

cat >"$T/flood.chatc" <<END
timeout 20
login a alice
login b bob
login c carol
flood a $n $pad
# A second flooder, at the same time.
flood b 200 bob
expect c ^<alice> $pad [0-9]+\$
send c meanwhile
# carol's line overtakes the flood: alice's last line comes after it.
expect b ^<carol> meanwhile\$
expect b ^<alice> $pad $n\$
END
# Then nothing is missing, for either flooder.
cat >"$T/check.chatc" <<END
timeout 20
login d dave
mark $T/dave.ready
expect-seq d <alice> $pad $n
expect-seq d <bob> bob 200
END
"$CHATC" -p "$PORT" "$T/check.chatc" >"$T/check.out" 2>&1 &
check=$!
track $check
wait_file "$T/dave.ready" || fail "dave did not log in"
# While alice floods, the server leaves her bytes in its receive queue.
# Sample the queues from before the flood starts until it has ended, so
# that a test slowed down by load cannot look too late.
recvq() {
	ss -Htn state established "( sport = :$PORT )" |
		awk 'BEGIN { m = 0 } $1 > m { m = $1 } END { print m }'
}
while :; do recvq; sleep 0.05; done >"$T/recvq" &
sampler=$!
track $sampler
"$CHATC" -p "$PORT" "$T/flood.chatc" >"$T/flood.out" 2>&1 &
flood=$!
track $flood
wait $flood || { cat "$T/flood.out" >&2; fail "the flood went wrong"; }
kill $sampler
max=$(sort -n "$T/recvq" | tail -1)
echo "Recv-Q at most $max" >&2
[ "${max:-0}" -gt 65536 ] || fail "the server kept reading the flood (Recv-Q at most ${max:-0})"
wait $check || { cat "$T/check.out" >&2; fail "lines of the flood were lost"; }
stop_server || fail "chat-server exited with status $?"
