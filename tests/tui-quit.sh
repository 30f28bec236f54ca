#!/bin/sh
# tui-quit.sh: Ctrl-D on an empty line and /quit end chat-tui with status
# 0 and give the terminal back as it was: the shell's screen, a visible
# cursor, line editing and echo, no bracketed paste.  Ctrl-D on a line
# with text only deletes.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start

# What the shell shows after chat-tui: its status and the tty's modes.
after='echo "status $?"; stty -a | tr " " "\n" | grep -E "^-?(icanon|echo|icrnl)$" | tr "\n" " "; echo; exec sleep 30'

vt <<EOF_ || fail "Ctrl-D did not quit cleanly"
size 80x24
spawn sh -c 'echo BEFORE; $TUI --nick alice 127.0.0.1 $PORT; $after'
wait-row -2 'alice'
expect-gone BEFORE
type abc
key home ctrl-d
wait-row -1 '^> bc$'
key end ctrl-u
wait-row -1 '^>$'
key ctrl-d
wait 'status 0'
expect-row 0 '^BEFORE$'
wait '^icrnl icanon echo$'
expect-gone 'alice|online'
expect-restored
EOF_

chatc_peer bob <<EOF_
expect bob ^-!- quit alice: 1 online
EOF_
wait_file "$T/bob.ready" || fail "bob did not log in"
vt <<EOF_ || fail "/quit did not quit cleanly"
size 80x24
spawn sh -c 'echo BEFORE; $TUI --nick alice 127.0.0.1 $PORT; $after'
wait-row -2 'alice \\| 2 online'
type /quit\r
wait 'status 0'
expect-row 0 '^BEFORE$'
wait '^icrnl icanon echo$'
expect-restored
EOF_
chatc_wait bob
