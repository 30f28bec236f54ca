#!/bin/sh
# tui-resume.sh: line IDs on chat-tui's side, against a scripted server:
# it answers the hello with /since, shows the numbered replay instead of
# the unnumbered one, drops a line it has, never shows a piece of a line
# cut by a disconnect, asks for what came after the last line it has on
# reconnecting, and marks the lines it cannot get as missed.  Its own
# lines stay pending until acked; a refused one says so.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun

vt <<EOF_ || fail "resuming by line ID"
size 80x24
listen $T/port
spawn sh -c 'exec $TUI --nick alice 127.0.0.1 \$(cat $T/port)'
feed -!- hello: ids max-line=1024\\n[2026-11-26T12:00:00Z] <bob> one\\n
feed [2026-11-26T12:00:01Z] <bob> two\\n-!- welcome alice: 2 online, /help for commands\\n
feed <bob> three\\n
wait-received '^/since\$'
feed -!- ids 1 1 2 3\\n#4 <bob> four\\n#4 <bob> four\\n#5 <bob> five\\n
wait '<bob> five\$'
expect-count '<bob> one\$' 1
expect-count '<bob> three\$' 1
expect-count '<bob> four\$' 1
type mine\\r
wait-received '^mine\$'
wait-row -2 '\\| 1 line waiting'
feed -!- ok 6 6\\n
wait-row -2 '\\| 2 online\$'
feed #7 <bob> six\\n#8 <bob> sev
hangup
wait 'Disconnected'
feed -!- hello: ids max-line=1024\\n[2026-11-26T12:00:00Z] <bob> six\\n
feed [2026-11-26T12:00:00Z] <bob> seven whole\\n
feed -!- welcome alice: 2 online, /help for commands\\n-!- ids 1 7 8 8\\n
wait '<bob> seven whole\$'
expect-count '<bob> six\$' 1
expect-gone 'sev\$'
expect-gone 'missed'
hangup
wait-count 'Disconnected' 2
feed -!- hello: ids max-line=1024\\n[2026-11-26T12:00:00Z] <bob> twenty\\n
feed -!- welcome alice: 2 online, /help for commands\\n<bob> twenty-one\\n
feed -!- ids 1 20 20 21\\n#22 <bob> twenty-two\\n
wait '<bob> twenty-two\$'
expect '-!- 11 lines missed here\$'
expect-count '<bob> twenty\$' 1
expect-count '<bob> twenty-one\$' 1
expect-count '<bob> six\$' 1
EOF_
