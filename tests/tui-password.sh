#!/bin/sh
# tui-password.sh: a room with a password.  chat-tui asks for it on the
# input line and shows nothing of what is typed, not even its length; a
# wrong one is said and asked again; the right one joins, with the name
# asked for, the status bar saying "password needed" meanwhile; it is
# never kept in the input history.  Across a server
# restart the password is given again unasked, and a line typed while
# away reaches the room only once in.  --password-file answers without
# asking; in line mode a missing or wrong password exits 77.
# SPDX-License-Identifier: GPL-3.0-or-later
: "${TEST_TIMEOUT:=120}"
. "$srcdir/tests/lib.sh"
need_tls
. "$srcdir/tests/tui/common.sh"
printf 'open sesame\n' >"$T/pw"
chmod 600 "$T/pw"
tui_start --password-file "$T/pw" --log "$T/room.log"

vt <<EOF_ || fail "the password prompt went wrong"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait 'This room has a password: type it and press Enter \\(it is not shown\\),$'
wait-row -1 '^Password:$'
wait-row -2 '^ ?password needed \\| 127\\.0\\.0\\.1:$PORT'
type open says me
expect-row -1 '^Password:$'
expect-cursor -1 10
expect-gone 'says'
type \r
wait 'Wrong password\\.' 10000
wait-row -1 '^Password:$'
type open sesame
expect-row -1 '^Password:$'
expect-gone 'sesame'
type \r
wait ' -!- Welcome, '
wait 'is now known as alice$'
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT \\| alice \\| 1 online \\| TLS$'
wait-row -1 '^>$'
expect-gone 'sesame'
type hello room\r
wait '^$TS <alice> hello room$'
sh kill $SERVER_PID
wait-row -2 '^ ?reconnecting in [0-9]+s \\| 127\\.0\\.0\\.1:$PORT'
type while away\r
sh $SERVER --password-file $T/pw --log $T/room.log --port-file $T/port2 127.0.0.1 $PORT 2>>$T/server.log & echo \$! >$T/pid2
wait 'Reconnected after [0-9]+ seconds?' 40000
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT \\| alice \\| 1 online \\| TLS$'
expect-count 'This room has a password' 2
expect-row -1 '^>$'
sh grep -q '<alice> while away' $T/room.log
type my draft
sh kill \$(cat $T/pid2)
wait-row -2 '^ ?reconnecting in [0-9]+s \\| 127\\.0\\.0\\.1:$PORT'
sh echo new words >$T/pw2
sh $SERVER --password-file $T/pw2 --port-file $T/port3 127.0.0.1 $PORT 2>>$T/server.log & echo \$! >$T/pid3
wait-count 'Wrong password\\.' 2 40000
wait-row -1 '^Password:$'
wait-row -2 '^ ?password needed \\| 127\\.0\\.0\\.1:$PORT'
type new words\r
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT \\| alice \\| 1 online \\| TLS$'
wait-row -1 '^> my draft$'
type \x15/quit\r
expect-exit 0
EOF_
[ -s "$T/pid2" ] && track "$(cat "$T/pid2")"
[ -s "$T/pid3" ] && track "$(cat "$T/pid3")"
hist=$XDG_STATE_HOME/chat-tui/history
grep -q 'hello room' "$hist" || fail "no input history to check: $(cat "$hist")"
grep -q -e sesame -e 'says me' "$hist" && fail "the password went into the history"
grep -q 'sesame' "$T/room.log" && fail "the password reached the room"
wait_grep '127\.0\.0\.1:[0-9]+: wrong password' "$T/server.log" || fail "no wrong password was tried"

# --password-file: no question.  (vtrun has stopped the servers it started.)
start_server --password-file "$T/pw"
vt <<EOF_ || fail "--password-file was not used"
size 80x24
spawn $TUI --nick bob --password-file $T/pw 127.0.0.1 $PORT
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT \\| bob \\| 1 online \\| TLS$'
expect-gone 'Password'
type /quit\r
expect-exit 0
EOF_

# Line mode: the file's password, none, a wrong one.
out=$(echo /who | "$TUI" --nick carol --password-file "$T/pw" 127.0.0.1 "$PORT" 2>&1) ||
	fail "line mode with the password: $out"
echo "$out" | grep -Eq '^-!- who 1: [+]?carol$' || fail "line mode did not join: $out"
status=0
out=$(echo /who | "$TUI" 127.0.0.1 "$PORT" 2>&1) || status=$?
[ "$status" -eq 77 ] || fail "line mode without the password: status $status: $out"
echo "$out" | grep -q 'the room has a password: give it with --password-file' || fail "unclear: $out"
echo nope >"$T/wrong"
status=0
out=$(echo /who | "$TUI" --password-file "$T/wrong" 127.0.0.1 "$PORT" 2>&1) || status=$?
[ "$status" -eq 77 ] || fail "line mode with a wrong password: status $status: $out"
echo "$out" | grep -q 'wrong password' || fail "unclear: $out"
status=0
"$TUI" --password-file "$T/none" 127.0.0.1 "$PORT" </dev/null >"$T/out" 2>&1 || status=$?
[ "$status" -eq 66 ] || fail "a missing --password-file: status $status"
stop_server || fail "chat-server exited with status $?"
exit 0
