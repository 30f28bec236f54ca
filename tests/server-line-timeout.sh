#!/bin/sh
# server-line-timeout.sh: slowloris.  An unfinished line older than
# --line-timeout is dropped and its sender told; a second one in a row
# cuts the sender off, also when the line is already too long and is
# being thrown away.  A silent client stays connected.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
start_server --flood 0 --line-timeout 1

"$CHATC" -p "$PORT" <<'END' || fail "line timeout"
login a alice
login b bob
login c quiet
sendraw a never finis
expect a ^-!- error timeout 1: 
# The rest of the dropped line goes too.
sendraw a hed\n
send a fine
expect b ^<alice> fine$
expect-none b 100 finis|hed
# One byte at a time, never a newline.
sendraw a s
sleep 300
sendraw a l
expect a ^-!- error timeout 1: 
sendraw a o
sleep 300
sendraw a w
expect-closed a
expect b ^-!- quit alice: 2 online \(timed out\)$
# quiet said nothing all along, and is still here.
send b /who
expect b ^-!- who 2: bob quiet$
send b hello quiet
expect c ^<bob> hello quiet$
END
stop_server || fail "chat-server exited with status $?"

# Past --max-line the rest of a line is thrown away as it comes, but its
# time still counts: a client trickling bytes after an overlong start is
# timed out like any other.
start_server --flood 0 --line-timeout 1 --max-line 16
long=$(printf 'x%.0s' $(seq 40))
{
	echo "login a alice"
	echo "login b bob"
	echo "sendraw a $long"
	echo "expect a ^-!- error too-long"
	for i in $(seq 12); do echo "sendraw a y"; echo "sleep 200"; done
	echo "expect a ^-!- error timeout 1: "
	for i in $(seq 12); do echo "sendraw a z"; echo "sleep 200"; done
	echo "expect-closed a"
	echo "expect b ^-!- quit alice: 1 online \\(timed out\\)\$"
} | "$CHATC" -p "$PORT" || fail "an overlong line trickled on was never timed out"
stop_server || fail "chat-server exited with status $?"
