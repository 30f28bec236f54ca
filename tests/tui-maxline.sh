#!/bin/sh
# tui-maxline.sh: chat-tui splits a long message at the server's
# --max-line, which the server's hello tells, so that nothing is dropped;
# a line the server refuses anyway is marked as not delivered.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start --max-line 100

words="alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima"
long="$words $words $words one"
chatc_bg bob <<EOF_
login bob bob
mark $T/bob-ready
expect bob ^<alice> alpha bravo
expect bob ^<alice> .* one\$
EOF_
wait_file "$T/bob-ready" || fail "bob did not come"

vt <<EOF_ || fail "a long line was not split at --max-line"
size 120x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 '\\| alice \\| 2 online'
type $long\\r
wait 'one\$'
type /me $words $words\\r
wait 'kilo lima \\[not delivered\\]\$'
wait '-!- Error: '
EOF_
chatc_wait bob
