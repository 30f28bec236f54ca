#!/bin/sh
# tui-linemode.sh: without a terminal chat-tui is a plain line client:
# `echo hi | chat-tui HOST PORT` delivers "hi", and what others say is
# printed to stdout, sanitised, one line each.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
start_server

chatc_peer bob <<EOF_
expect bob ^<pipe> hi\$
expect bob ^<pipe2> ready\$
send bob hello pipe
send bob x\\e]0;title\\x07y\\e[2Jz
EOF_
wait_file "$T/bob.ready" || fail "bob did not log in"

# Sending: stdin ends, the line still goes, and chat-tui ends.
echo hi | "$TUI" --nick pipe 127.0.0.1 "$PORT" >"$T/out1" 2>"$T/err1" ||
	fail "chat-tui failed: $(cat "$T/err1")"
grep -q '^-!- welcome ' "$T/out1" || fail "the welcome was not printed"

# Receiving, while stdin stays open.
mkfifo "$T/in" || skip "mkfifo failed"
"$TUI" --nick pipe2 127.0.0.1 "$PORT" <"$T/in" >"$T/out2" 2>"$T/err2" &
tui=$!
track $tui
exec 3>"$T/in"
echo ready >&3
i=0
until grep -q '^<bob> xyz$' "$T/out2"; do
	[ $i -lt 100 ] || { cat "$T/out2" >&2; fail "bob's lines were not printed"; }
	sleep 0.1; i=$((i + 1))
done
grep -q '^<bob> hello pipe$' "$T/out2" || fail "a line was lost"
grep -q "$(printf '\033')" "$T/out2" && fail "an escape reached stdout"
exec 3>&-
wait $tui || fail "chat-tui did not end well when stdin ended"
chatc_wait bob
