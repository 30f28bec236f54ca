#!/bin/sh
# tui-nick-taken.sh: when the name asked for is taken, chat-tui says so
# and what it is called meanwhile, still highlights mentions of the name
# asked for, and takes the name back as soon as its holder lets go.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start --history=0

chatc_bg ghost <<EOF_
login ghost alice
mark $T/ghost.ready
expect ghost ^<bob> go away\$
close ghost
EOF_
wait_file "$T/ghost.ready" || fail "the ghost did not log in"

cat >"$T/bob.chatc" <<EOF_
login bob bob
send bob hey alice, are you there
send bob go away
EOF_

vt <<EOF_ || fail "the taken name"
size 120x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait '^$TS -!- Error: The name alice is in use\\.$'
wait '^$TS -!- alice is taken: you are 127\\.0\\.0\\.1:[0-9]+ until it is free'
wait-row -2 '\\| 127\\.0\\.0\\.1:[0-9]+ \\| 2 online'
sh $CHATC -p $PORT $T/bob.chatc >$T/bob.out 2>&1
wait '^$TS <bob> hey alice, are you there$'
expect-match-attr 'hey alice, are you there' reverse
wait-bells 1
wait '^$TS -!- 127\\.0\\.0\\.1:[0-9]+ is now known as alice$'
wait-row -2 '\\| alice \\|'
EOF_
chatc_wait ghost
