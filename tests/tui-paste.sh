#!/bin/sh
# tui-paste.sh: a bracketed paste of several lines sends each line as a
# message, and a pasted "/quit" is text, never a command; a paste without
# a line break lands on the input line; more than --paste-max lines wait
# for Enter, and the lines not taken yet are counted.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start

chatc_peer bob <<EOF_
expect bob ^<alice> line one\$
next bob ^<alice> /quit\$
next bob ^<alice> line three\$
next bob ^<alice> typed pasted\$
EOF_
wait_file "$T/bob.ready" || fail "bob did not log in"

vt <<EOF_ || fail "the paste went wrong"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 2 online'
expect-modes paste
paste line one\n/quit\nline three\n
wait '^$TS <alice> line three$'
expect '^$TS <alice> /quit$'
expect-row -1 '^>$'
type typed\x20
paste pasted
wait-row -1 '^> typed pasted$'
type \r
wait '^$TS <alice> typed pasted$'
expect-row -2 '^ ?connected'
EOF_
chatc_wait bob
stop_server || fail "chat-server exited with status $?"

# More than --paste-max lines (10 by default) wait for Enter, or go with
# Escape; under the server's flood limit (10 a second, a burst of 20)
# the status bar counts the lines it has not taken yet.
start_server
many=$(i=1; while [ $i -le 30 ]; do printf 'p%d\\n' $i; i=$((i + 1)); done)
chatc_peer carol <<EOF_
timeout 30
expect carol ^-!- nick .* \\+?alice\$
expect-seq carol <alice> p 30
next carol ^<alice> after the drop\$
EOF_
wait_file "$T/carol.ready" || fail "carol did not log in"
vt <<EOF_ || fail "a long paste was not confirmed"
size 100x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 2 online'
paste $many
wait '-!- Send the 30 pasted lines\\? Enter sends them, Escape or Ctrl-C drops them\\.\$'
expect-gone '<alice> p1\$'
key enter
wait-row -2 '\\| [0-9]+ lines waiting'
wait '<alice> p30\$' 10000
wait-row -2 '\\| 2 online \\| TLS\$' 10000
paste a\\nb\\nc\\nd\\ne\\nf\\ng\\nh\\ni\\nj\\nk\\n
wait 'Send the 11 pasted lines'
key escape
wait '-!- Paste of 11 lines dropped\\.\$'
type after the drop\\r
wait '<alice> after the drop\$'
EOF_
chatc_wait carol
"$TUI" --paste-max=x 127.0.0.1 1 </dev/null >/dev/null 2>"$T/err"
[ $? -eq 64 ] || fail "a bad --paste-max was not a usage error"
