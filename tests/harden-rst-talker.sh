#!/bin/sh
# harden-rst-talker.sh: clients that send a whole line and half the next
# and then reset, while another client keeps talking, never get the half
# line relayed as a whole one.  The talker's relay into a reset socket
# takes the socket's error (ECONNRESET), so the crashed client's own
# thread reads a clean EOF; only the dead mark set by that relay tells
# the reset from a normal close.  Without it, about one reset in ten let
# a half line through on an idle 2-core machine.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
RST=$top_builddir/tests/rst
[ -x "$RST" ] || fail "$RST was not built"
rounds=4
resets=1000
log=$T/room.log
# Each of the 4000 connections waits for its welcome: no wait for TLS.
start_server --flood 0 --history 0 --announce-max 1 --tls-wait 0 --log "$log"
r=1
while [ $r -le $rounds ]; do
	"$RST" -t "$PORT" $resets "whole $r\\nhalf of the next" ||
		fail "rst (round $r)"
	r=$((r + 1))
done
kill -0 "$SERVER_PID" || fail "chat-server died"
stop_server || fail "chat-server exited with status $?"

# The log is the room: everything relayed, one write(2) a line.
talked=$(grep -c '> talk [0-9]*$' "$log")
[ "$talked" -eq $((rounds * resets)) ] ||
	fail "the talker was heard $talked times, not $((rounds * resets))"
grep -q '> whole 1$' "$log" || fail "no whole line of a crashed client was relayed"
half=$(grep -c 'half' "$log")
[ "$half" -eq 0 ] || fail "$half half lines of $((rounds * resets)) resets were relayed as whole"
