#!/bin/sh
# tui-search.sh: M-/ searches the scrollback: incremental, ignoring case,
# matches in reverse video, "N/M" on the input line, Up/Down and M-p/M-n
# older and newer, Enter stays, Esc goes back to the end and the line
# typed before is still there; /grep lists the matching lines.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun
start_server --history=0

{
	echo "login bob bob"
	echo "send bob apple one"
	echo "flood bob 30 filler"
	echo "send bob an APPLE two"
	echo "flood bob 30 more"
	echo "send bob apple three"
	echo "flood bob 3 tail"
	echo "mark $T/bob.done"
	echo "expect bob ^<alice> hello\$"
} >"$T/bob.chatc"

vt <<EOF_ || fail "searching the scrollback went wrong"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online \\| TLS$'
sh $CHATC -p $PORT $T/bob.chatc >$T/bob.out 2>&1 &
wait-file $T/bob.done
wait '<bob> tail 3$'
type hello
key alt-/
wait-row -1 '^search:$'
wait-cursor -1 8
type app
wait-row -1 '^search 3/3: app$'
type LE
wait-row -1 '^search 3/3: appLE$'
expect-match-attr '<bob> (apple) three' reverse
expect-match-attr '<bob> apple (three)' -reverse
key up
wait-row -1 '^search 2/3: appLE$'
wait '<bob> an APPLE two$'
expect-match-attr 'an (APPLE) two' reverse
expect-gone 'apple three'
key alt-p
wait-row -1 '^search 1/3: appLE$'
wait '<bob> apple one$'
key up
expect-row -1 '^search 1/3: appLE$'
key alt-n
wait-row -1 '^search 2/3: appLE$'
key down
wait-row -1 '^search 3/3: appLE$'
type x
wait-row -1 '^search, no match: appLEx$'
key backspace
wait-row -1 '^search 3/3: appLE$'
key up
wait-row -1 '^search 2/3: appLE$'
key enter
wait-row -1 '^> hello$'
expect '<bob> an APPLE two$'
expect-match-attr 'an (APPLE) two' -reverse
key alt-/
type one
wait-row -1 '^search 1/1: one$'
key escape
wait-row -1 '^> hello$'
wait '<bob> tail 3$'
wait-row -2 'online \\| TLS$'
key ctrl-u
type \r
type /grep APPLE\r
wait-row -3 '^$TS <bob> apple three$'
expect-row -4 '^$TS <bob> an APPLE two$'
expect-row -5 '^$TS <bob> apple one$'
expect-row -6 "^$TS -!- Lines that contain 'APPLE': 3$"
type /grep zzz\r
wait-row -3 "^$TS -!- No line contains 'zzz'.$"
type /grep\r
wait-row -3 '^$TS -!- Usage: /grep WORD$'
EOF_
