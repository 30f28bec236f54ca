#!/bin/sh
# tui-serve.sh: --serve starts chat-server, joins it, lets others join,
# and stops it when chat-tui quits; a server that dies is reaped, said,
# and started again once.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_loopback
need_vtrun

cat >"$T/carol.chatc" <<EOF_
login carol carol
send carol hello host
expect carol ^<alice> welcome carol\$
EOF_

# Port 0: the server picks a free port, and the status bar shows it.
vt <<EOF_ || fail "--serve went wrong"
size 80x24
spawn $TUI --serve --nick alice 127.0.0.1 0
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:[1-9][0-9]* \\| alice \\| 1 online'
capture '127\\.0\\.0\\.1:([0-9]+)' $T/port
sh $CHATC -p \$(cat $T/port) $T/carol.chatc >$T/carol.out 2>&1 &
wait '^$TS <carol> hello host$'
type welcome carol\r
wait 'carol left'
type /quit\r
expect-exit 0
expect-restored
expect-alone
EOF_
port=$(cat "$T/port")
printf 'connect late\n' | "$CHATC" -p "$port" 2>/dev/null &&
	fail "something still listens on port $port"

# The hosted server killed: chat-tui says so and why, reaps it (no
# zombie), starts it again on the same port and reconnects; killed
# again at once, it gives up with status 69 instead of looping.
mkdir -p "$T/tmp"
vt <<EOF_ || fail "--serve did not survive its server being killed"
size 100x24
env TMPDIR=$T/tmp
spawn $TUI --serve --nick alice 127.0.0.1 0
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:[1-9][0-9]* \\| alice'
capture '127\\.0\\.0\\.1:([0-9]+)' $T/port3
sh pgrep -f '[c]hat-server --quiet --port-file $T/tmp/' >$T/pid1
sh kill -9 \$(cat $T/pid1)
wait 'The room hosted here stopped: chat-server killed by signal 9'
wait 'Restarted it on port [0-9]+'
sh ! kill -0 \$(cat $T/pid1) 2>/dev/null
wait 'Reconnected after' 20000
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:[1-9][0-9]* \\| alice'
sh pgrep -f "[c]hat-server --quiet 127.0.0.1 \$(cat $T/port3)" >$T/pid2
sh kill -9 \$(cat $T/pid2)
expect-exit 69
EOF_
grep -aq 'stopped again (killed by signal 9' "$T/raw" || fail "giving up was not explained"
# The restart once named /dev/null as its port file, which chat-server
# replaces by rename(): as root, /dev/null became a regular file.
[ -c /dev/null ] || fail "/dev/null is no longer a device"
exit 0
