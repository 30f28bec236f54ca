#!/bin/sh
# server-spare.sh: a client that needs a thread gets one of the spare
# threads that wait for it (peer.c), not a new one, and a thread whose
# client has gone waits as a spare again.  Three rounds of ten clients,
# 30 in all against 16 spares: each round's clients are welcomed without
# threads (park.c), each takes a name and says a line, which wakes all
# ten, and everyone hears everyone else.  The server's threads, by their
# IDs in /proc, are then the same ones in every round as at the first
# one's welcome: none was created for a client, where it used to be one
# each (one is allowed, for a sanitizer's helper).  Then they quit.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
[ -d /proc/self/task ] || skip "no /proc to list chat-server's threads"
# The newcomers' wait is long beside a thread's last steps after its
# client's "disconnected" (the test's sign that a round is over).
start_server --flood 0 --tls-wait 1000

tids() { ls "/proc/$SERVER_PID/task" | sort; }
N=10
{
	echo "timeout 120"
	for r in 1 2 3; do
		for i in $(seq 1 $N); do
			echo "connect r${r}c$i"
		done
		for i in $(seq 1 $N); do
			echo "expect r${r}c$i ^-!- welcome [^ ]+: [0-9]+ online,"
		done
		echo "mark $T/welcomed$r"
		echo "wait-file $T/go$r"
		# Named, so that each one's lines can be told apart below.
		for i in $(seq 1 $N); do
			echo "send r${r}c$i /nick r${r}c$i"
			echo "expect r${r}c$i ^-!- nick [^ ]+ r${r}c$i\$"
		done
		for i in $(seq 1 $N); do
			echo "send r${r}c$i round 1"
		done
		for i in $(seq 1 $N); do
			for j in $(seq 1 $N); do
				[ $i = $j ] || echo "expect-seq r${r}c$i <r${r}c$j> round 1"
			done
		done
		echo "mark $T/heard$r"
		echo "wait-file $T/quit$r"
		for i in $(seq 1 $N); do
			echo "send r${r}c$i /quit"
			echo "expect-closed r${r}c$i"
		done
		echo "wait-file $T/next$r"
	done
} >"$T/script"
"$CHATC" -p "$PORT" "$T/script" 2>"$T/chatc.err" &
chatc=$!
track $chatc

for r in 1 2 3; do
	wait_file "$T/welcomed$r" 600 || { cat "$T/chatc.err" >&2; fail "round $r: not welcomed"; }
	# Welcomed quietly, they wait with the watcher, whose thread has
	# started with the first welcome; each needs a thread for its /nick.
	[ $r = 1 ] && tids >"$T/before"
	touch "$T/go$r"
	wait_file "$T/heard$r" 600 || { cat "$T/chatc.err" >&2; fail "round $r: lines were lost"; }
	n=$(tids | comm -13 "$T/before" - | grep -c .)
	[ "$n" -le 1 ] || { tail -5 "$T/server.log" >&2; fail "round $r: $n new threads for $N clients"; }
	touch "$T/quit$r"
	wait_count $((r * N)) ' disconnected: ' "$T/server.log" ||
		fail "round $r: the clients' quits were not logged"
	touch "$T/next$r"
done
wait $chatc || { cat "$T/chatc.err" >&2; fail "the clients did not get what they should"; }
stop_server || fail "chat-server exited with status $?"
