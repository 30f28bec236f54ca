#!/bin/sh
# harden-rst.sh: clients that crash mid-write (half a line, or a whole one
# and half the next, then RST instead of FIN) never crash the server: the
# room loses nothing of what was complete, sees no half line, and goes on.
. "$srcdir/tests/lib.sh"
RST=$top_builddir/tests/rst
[ -x "$RST" ] || fail "$RST was not built"
# Joins and quits are not announced with more than one online, so that
# bob sees nothing but the lines.
start_server --flood 0 --history 0 --announce-max 1

{
	echo "timeout 20"
	echo "login a alice"
	echo "login b bob"
	echo "mark $T/ready"
	i=1
	while [ $i -le 50 ]; do
		echo "next b ^<127\\.0\\.0\\.1:[0-9]+> whole $i\$"
		i=$((i + 1))
	done
	echo "send a after the crashes"
	echo "next b ^<alice> after the crashes\$"
	echo "expect-none b 200 half"
} >"$T/room.chatc"
"$CHATC" -p "$PORT" "$T/room.chatc" >"$T/room.out" 2>&1 &
room=$!
track $room
wait_file "$T/ready" || { cat "$T/room.out" >&2; fail "the room did not gather"; }

"$RST" "$PORT" 100 'half a li' || fail "rst (half a line)"
i=1
while [ $i -le 50 ]; do
	"$RST" "$PORT" 1 "whole $i\\nhalf of the next" || fail "rst (whole $i)"
	i=$((i + 1))
done
# A long half line, bigger than the socket buffers, reset mid-way.
big=$(printf '%03000d' 0)
"$RST" "$PORT" 20 "$big$big$big" || fail "rst (a long half line)"
wait $room || { cat "$T/room.out" >&2; fail "the room lost something"; }
kill -0 "$SERVER_PID" || fail "chat-server died"
stop_server || fail "chat-server exited with status $?"
