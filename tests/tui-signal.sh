#!/bin/sh
# tui-signal.sh: SIGTERM and SIGHUP end chat-tui with the terminal given
# back: normal screen, cursor visible, bracketed paste and application
# keys off, line editing and echo back on.  SIGINT only clears the line.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun
start_server

for sig in TERM HUP; do
	vt <<EOF_ || fail "SIG$sig left the terminal in a mess"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice'
expect-tty -icanon,-echo
type some text
wait-row -1 '^> some text$'
signal INT
wait-row -1 '^>$'
signal $sig
expect-exit any
expect-restored
expect-tty icanon,echo,icrnl,isig
EOF_
done
