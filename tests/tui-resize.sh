#!/bin/sh
# tui-resize.sh: after the terminal shrinks or grows, the screen is laid
# out again at once: the scrollback re-wrapped to the new width with its
# hanging indent, the status bar and input line at the new bottom, and
# nothing left over from the old layout.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start

long=$(words 10 50)

cat >"$T/bob.chatc" <<EOF_
login bob bob
send bob $long
EOF_

# 12 columns of "HH:MM <bob> ": 17 words a row at 80 columns, 7 at 40,
# 27 at 120.
vt <<EOF_ || fail "resizing left the screen wrong"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait 'is now known as alice$'
type draft
sh $CHATC -p $PORT $T/bob.chatc >$T/bob.out 2>&1
wait 'bob left'
expect-count '(^| )w[0-9]+( |$)' 3

resize 40x12
wait-count '(^| )w[0-9]+( |$)' 6
expect '^$TS <bob> w10 w11 w12 w13 w14 w15 w16$'
expect-count '^ {12}w[0-9]+( w[0-9]+)*$' 5
expect '^ {12}w45 w46 w47 w48 w49$'
expect-row 10 '^ ?connected'
expect-attr 10 39 reverse
expect-count 'connected' 1
expect-row 11 '^> draft$'
expect-cursor 11 7

resize 120x30
wait-count '(^| )w[0-9]+( |$)' 2
expect '^$TS <bob> w10 w11 (w[0-9]+ )*w36$'
expect '^ {12}w37 (w[0-9]+ )*w49$'
expect-row 28 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT \\| alice'
expect-attr 28 119 reverse
expect-count 'connected' 1
expect-count '^> ' 1
expect-row 29 '^> draft$'
expect-cursor 29 7
expect-count 'w16' 1
EOF_
