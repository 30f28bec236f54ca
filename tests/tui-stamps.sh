#!/bin/sh
# tui-stamps.sh: M-t hides the timestamps, lines re-wrapped without
# them, and shows them again.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun
start_server --history=0

# At 40 columns, "HH:MM <alice> " leaves 26 for the text: "six" goes
# to a second row; without the stamp, the whole line fits in one.
vt <<EOF_ || fail "M-t did not toggle the timestamps"
size 40x12
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
wait '^ +as alice$'
type one two three four five six\\r
wait '^$TS <alice> one two three four five$'
key alt-t
wait '^<alice> one two three four five six$'
expect-gone '^$TS'
key alt-t
wait '^$TS <alice> one two three four five$'
wait '^ +six$'
EOF_
exit 0
