#!/bin/sh
# server-greet.sh: a newcomer waits for its first byte, or for the end
# of --tls-wait, with park.c's watcher rather than in a thread of its
# own, and a plain client that stays silent is welcomed by the watcher
# and stays parked (peerGreeted).  So a storm of nc-like connections
# starts no thread at all.  20 silent clients: while they wait, and
# once they are welcomed, chat-server runs at most two threads more than
# before they came (the watcher, and a sanitizer's; the spare threads
# were there already), where it used to run one for each of them from
# its connection until a second after its welcome.  A client that speaks first gets its thread at once: it
# is welcomed while the silent ones still wait.  A line from a client
# welcomed quietly reaches the room.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
[ -r /proc/self/status ] || skip "no /proc to count chat-server's threads"
grep -q '^#define HAVE_SYS_EPOLL_H 1' "$top_builddir/config.h" ||
	skip "without epoll, every newcomer has a thread of its own"
# Long enough for the counts below, on a loaded machine too.
start_server --tls-wait 5000

threads() { sed -n 's/^Threads:[[:space:]]*//p' "/proc/$SERVER_PID/status"; }
# The main thread, the admitter and the spare threads (peer.c).
base=$(threads)

# few WHAT MAX: fails unless chat-server runs at most MAX threads, in
# each of 5 looks a tenth of a second apart.
few() {
	for _i in 1 2 3 4 5; do
		_n=$(threads)
		[ "$_n" -le "$2" ] || { tail -5 "$T/server.log" >&2; fail "$1: $_n threads"; }
		sleep 0.1
	done
}

{
	echo "timeout 60"
	for i in $(seq 1 20); do
		echo "connect x$i"
	done
	echo "mark $T/connected"
	echo "wait-file $T/go1"
	# The early speaker: welcomed at once, before any of the 20.
	echo "connect e"
	echo "send e hello from the early speaker"
	echo "expect e ^-!- welcome [^ ]+: 1 online,"
	for i in $(seq 1 20); do
		echo "expect x$i ^-!- welcome [^ ]+: [0-9]+ online,"
	done
	echo "expect e ^-!- join [^ ]+: 21 online\$"
	echo "mark $T/welcomed"
	echo "wait-file $T/go2"
	echo "send x7 hello from a quiet one"
	echo "expect x20 ^<[^>]+> hello from a quiet one\$"
	echo "expect e ^<[^>]+> hello from a quiet one\$"
} >"$T/script"
"$CHATC" -p "$PORT" "$T/script" 2>"$T/chatc.err" &
chatc=$!
track $chatc

wait_file "$T/connected" 300 || { cat "$T/chatc.err" >&2; fail "the clients did not connect"; }
wait_count 20 ' connected$' "$T/server.log" || fail "chat-server did not log 20 connections"
few "20 silent newcomers" $((base + 2))
touch "$T/go1"
wait_file "$T/welcomed" 600 || { cat "$T/chatc.err" >&2; fail "the clients were not welcomed"; }
# The early speaker's thread may not have parked yet.
few "20 clients welcomed quietly" $((base + 3))
touch "$T/go2"
wait $chatc || { cat "$T/chatc.err" >&2; fail "the clients did not get what they should"; }
stop_server || fail "chat-server exited with status $?"
