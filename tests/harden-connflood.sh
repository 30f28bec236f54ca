#!/bin/sh
# harden-connflood.sh: a flood of connections meets --max-clients: each
# newcomer past the limit gets one clear refusal line and is closed,
# those inside keep chatting, and the places come back when they leave.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
max=20
extra=200
start_server --flood 0 --history 0 --max-clients $max

{
	echo "timeout 20"
	echo "login a alice"
	echo "login b bob"
	i=3
	while [ $i -le $max ]; do echo "connect m$i"; echo "expect m$i ^-!- welcome "; i=$((i + 1)); done
	i=1
	while [ $i -le $extra ]; do echo "connect x$i"; i=$((i + 1)); done
	i=1
	while [ $i -le $extra ]; do
		echo "next x$i ^-!- error full: the server is full; try again later\$"
		echo "expect-closed x$i"
		i=$((i + 1))
	done
	echo "send a through the flood"
	echo "expect b ^<alice> through the flood\$"
	echo "send b /who"
	echo "expect b ^-!- who $max: alice bob "
	# Half of them leave; as many newcomers get in, and no more.
	i=3
	while [ $i -le $((max / 2 + 2)) ]; do echo "send m$i /quit"; echo "expect-closed m$i"; i=$((i + 1)); done
	echo "send b /who"
	echo "expect b ^-!- who $((max / 2)): "
	# A place comes back when the thread that held it has ended, just
	# after its socket is closed.
	i=1
	while [ $i -le $((max / 2)) ]; do echo "connect-until y$i ^-!- welcome "; i=$((i + 1)); done
	echo "connect z"
	echo "next z ^-!- error full: "
	echo "send b still here"
	echo "expect a ^<bob> still here\$"
} >"$T/script"
"$CHATC" -p "$PORT" "$T/script" || fail "connection flood"
stop_server || fail "chat-server exited with status $?"
# Counted once the server has stopped: a refusal is logged just after
# the socket is closed.  At least: connect-until may have been refused
# too, while a place was still held by a thread on its way out.
[ "$(grep -c 'refused: the server is full' "$T/server.log")" -ge $((extra + 1)) ] ||
	fail "the refusals are not all logged"
