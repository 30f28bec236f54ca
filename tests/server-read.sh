#!/bin/sh
# server-read.sh: a reader takes what a client sent in reads of up to
# 16 kB (frame.c), and each read's lines go to the room as one batch
# (room.c), so a client that sends fast costs the room few passes.  A
# client writes 190 lines of 64 bytes, 12 kB, at once; another gets them
# all, in order; SIGUSR2's counts then show them read in at most two
# batches, where reads of 4 kB took at least three.  The kernel may
# hand the 12 kB over in pieces on a busy machine, hence up to five
# rounds, of which one is enough.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
start_server --flood 0

text=$(printf '%057d' 0)
set -- $(relay_counts 1)
[ $# -eq 4 ] || fail "no relay counts: $(tail -1 "$T/server.log")"
lines=$1 batches=$2
r=1
while :; do
	{
		echo "timeout 60"
		echo "login a$r ada$r"
		echo "login b$r bob$r"
		echo "flood a$r 190 $text"
		echo "expect-seq b$r <ada$r> $text 190"
	} >"$T/script"
	"$CHATC" -p "$PORT" "$T/script" || fail "round $r: bob did not get ada's 190 lines in order"
	set -- $(relay_counts $((r + 1)))
	[ "$1" -eq $((lines + 190)) ] || fail "round $r: $(($1 - lines)) lines counted, 190 sent"
	echo "round $r: 190 lines in $(($2 - batches)) batches" >&2
	[ $(($2 - batches)) -le 2 ] && break
	[ $r -lt 5 ] || fail "190 lines written at once were read in $(($2 - batches)) batches"
	lines=$1 batches=$2 r=$((r + 1))
done
stop_server || fail "chat-server exited with status $?"
