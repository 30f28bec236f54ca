#!/bin/sh
# tui-scroll.sh: PageUp/PageDown scroll by a page and Shift-Up/Shift-Down
# by a line; while scrolled up, new lines do not move the view and the
# status bar counts them (only them); Ctrl-Home and Shift-Down move on
# a full ring whose oldest lines are being dropped; PageDown back at the
# end follows new lines again.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start --flood 0

cat >"$T/bob.chatc" <<EOF_
login bob bob
flood bob 60 line
drain bob
EOF_
cat >"$T/carol.chatc" <<EOF_
login carol carol
send carol more 1
send carol more 2
send carol more 3
EOF_

# 22 rows of scrollback; a page is 21 rows.
vt <<EOF_ || fail "scrolling went wrong"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait 'is now known as alice$'
sh $CHATC -p $PORT $T/bob.chatc >$T/bob.out 2>&1
wait-row -3 'bob left'
expect-row -4 '<bob> line 60$'
key pageup
wait-row -3 '^$TS <bob> line 40$'
expect-row 0 '^$TS <bob> line 19$'
expect-row -2 '\\| 1 online \\| scrolled up \\| TLS$'
sh $CHATC -p $PORT $T/carol.chatc >$T/carol.out 2>&1
# carol's join, name, three lines and quit: six new, whatever was below.
wait-row -2 '\\+6 new \\| TLS$'
expect-row -3 '^$TS <bob> line 40$'
key shift-up
wait-row -3 '^$TS <bob> line 39$'
expect-row 0 '^$TS <bob> line 18$'
key shift-down shift-down
wait-row -3 '^$TS <bob> line 41$'
key pagedown*2
wait-row -3 'carol left'
expect-row -2 'online \\| TLS$'
sh printf 'login dave dave\\nsend dave after\\n' | $CHATC -p $PORT
wait-row -4 '> after$'
expect-count '<bob> line 3[0-9]' 0
EOF_

# A full ring (30 entries): welcome, name, bob's join, 100 lines, his
# departure.  Ctrl-Home shows the oldest; carol's six entries push out
# six more; Shift-Down still moves the view by one line.
cat >"$T/flood.chatc" <<EOF_
login bob bob
flood bob 100 line
drain bob
EOF_
vt <<EOF_ || fail "scrolling a full ring went wrong"
size 80x24
spawn $TUI --scrollback 30 --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
sh $CHATC -p $PORT $T/flood.chatc >$T/bob.out 2>&1
wait-row -3 'bob left'
key ctrl-home
wait-row 0 '^$TS <bob> line 72$'
expect-row -2 '\\| scrolled up \\| TLS$'
sh $CHATC -p $PORT $T/carol.chatc >$T/carol.out 2>&1
wait-row 0 '^$TS <bob> line 78$'
key shift-down
wait-row 0 '^$TS <bob> line 79$'
EOF_
