#!/bin/sh
# tui-away.sh: /away TEXT and /away in chat-tui, said in the user's
# words; someone else's away shown after /who and after /msg.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start

chatc_peer bob <<EOF_
send bob /away gone fishing
expect bob ^-!- away bob: gone fishing\$
mark $T/bob.away
expect bob ^\\*alice\\* psst\$
EOF_
wait_file "$T/bob.away" || fail "bob did not go away"

vt <<EOF_ || fail "/away was not shown as it should"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 2 online'
type /away lunch\r
wait '^$TS -!- You are marked as away: lunch$'
type /away\r
wait '^$TS -!- You are no longer marked as away\\.$'
type /who\r
wait '^$TS -!- Online \\(2\\): '
wait '^$TS -!- bob is away: gone fishing$'
type /msg bob psst\r
wait '^$TS -> \\*bob\\* psst$'
wait-count 'bob is away: gone fishing' 2
EOF_
chatc_wait bob
exit 0
