#!/bin/sh
# tui-wrap.sh: a line longer than the screen wraps at spaces, and the rows
# after the first hang under the text, past the time and the name; a word
# longer than a row is cut where the row ends.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start

long=$(words 10 50)
x10=xxxxxxxxxx
url=http://$x10$x10$x10$x10$x10$x10$x10$x10$x10$x10

cat >"$T/bob.chatc" <<EOF_
login bob bob
send bob $long
send bob see $url end
EOF_

# "HH:MM <bob> " takes 12 columns; 68 are left for 17 words a row.
vt <<EOF_ || fail "the long line did not wrap as it should"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait 'is now known as alice$'
sh $CHATC -p $PORT $T/bob.chatc >$T/bob.out 2>&1
wait 'bob left'
expect-count '(^| )w[0-9]+( |$)' 3
expect '^$TS <bob> w10 w11 (w[0-9]+ )*w26$'
expect '^ {12}w27 (w[0-9]+ )*w43$'
expect '^ {12}w44 (w[0-9]+ )*w49$'
expect '^$TS <bob> see http://x{57}$'
expect '^ {12}x{43} end$'
EOF_
