#!/bin/sh
# tui-paste.sh: a bracketed paste of several lines sends each line as a
# message, and a pasted "/quit" is text, never a command; a paste without
# a line break lands on the input line.
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
