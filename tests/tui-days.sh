#!/bin/sh
# tui-days.sh: replayed lines from other days get a line with their date
# above them, as irssi and WeeChat do, and so does today when it follows;
# lines of one day get one date line.  The dates stay out of --log,
# whose every line has its date.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun

# The server replays its log: two lines from 24 November, one from the 25th.
cat >"$T/room.log" <<'EOF_'
2026-11-24T12:00:00Z #1 <bob> first old line
2026-11-24T12:01:00Z #2 <bob> second old line
2026-11-25T13:00:00Z #3 <bob> a day later
EOF_
start_server --history 10 --log "$T/room.log"
today=$(TZ=UTC LC_ALL=C date '+%A, %d %B %Y')

vt <<EOF_ || fail "the day-change lines went wrong"
size 80x24
env TZ=UTC
spawn $TUI --no-tls --log $T/chat.log --nick alice 127.0.0.1 $PORT
wait 'is now known as alice$'
expect-row 0 '^00:00 -!- Tuesday, 24 November 2026$'
expect-row 1 '^12:00 <bob> first old line$'
expect-row 2 '^12:01 <bob> second old line$'
expect-row 3 '^00:00 -!- Wednesday, 25 November 2026$'
expect-row 4 '^13:00 <bob> a day later$'
expect-row 5 '^00:00 -!- $today$'
expect-row 6 ' -!- Welcome, '
expect-count ' -!- [A-Z][a-z]+day, ' 3
type /quit\r
expect-exit 0
EOF_
grep -q 'day, ' "$T/chat.log" && { cat "$T/chat.log" >&2; fail "a date line reached --log"; }
exit 0
