#!/bin/sh
# server-line-timeout.sh: slowloris.  An unfinished line older than
# --line-timeout is dropped and its sender told; a second one in a row
# cuts the sender off.  A silent client stays connected.
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
