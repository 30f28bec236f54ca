#!/bin/sh
# tui-status.sh: the status bar, in reverse video above the input line,
# shows the connection state, the server's address, your name and how
# many are in the room, and follows joins and quits.  When narrow, it
# drops host:port first, and keeps "+N new" and "mentions:" whole.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start

cat >"$T/bob.chatc" <<EOF_
login bob bob
expect bob ^<alice> bye\$
close bob
EOF_

vt <<EOF_ || fail "the status bar is wrong"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT \\| alice \\| 1 online \\| TLS$'
expect-attr -2 0 reverse
expect-attr -2 79 reverse
expect-attr -1 0 -reverse
sh $CHATC -p $PORT $T/bob.chatc >$T/bob.out 2>&1 &
wait-row -2 '\\| 2 online \\| TLS$'
wait 'is now known as bob$'
type bye\r
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT \\| alice \\| 1 online \\| TLS$'
EOF_

# Narrow (44 columns), scrolled up, with new lines and a mention: what
# needs attention stays whole; host:port goes first.
cat >"$T/carol.chatc" <<EOF_
login carol carol
send carol one
send carol two
send carol hey alice
EOF_
vt <<EOF_ || fail "a narrow status bar lost what needs attention"
size 44x8
spawn $TUI --nick alice 127.0.0.1 $PORT
wait 'is now known as'
type some\r
type lines\r
type here\r
wait '<alice> here$'
key pageup
wait-row -2 'scrolled up'
sh $CHATC -p $PORT $T/carol.chatc >$T/carol.out 2>&1
wait-row -2 '\\| \\+[0-9]+ new \\| mentions: 1 \\| TLS$'
expect-gone '127\\.0\\.0\\.1:$PORT'
EOF_
