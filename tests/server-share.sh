#!/bin/sh
# server-share.sh: a pass to a large room is sent by two threads, its
# sender and the helper (room.c), each taking recipients a few at a
# time, and every recipient still gets every line, in order.  In rounds,
# 40 clients talk at once, each line a write of its own, until everyone
# has everything; then SIGUSR2 makes the server log its counts, which
# must show passes shared with the helper.  A server that sent each pass
# from one thread would show none, however long it ran.  A round nearly
# always has many; on a machine too busy to run the helper while a pass
# goes out one may have none, hence more rounds, up to 10.  The helper
# needs a second CPU: with one (nproc counts those this process may
# use), there is nothing to test.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
TEST_TIMEOUT=300
[ "$(nproc)" -ge 2 ] || skip "one CPU: chat-server starts no helper"
N=40 LINES=50 ROUNDS=10
start_server --flood 0

r=1
while :; do
	room_talk $N $LINES "r$r" >"$T/script"
	"$CHATC" -p "$PORT" "$T/script" || fail "round $r: not every line reached everyone in order"
	set -- $(relay_counts $r)
	[ $# -eq 4 ] || fail "no shared count: $(tail -1 "$T/server.log")"
	set -- "$1" "$3" "$4"	# lines, passes, shared
	echo "round $r: $(grep ': room lines relayed: ' "$T/server.log" | tail -1)" >&2
	[ "$1" -eq $((r * N * LINES)) ] || fail "$1 lines counted, $((r * N * LINES)) sent"
	[ "$3" -le "$2" ] || fail "$3 passes shared of $2"
	[ "$3" -gt 0 ] && break
	[ $r -lt $ROUNDS ] || fail "none of $2 passes to $N clients shared after $r rounds"
	r=$((r + 1))
done
stop_server || fail "chat-server exited with status $?"
