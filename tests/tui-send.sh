#!/bin/sh
# tui-send.sh: what you type reaches another client, and what it says
# shows on your screen.  A tab shows as the space the others see.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start

chatc_peer bob <<EOF_
expect bob ^-!- nick [^ ]+ \\+?alice\$
send bob hi from bob
expect bob ^<alice> hello from alice\$
expect bob ^<alice> tab here\$
EOF_
wait_file "$T/bob.ready" || fail "bob did not log in"

vt <<EOF_ || fail "the conversation did not show"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait '^$TS <bob> hi from bob$'
type hello from alice\r
wait '^$TS <alice> hello from alice$'
wait-row -1 '^>$'
paste tab\there\n
wait '^$TS <alice> tab here$'
EOF_
chatc_wait bob
