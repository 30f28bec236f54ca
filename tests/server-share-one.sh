#!/bin/sh
# server-share-one.sh: a pass of a single line goes out from one thread,
# however large the room (room.c, SHARE_LINES).  While a room keeps up,
# its lines come one at a time, and a helper woken for each of them only
# takes a CPU from the readers and the clients: at 100 clients sending
# 10 lines a second that made the slowest deliveries (p99) about twice
# as slow.  Here one of 40 clients says 40 lines, each only once the
# last client has had the one before, so that every read, and every
# pass, is one line; SIGUSR2's counts must then show no pass shared.  A
# server that shared every pass to 32 clients or more shows some in
# nearly every line.  With one CPU there is no helper to keep out.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
TEST_TIMEOUT=120
[ "$(nproc)" -ge 2 ] || skip "one CPU: chat-server starts no helper"
N=40 LINES=40
start_server --flood 0

{
	echo "timeout 60"
	chatc_logins $N c n
	j=1
	while [ $j -le $LINES ]; do
		echo "send c1 l $j"
		echo "expect c$N ^<n1> l $j\$"
		j=$((j + 1))
	done
	i=2
	while [ $i -lt $N ]; do echo "expect-seq c$i <n1> l $LINES"; i=$((i + 1)); done
} >"$T/script"
"$CHATC" -p "$PORT" "$T/script" || fail "not every line reached everyone in order"
set -- $(relay_counts 1)
[ $# -eq 4 ] || fail "no relay counts: $(tail -1 "$T/server.log")"
echo "$1 lines, $2 batches, $3 passes, $4 shared" >&2
[ "$1" -eq $LINES ] || fail "$1 lines counted, $LINES sent"
[ "$3" -eq $LINES ] || fail "$3 passes for $LINES lines said one at a time"
[ "$4" -eq 0 ] || fail "$4 of $3 passes of one line were shared with the helper"
stop_server || fail "chat-server exited with status $?"
