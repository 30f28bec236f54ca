#!/bin/sh
# harden-slowloris.sh: twenty clients that each send a byte a second and
# never end a line hold nothing for long: each is told when its line is
# dropped after --line-timeout, then cut off, and their places are free
# again.  Meanwhile the room keeps talking, and a client that has said
# nothing at all, for longer than the line timeout and several keepalive
# rounds, stays connected.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
n=20
# n + 6 places: the n + 2 of the first part stay below the near-full mark
# (max - max / 10), where a client that never ended a line within the
# line timeout makes room for a newcomer; on a busy machine, connecting
# them all can take longer than that.
max=$((n + 6))
start_server --flood 0 --line-timeout 2 --keepalive 1 --max-clients $max

{
	echo "timeout 15"
	echo "login q quiet"
	echo "login a alice"
	i=1
	while [ $i -le $n ]; do echo "connect s$i"; echo "expect s$i ^-!- welcome "; i=$((i + 1)); done
	# A byte a second, never a newline, for 6 seconds.
	for byte in s l o w l o; do
		i=1
		while [ $i -le $n ]; do echo "sendraw s$i $byte"; i=$((i + 1)); done
		echo "send a tick $byte"
		echo "expect q ^<alice> tick $byte\$"
		echo "sleep 1000"
	done
	i=1
	while [ $i -le $n ]; do
		echo "expect s$i ^-!- error timeout 2: line not finished within 2 seconds; it was dropped\$"
		echo "expect-closed s$i"
		i=$((i + 1))
	done
	echo "send q /who"
	echo "expect q ^-!- who 2: quiet alice\$"
	# Their places are free again: the room fills up to --max-clients,
	# with clients that have spoken before the next comes (near full, a
	# silent one would make room).
	i=1
	while [ $i -le $((max - 2)) ]; do
		echo "connect n$i"; echo "expect n$i ^-!- welcome "; echo "send n$i hi $i"
		echo "expect q ^<[^>]*> hi $i\$"
		i=$((i + 1))
	done
	echo "send a still talking"
	echo "expect q ^<alice> still talking\$"
	echo "send q /who"
	echo "expect q ^-!- who $max: quiet alice "
} >"$T/script"
"$CHATC" -p "$PORT" "$T/script" || fail "slowloris"
stop_server || fail "chat-server exited with status $?"
# Counted once the server has stopped: a thread logs its end after it
# has told the room.
[ "$(grep -c 'disconnected: timed out' "$T/server.log")" -eq $n ] ||
	fail "not every slow client was cut off"
