#!/bin/sh
# server-order.sh: what one client does reaches the others in the order
# it did it, whoever sends the room's passes (room.c).  In a room of 60
# listeners, where each pass takes a while, 2 clients flood 600 kB each,
# so that a pass is nearly always under way; once the flood reaches a,
# a sends room line k and then a private message k to b, 20 times in
# one write, and b must get each room line before the private message
# after it; 5 rounds.  A reader that went back to its socket while its
# line still waited for someone else's pass sent the private messages
# first whenever its write came during a pass: 4 runs of 5 failed.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
TEST_TIMEOUT=180
N=60 FLOOD=3000 K=20 ROUNDS=5
LONG=$(printf '%0200d' 0)
start_server --flood 0 --max-clients $((N + 10))

{
	echo "timeout 30"
	chatc_logins $N l l
	echo "login f1 f1"
	echo "login f2 f2"
	echo "login a a"
	echo "login b b"
	r=1
	while [ $r -le $ROUNDS ]; do
		echo "flood f1 $FLOOD $LONG r$r"
		echo "flood f2 $FLOOD $LONG r$r"
		echo "expect a ^<f1> $LONG r$r 300\$"
		k=1 both=
		while [ $k -le $K ]; do
			both="$both""room $r $k\\n/msg b priv $r $k\\n"
			k=$((k + 1))
		done
		echo "sendraw a $both"
		k=1
		while [ $k -le $K ]; do
			echo "expect b ^<a> room $r $k\$"
			echo "expect b ^\\*a\\* priv $r $k\$"
			k=$((k + 1))
		done
		echo "expect-seq l1 <f1> $LONG r$r $FLOOD"
		echo "expect-seq l1 <f2> $LONG r$r $FLOOD"
		r=$((r + 1))
	done
} >"$T/script"
"$CHATC" -p "$PORT" "$T/script" || fail "b did not get a's room lines and private messages in a's order"
stop_server || fail "chat-server exited with status $?"
