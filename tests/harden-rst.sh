#!/bin/sh
# harden-rst.sh: clients that crash mid-write (half a line, or a whole one
# and half the next, then RST instead of FIN) never crash the server: the
# room loses nothing of what was complete, sees no half line, and goes on.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
RST=$top_builddir/tests/rst
[ -x "$RST" ] || fail "$RST was not built"
log=$T/room.log
# Joins and quits are not announced with more than one online, so that
# the log holds nothing but the lines.
# Each of the 170 connections waits for its welcome: no wait for TLS.
start_server --flood 0 --history 0 --announce-max 1 --tls-wait 0 --log "$log"

# bob listens through the crashes, until alice speaks after them.
cat >"$T/room.chatc" <<END
timeout 30
login b bob
mark $T/ready
expect b ^<alice> after the crashes\$
END
"$CHATC" -p "$PORT" "$T/room.chatc" >"$T/room.out" 2>&1 &
room=$!
track $room
wait_file "$T/ready" || { cat "$T/room.out" >&2; fail "bob did not log in"; }

"$RST" "$PORT" 100 'half a li' || fail "rst (half a line)"
i=1
while [ $i -le 50 ]; do
	"$RST" "$PORT" 1 "whole $i\\nhalf of the next" || fail "rst (whole $i)"
	i=$((i + 1))
done
# A long half line, bigger than the socket buffers, reset mid-way.
big=$(printf '%03000d' 0)
"$RST" "$PORT" 20 "$big$big$big" || fail "rst (a long half line)"
"$CHATC" -p "$PORT" <<'END' || fail "alice could not speak after the crashes"
login a alice
send a after the crashes
close a
END
wait $room || { cat "$T/room.out" >&2; fail "bob did not hear alice"; }
kill -0 "$SERVER_PID" || fail "chat-server died"
stop_server || fail "chat-server exited with status $?"

# The log is the room.  Each crashed client has its own thread, so the
# whole lines may come in any order: check them as a set.
i=1
while [ $i -le 50 ]; do
	n=$(grep -c "^[^ ]* #[0-9]* <127\\.0\\.0\\.1:[0-9]*> whole $i\$" "$log")
	[ "$n" -eq 1 ] || fail "whole $i was relayed $n times"
	i=$((i + 1))
done
grep -q half "$log" && fail "a half line was relayed: $(grep half "$log" | head -1)"
grep -q 000000 "$log" && fail "a long half line was relayed"
[ "$(wc -l <"$log")" -eq 51 ] || fail "the log has other lines: $(cat "$log")"
