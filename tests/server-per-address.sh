#!/bin/sh
# server-per-address.sh: one address cannot take every place in the room.
# With --limit-loopback (loopback is exempt by default, being everyone on
# the machine), the connection past --max-per-address is refused with one
# line and the others stay; a place freed is a place again.  Without it,
# loopback is not counted.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

start_server --flood 0 --limit-loopback --max-per-address 3
"$CHATC" -p "$PORT" <<'END' || fail "the per-address limit"
login a alice
login b bob
login c carol
connect d
expect d ^-!- error full: too many connections from your address
expect-closed d
send a still here
expect b ^<alice> still here$
close c
expect a ^-!- quit carol
connect e
expect e ^-!- welcome
END
stop_server || fail "chat-server exited with status $?"

start_server --flood 0 --max-per-address 2
{
	for i in 1 2 3 4 5 6; do echo "connect c$i"; echo "expect c$i ^-!- welcome"; done
} | "$CHATC" -p "$PORT" || fail "loopback was counted without --limit-loopback"
stop_server || fail "chat-server exited with status $?"
