#!/bin/sh
# server-park.sh: idle clients give their threads up (park.c).  With 20
# clients quiet for a second or more, chat-server runs at most two
# threads more than before they came (the watcher, and a sanitizer's;
# the spare threads of peer.c were there already, and threads that
# served a client wait with them again), where it used to run one a
# client.  Then each gets a thread again when
# it is needed: a line from a parked client reaches the others; a parked
# client that does not read is flooded until its socket is full, which
# parks the send token with it, and gets every line once it reads; the
# server's shutdown reaches clients that were parked.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
[ -r /proc/self/status ] || skip "no /proc to count chat-server's threads"
grep -q '^#define HAVE_SYS_EPOLL_H 1' "$top_builddir/config.h" ||
	skip "without epoll, idle clients keep their threads"
start_server --flood 0

threads() { sed -n 's/^Threads:[[:space:]]*//p' "/proc/$SERVER_PID/status"; }
# The main thread, the admitter and the spare threads (peer.c).
base=$(threads)

# parked: waits (up to 20 s) until chat-server runs at most base + 2 threads.
parked() {
	_i=0
	while [ "$(threads)" -gt $((base + 2)) ]; do
		if [ $_i -ge 200 ]; then
			tail -20 "$T/server.log" >&2
			fail "$1: still $(threads) threads for 20 idle clients"
		fi
		sleep 0.1; _i=$((_i + 1))
	done
}

{
	echo "timeout 30"
	echo "login a alice"
	echo "login b bob"
	echo "login c carol"
	for i in $(seq 1 17); do
		echo "connect x$i"
		echo "expect x$i ^-!- welcome "
	done
	echo "expect a ^-!- join [^ ]+: 20 online\$"
	echo "mark $T/idle1"
	echo "wait-file $T/go1"
	# bob's thread comes back for his line, and everyone else's for it.
	echo "send b hello from a parked client"
	echo "expect a ^<bob> hello from a parked client\$"
	echo "expect x17 ^<bob> hello from a parked client\$"
	echo "noread c"
	echo "mark $T/idle2"
	echo "wait-file $T/go2"
	# carol, parked and not reading, is sent more than her socket takes.
	echo "flood a 3000 a line that carol has to wait for, padded to about eighty bytes"
	echo "drain a"
	echo "sleep 300"
	echo "read c"
	echo "expect-seq c <alice> a line that carol has to wait for, padded to about eighty bytes 3000"
	echo "mark $T/idle3"
	echo "wait-file $T/go3"
	echo "expect x1 ^-!- shutdown: server is shutting down\$"
	echo "expect-closed x1"
	echo "expect c ^-!- shutdown: server is shutting down\$"
	echo "expect-closed c"
} >"$T/script"
"$CHATC" -p "$PORT" "$T/script" 2>"$T/chatc.err" &
chatc=$!
track $chatc

step() {
	wait_file "$T/idle$1" 300 || { cat "$T/chatc.err" >&2; fail "step $1 did not come"; }
	parked "step $1"
	touch "$T/go$1"
}
step 1
step 2
step 3
kill -TERM "$SERVER_PID"
wait $chatc || { cat "$T/chatc.err" >&2; fail "the clients did not get what they should"; }
wait "$SERVER_PID" || fail "chat-server exited with status $?"
