#!/bin/sh
# server-pass.sh: the room's lines go out in passes (room.c): while one
# reader sends a pass, the lines other readers bring wait for the next,
# so one pass carries many readers' lines.  In rounds, 30 clients talk
# at once, each line a write of its own, until everyone has everything;
# then SIGUSR2 makes the server log its counts, which must show fewer
# passes than batches read.  A relay that sent each reader's lines
# itself would make one pass a batch however the threads ran, round
# after round.  With passes, one pass that took two batches is enough;
# a round nearly always has hundreds, but on a machine too busy to run
# two readers at once one may have none, hence more rounds, up to 10.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
TEST_TIMEOUT=300
N=30 LINES=100 ROUNDS=10
start_server --flood 0

counted=0 r=1
while :; do
	room_talk $N $LINES "r$r" >"$T/script"
	"$CHATC" -p "$PORT" "$T/script" || fail "round $r: not every line reached everyone"
	set -- $(relay_counts $r)
	[ $# -eq 4 ] || fail "no relay counts: $(tail -1 "$T/server.log")"
	echo "round $r: $1 lines, $2 batches, $3 passes" >&2
	[ "$1" -eq $((r * N * LINES)) ] || fail "$1 lines counted, $((r * N * LINES)) sent"
	[ "$3" -lt "$2" ] && break
	[ $r -lt $ROUNDS ] ||
		fail "$3 passes for $2 batches after $r rounds: no pass carried two readers' lines"
	r=$((r + 1))
done

# The same counts at shutdown, as the last line.
stop_server || fail "chat-server exited with status $?"
tail -1 "$T/server.log" | grep -q ": room lines relayed: $1, batches read: $2, passes sent: $3, shared: [0-9]*$" ||
	fail "not the same counts at shutdown: $(tail -1 "$T/server.log")"
