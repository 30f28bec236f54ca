#!/bin/sh
# tui-history.sh: Up and Down walk through the lines sent before, Ctrl-R
# searches them, and they are kept for the next run under
# $XDG_STATE_HOME/chat-tui; two runs at once in one HOME keep both their
# lines; where they cannot be kept, it says so once.
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

# Two at once in one HOME: each appends its own lines when it quits, so
# the one that quits last does not wipe out the other's.
vt >"$T/a.out" 2>&1 <<EOF_ &
size 80x24
spawn $TUI --nick anna 127.0.0.1 $PORT
wait-row -2 'anna'
sh echo up >$T/a-up
sh i=0; until [ -e $T/b-done ]; do [ \$i -lt 90 ] || exit 1; sleep 0.1; i=\$((i + 1)); done
type from anna\r
wait '<anna> from anna\$'
key ctrl-d
expect-exit 0
EOF_
a=$!
track $a
wait_file "$T/a-up" 300 || { cat "$T/a.out" >&2; fail "anna did not start"; }
vt <<EOF_ || fail "the second chat-tui in one HOME went wrong"
size 80x24
spawn $TUI --nick bert 127.0.0.1 $PORT
wait-row -2 'bert'
type from bert\r
wait '<bert> from bert\$'
key ctrl-d
expect-exit 0
EOF_
touch "$T/b-done"
wait $a || { cat "$T/a.out" >&2; fail "the first chat-tui in one HOME went wrong"; }
h=$XDG_STATE_HOME/chat-tui/history
grep -qx 'from bert' "$h" || { cat "$h" >&2; fail "the one that quit first lost its history"; }
grep -qx 'from anna' "$h" || fail "the one that quit last lost its history"
grep -qx 'first line' "$h" || fail "the older history was lost"

# Where the history cannot be kept (HOME=/proc), it says so, once, at
# the start, and nothing more at the end.  Without a state directory
# there is no key either, so another name than alice's, which her key owns.
vt <<EOF_ || fail "an unwritable history was not reported"
size 100x24
env -XDG_STATE_HOME
env HOME=/proc
spawn $TUI --nick cora 127.0.0.1 $PORT
wait-row -2 'cora \\| 1 online'
wait '^$TS -!- The input history cannot be kept in /proc/\\.local/state/chat-tui: '
expect-count 'input history cannot be kept' 1
type said\r
wait '<cora> said$'
key ctrl-d
expect-exit 0
EOF_
grep -aq 'chat-tui/history:' "$T/raw" && fail "the history's failure was reported twice"
exit 0
