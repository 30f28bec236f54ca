#!/bin/sh
# tui-linemode.sh: without a terminal chat-tui is a plain line client:
# `echo hi | chat-tui HOST PORT` delivers "hi", and what others say is
# printed to stdout, sanitised, one line each; long lines are cut at the
# server's --max-line, a refused line makes the status 1, --log is refused;
# of several servers, one that is down is passed over.
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
stop_server || fail "chat-server exited with status $?"

# --log has no place without a terminal (standard output is the log):
# a usage error, not silence.
echo hi | "$TUI" --log "$T/x.log" 127.0.0.1 1 >/dev/null 2>"$T/err3"
[ $? -eq 64 ] || fail "--log in line mode did not exit 64"
grep -q -- '--log' "$T/err3" || fail "--log in line mode was not explained"
[ -e "$T/x.log" ] && fail "--log in line mode made a file"

# A long line is cut where the server's --max-line says, as on the
# screen; a line the server refuses all the same makes the exit status 1.
start_server --max-line 100
long="$(words 0 40)"
# The first bob's mark must not stand for this one's.
rm -f "$T/bob.ready"
chatc_peer bob <<EOF_
expect bob ^<pipe3> w0 w1 
expect bob ^<pipe3> .* w39\$
EOF_
wait_file "$T/bob.ready" || fail "bob did not log in"
echo "$long" | "$TUI" --nick pipe3 127.0.0.1 "$PORT" >"$T/out4" 2>"$T/err4" ||
	fail "a long line in line mode: status $?: $(cat "$T/err4")"
chatc_wait bob
printf '/me %s\n' "$long" | "$TUI" 127.0.0.1 "$PORT" >"$T/out5" 2>"$T/err5"
[ $? -eq 1 ] || fail "a refused line did not make the exit status 1"
grep -q 'refused 1 line' "$T/err5" || fail "the refusal was not said: $(cat "$T/err5")"

# Several servers: one that is not there is passed over at once, and
# said on standard error.  (A server just stopped leaves a closed port.)
live=$PORT
start_server
dead=$PORT
stop_server || fail "chat-server exited with status $?"
echo hi | "$TUI" --nick pipe4 "127.0.0.1:$dead,127.0.0.1:$live" >"$T/out6" 2>"$T/err6" ||
	fail "the second server was not tried: $(cat "$T/err6")"
grep -q '^-!- welcome ' "$T/out6" || fail "no welcome from the second server: $(cat "$T/out6")"
grep -q "127\.0\.0\.1.*$dead" "$T/err6" || fail "the first server's failure was not said: $(cat "$T/err6")"
# All of them down: the last failure, and status 69.
status=0
echo hi | "$TUI" "127.0.0.1:$dead,127.0.0.1:$dead" >/dev/null 2>"$T/err7" || status=$?
[ "$status" -eq 69 ] || fail "no server at all: status $status, $(cat "$T/err7")"
