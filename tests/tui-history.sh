#!/bin/sh
# tui-history.sh: Up and Down walk through the lines sent before, Ctrl-R
# searches them, and they are kept for the next run under
# $XDG_STATE_HOME/chat-tui; where they cannot be, it says so once.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start
# The XDG base directory spec ignores relative paths, and $T may be one.
XDG_STATE_HOME=$(cd "$T" && pwd)/state
export XDG_STATE_HOME

vt <<EOF_ || fail "history did not work in one run"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice'
type first line\r
type second line\r
wait '^$TS <alice> second line$'
key up
wait-row -1 '^> second line$'
key up
wait-row -1 '^> first line$'
key down
wait-row -1 '^> second line$'
key ctrl-u
wait-row -1 '^>$'
key ctrl-d
expect-exit 0
EOF_
[ -s "$XDG_STATE_HOME/chat-tui/history" ] || fail "no history file"

vt <<EOF_ || fail "history was not kept for the next run"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice'
key up
wait-row -1 '^> second line$'
key up
wait-row -1 '^> first line$'
key ctrl-u
key ctrl-r
type fir
wait-row -1 'first line'
key ctrl-g ctrl-u
wait-row -1 '^>$'
EOF_

# Where the history cannot be kept (HOME=/proc), it says so, once, at
# the start, and nothing more at the end.
vt <<EOF_ || fail "an unwritable history was not reported"
size 100x24
env -XDG_STATE_HOME
env HOME=/proc
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
wait '^$TS -!- The input history cannot be kept in /proc/\\.local/state/chat-tui: '
expect-count 'input history cannot be kept' 1
type said\r
wait '<alice> said$'
key ctrl-d
expect-exit 0
EOF_
grep -aq 'chat-tui/history:' "$T/raw" && fail "the history's failure was reported twice"
exit 0
