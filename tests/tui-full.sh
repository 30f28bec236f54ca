#!/bin/sh
# tui-full.sh: a server that is full refuses chat-tui.  That is not a
# connection: no "Reconnected after", no "Disconnected", never
# "connected" in the status bar; the refusals are one entry that counts
# them, with a growing wait between tries; once there is room, chat-tui
# gets in.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun
start_server --max-clients 1

chatc_bg ghost <<EOF_
login ghost ghost
mark $T/ghost.ready
expect ghost ^-!- join alice
EOF_
wait_file "$T/ghost.ready" || fail "the ghost did not log in"
echo "$_chatc_ghost" >"$T/ghost.pid"

vt <<EOF_ || fail "the full server went wrong"
size 100x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait '^$TS -!- The room is full: refused 3 times; trying again later\\.$' 8000
expect-count 'room is full' 1
expect-gone 'Reconnected|Disconnected|Welcome'
expect-row -2 '^ ?reconnecting in [0-9]+s \\|'
sh kill $(cat $T/ghost.pid)
wait-row -2 '^ ?connected \\| .* \\| alice \\| 1 online \\| TLS$' 15000
expect-count 'room is full' 1
EOF_
exit 0
