#!/bin/sh
# tui-serve.sh: --serve starts chat-server, joins it, lets others join,
# and stops it when chat-tui quits.
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
exit 0
