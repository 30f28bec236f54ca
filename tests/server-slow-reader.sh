#!/bin/sh
# server-slow-reader.sh: a client that never reads is cut off when its
# send queue passes --send-queue; the others get every line, in order,
# and a notice naming the reason.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
# The default queue (1 MiB): enough for readers that keep up with a
# sender running at full speed, not for one that never reads.
start_server --flood 0
pad=$(printf '%0400d' 0)

"$CHATC" -p "$PORT" <<END || fail "a client that never reads"
timeout 30
login s stuck
noread s
login a alice
login b bob
flood a 20000 $pad
expect-seq b <alice> $pad 20000
expect b ^-!- quit stuck: [0-9]+ online \(send queue full\)$
expect a ^-!- quit stuck: [0-9]+ online \(send queue full\)$
send b still here
expect a ^<bob> still here$
END
stop_server || fail "chat-server exited with status $?"
wait_grep 'stuck.*send queue full' "$T/server.log" || fail "the log does not say why"
