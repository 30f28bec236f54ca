#!/bin/sh
# tui-mention.sh: a line that mentions your name as a word is highlighted,
# rings the bell (unless --no-bell) and is counted in the status bar until
# you speak; other lines are not.  A private message does the same.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start --history=0

cat >"$T/bob.chatc" <<EOF_
login bob bob
send bob no mention of malice or alicex here
send bob hey Alice, look
EOF_

vt <<EOF_ || fail "the mention was not highlighted"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online \\| TLS$'
sh $CHATC -p $PORT $T/bob.chatc >$T/bob.out 2>&1
wait '^$TS <bob> hey Alice, look$'
expect-match-attr 'hey Alice, look' reverse
expect-match-attr 'no mention of malice or alicex here' -reverse
expect-match-attr '(<bob>) hey' -reverse
wait-bells 1
wait-row -2 '\\| mentions: 1 \\| TLS$'
type thanks\r
wait-row -2 '\\| 1 online \\| TLS$'
expect-bells 1
EOF_

# A private message notifies as a mention does.
cat >"$T/carol.chatc" <<EOF_
login carol carol
send carol /msg alice psst
EOF_
vt <<EOF_ || fail "a private message did not notify"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online \\| TLS$'
sh $CHATC -p $PORT $T/carol.chatc >$T/carol.out 2>&1
wait '^$TS \\*carol\\* psst$'
wait-bells 1
wait-row -2 '\\| mentions: 1 \\| TLS$'
EOF_

vt <<EOF_ || fail "--no-bell rang the bell"
size 80x24
spawn $TUI --no-bell --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online \\| TLS$'
sh $CHATC -p $PORT $T/bob.chatc >$T/bob.out 2>&1
wait '^$TS <bob> hey Alice, look$'
expect-match-attr 'hey Alice, look' reverse
expect-bells 0
EOF_
