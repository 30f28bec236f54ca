#!/bin/sh
# tui-signal.sh: SIGTERM and SIGHUP end chat-tui with the terminal given
# back: normal screen, cursor visible, bracketed paste and application
# keys off, line editing and echo back on.  SIGINT only clears the line;
# Ctrl-\ (SIGQUIT) is ignored.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start

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

# Ctrl-\ (SIGQUIT from the terminal) is ignored, as irssi and WeeChat do:
# chat-tui goes on, its screen intact, and ends as usual.
vt <<EOF_ || fail "Ctrl-\\\\ was not ignored"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
type \x1c
type still here\r
wait '^$TS <alice> still here$'
expect-modes altscreen,paste
expect-row -2 'alice \\| 1 online'
signal QUIT
type and here\r
wait '^$TS <alice> and here$'
key ctrl-d
expect-exit 0
expect-restored
EOF_
