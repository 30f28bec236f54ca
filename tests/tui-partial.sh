#!/bin/sh
# tui-partial.sh: against a plain line server (like a bare `nc -l`, or the
# tutorial server that greets without a newline) text that never gets its
# newline still shows, and what you type goes out as plain lines; when
# the rest of a line shown unfinished comes later, it is one entry.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_loopback
need_vtrun

vt <<EOF_ || fail "an unfinished line was held back"
size 80x24
listen $T/port
spawn sh -c 'exec $TUI --no-tls --nick alice 127.0.0.1 \$(cat $T/port)'
feed Welcome to the tutorial server! Say something:
wait '^$TS Welcome to the tutorial server! Say something:$'
type hello there\r
wait-received '^hello there\$'
wait '^$TS <alice> hello there$'
feed \\nbob: hi alice\\n
wait '^$TS bob: hi alice$'
expect-count 'tutorial server' 1
feed half a line
wait '^$TS half a line$'
feed , then the rest\\n
wait '^$TS half a line, then the rest$'
expect-count 'half a line' 1
EOF_
