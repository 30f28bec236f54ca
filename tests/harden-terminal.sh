#!/bin/sh
# harden-terminal.sh: chat-tui gives the terminal back after a fatal
# error (its --serve server cannot start, its --log cannot be opened) and
# after a crash (SIGSEGV, SIGABRT), and ends, stopping its server, when
# the terminal goes away.  A terminal that cannot move the cursor is refused.  SIGTERM, SIGHUP and tiny terminals are
# tests/tui-signal.sh and tests/tui-tiny.sh.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start

vt <<EOF_ || fail "a --serve that cannot start left the terminal in a mess"
size 80x24
spawn $TUI --serve --nick alice 127.0.0.1 $PORT
wait 'chat-server did not start'
expect-exit 69
expect-restored
expect-alone
EOF_

vt <<EOF_ || fail "an unwritable --log left the terminal in a mess"
size 400x24
spawn $TUI --log $T/no/such/dir/chat.log --nick alice 127.0.0.1 $PORT
wait "no/such/dir/chat\\.log: No such file or directory"
expect-exit 1
expect-restored
expect-tty icanon,echo,icrnl,isig
EOF_

# A terminal that cannot move the cursor is refused, pointing to line
# mode, before anything typed can reach the room.
chatc_bg bob <<EOF_
login bob bob
mark $T/bob.ready
expect-none bob 1500 blind
EOF_
wait_file "$T/bob.ready" || fail "bob did not log in"
vt <<EOF_ || fail "TERM=dumb was not refused"
size 200x24
env TERM=dumb
spawn $TUI --nick alice 127.0.0.1 $PORT
type typed blind\r
wait "the terminal type 'dumb' cannot move the cursor.*line mode"
expect-exit 1
expect-tty icanon,echo,icrnl,isig
EOF_
chatc_wait bob

# Built with a sanitizer, chat-tui leaves crashes to it.
crashes="SEGV ABRT"
grep -q -a -e __asan_init -e __tsan_init "$TUI" && crashes=
for sig in $crashes; do
	vt <<EOF_ || fail "SIG$sig left the terminal in a mess"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice'
type half typed
wait-row -1 '^> half typed$'
signal $sig
expect-exit $sig
expect-restored
expect-tty icanon,echo,icrnl,isig
EOF_
done

vt <<EOF_ || fail "chat-tui did not end when its terminal went away"
size 80x24
spawn $TUI --serve --nick alice 127.0.0.1 0
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:[1-9]'
capture '127\\.0\\.0\\.1:([0-9]+)' $T/port
close
wait-exit any
wait-alone
EOF_
port=$(cat "$T/port")
printf 'connect late\n' | "$CHATC" -p "$port" 2>/dev/null &&
	fail "its server still listens on port $port"


# One row shows the input line; one column shows what fits; back at a
# usable size nothing is lost (tests/tui-tiny.sh tries the rest).
vt <<EOF_ || fail "a one-row or one-column terminal went wrong"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice'
type draft
resize 80x1
wait-row 0 '^> draft$'
resize 1x24
settle
resize 80x24
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT \\| alice'
wait-row -1 '^> draft$'
key ctrl-u
type /quit\r
expect-exit 0
expect-restored
EOF_
stop_server || fail "chat-server exited with status $?"
