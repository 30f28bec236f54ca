#!/bin/sh
# tui-commands.sh: /me, /msg and /nick go to the server and show as what
# they are, //text sends text that starts with a slash, /help lists the
# commands, an unknown command shows the server's error, and /clear
# empties the scrollback.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start

chatc_peer bob <<EOF_
expect bob ^\\* alice waves\$
expect bob ^\\*alice\\* psst\$
expect bob ^<alice> /not a command\$
expect bob ^-!- nick alice \\+?alicia\$
send bob done
EOF_
wait_file "$T/bob.ready" || fail "bob did not log in"

vt <<EOF_ || fail "a command went wrong"
size 80x31
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 2 online'
type /me waves\r
wait '^$TS \\* alice waves$'
type /msg bob psst\r
wait '^$TS -> \\*bob\\* psst$'
type //not a command\r
wait '^$TS <alice> /not a command$'
type /frobnicate\r
wait '^$TS -!- Error: '
type /nick alicia\r
wait-row -2 '\\| alicia \\|'
wait '^$TS <bob> done$'
type /help\r
wait '/quit'
expect '/release \\[NAME\\]'
type /clear\r
wait-gone 'waves|psst|/help|done'
expect-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT \\| alicia'
EOF_
chatc_wait bob
