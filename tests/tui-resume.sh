#!/bin/sh
# tui-resume.sh: line IDs on chat-tui's side, against a scripted server:
# it answers the hello with /since, shows the numbered replay instead of
# the unnumbered one, drops a line it has, never shows a piece of a line
# cut by a disconnect, asks for what came after the last line it has on
# reconnecting ("/since N", before the hello), and marks the lines it cannot get as missed.  Its own
# lines stay pending until acked; a refused one says so.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun

vt <<EOF_ || fail "resuming by line ID"
size 80x24
listen $T/port
spawn sh -c 'exec $TUI --no-tls --nick alice 127.0.0.1 \$(cat $T/port)'
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
wait-row -2 '\\| 2 online \\| not encrypted\$'
feed #7 <bob> six\\n#8 <bob> sev
hangup
wait 'Disconnected'
feed -!- hello: ids max-line=1024\\n[2026-11-26T12:00:00Z] <bob> six\\n
feed [2026-11-26T12:00:00Z] <bob> seven whole\\n
feed -!- welcome alice: 2 online, /help for commands\\n-!- ids 1 7 8 8\\n
wait-received '^/since 7\$'
wait '<bob> seven whole\$'
expect-count '<bob> six\$' 1
expect-gone 'sev\$'
expect-gone 'missed'
hangup
wait-count 'Disconnected' 2
feed -!- hello: ids max-line=1024\\n[2026-11-26T12:00:00Z] <bob> twenty\\n
feed -!- welcome alice: 2 online, /help for commands\\n<bob> twenty-one\\n
feed -!- ids 1 20 20 21\\n#22 <bob> twenty-two\\n
wait-received '^/since 8\$'
wait '<bob> twenty-two\$'
expect '-!- 11 lines missed here\$'
expect-count '<bob> twenty\$' 1
expect-count '<bob> twenty-one\$' 1
expect-count '<bob> six\$' 1
EOF_

# The same against chat-server.  A restart with --log (kill -9, as in a
# crash) replays what alice has: she shows it once.  The second server
# starts from here, when told, so that the test can stop it.
log=$T/chat.log
start_server --log "$log" --history 5
first=$SERVER_PID
(
	wait_file "$T/restart" 600 || exit 1
	exec "$SERVER" --log "$log" --history 5 --port-file "$T/port2" 127.0.0.1 "$PORT" 2>>"$T/server.log"
) &
SERVER_PID=$!
track $SERVER_PID
vt <<EOF_ || fail "a blip repeated the history"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
sh printf 'login bob bob\\nsend bob before 1\\nsend bob before 2\\n' | $CHATC -p $PORT
wait '<bob> before 2\$'
sh kill -9 $first
wait 'Disconnected'
sh echo go >$T/restart
wait 'Reconnected after' 40000
wait-row -2 'alice \\| 1 online'
sh printf 'login bob bob\\nsend bob after\\n' | $CHATC -p $PORT
wait '<bob> after\$'
expect-count '<bob> before 1\$' 1
expect-count '<bob> before 2\$' 1
expect-gone 'missed'
EOF_
stop_server || fail "chat-server exited with status $?"

# Suspended in a busy room, alice is cut off (send queue full).  Back,
# she shows what reached her, no piece of a cut line, then how many
# lines she missed, then the server's last ones.
start_server --flood 0 --history 3 --send-queue 4096
pad=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
vt >"$T/screen" <<EOF_ || fail "a client cut off while suspended"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
signal STOP
sh printf 'timeout 60\\nlogin bob bob\\nflood bob 200000 n\\nexpect bob ^-!- quit alice: .*send queue full\\nsend bob last\\nexpect bob ^-!- join\\n' | $CHATC -p $PORT >$T/bob.out 2>&1 &
sh i=0; until grep -q 'send queue full' $T/server.log; do [ \$i -lt 300 ] || exit 1; sleep 0.1; i=\$((i + 1)); done
signal CONT
wait '-!- [0-9,]+ lines missed here\$' 40000
wait '<bob> last\$'
dump
EOF_
stop_server || fail "chat-server exited with status $?"
# The rows before the cut count up one by one (a piece of a line would
# break that), and the count of missed lines closes the gap exactly.
awk '
/\|[0-9][0-9]:[0-9][0-9] / && !/\|[0-9:]+ (-!- |<bob> n [0-9]+$|<bob> last$)/ { bad = "a piece: " $0 }
/<bob> n [0-9]+$/ { n = $NF; if (!cut && prev && n != prev + 1) bad = "not in a row: " prev ", " n

	if (cut && !after) after = n; if (!cut) prev = n }
/-!- Disconnected/ { cut = 1 }
/lines missed here/ {
	match($0, /[0-9,]+ lines missed/); missed = substr($0, RSTART, RLENGTH - 13)
	gsub(",", "", missed) }
END {
	if (bad) { print bad; exit 1 }
	if (!prev || !after || !missed) { print "no gap on the screen"; exit 1 }
	if (prev + missed + 1 != after) { print prev " + " missed " missed + 1 != " after; exit 1 }
}' "$T/screen" || { cat "$T/screen" >&2; fail "the gap after being cut off is wrong"; }

# Lines typed while away wait for the hello, so that /since goes first:
# behind them, under a flood limit of one a second, it would hold up the
# room's lines until they were all taken.
log=$T/chat2.log
start_server --log "$log" --flood 1 --flood-burst 3
first=$SERVER_PID
(
	wait_file "$T/restart2" 600 || exit 1
	exec "$SERVER" --log "$log" --flood 1 --flood-burst 3 --port-file "$T/port3" 127.0.0.1 "$PORT" 2>>"$T/server.log"
) &
SERVER_PID=$!
track $SERVER_PID
vt <<EOF_ || fail "lines typed while away held up the room"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
sh kill -9 $first
wait 'Disconnected'
type away 1\\r
type away 2\\r
type away 3\\r
type away 4\\r
type away 5\\r
type away 6\\r
type away 7\\r
type away 8\\r
sh echo go >$T/restart2
wait 'Reconnected after' 40000
sh printf 'login bob bob\\nsend bob live\\n' | $CHATC -p $PORT
wait '<bob> live\$' 3000
expect-row -2 '\\| [0-9] lines waiting'
EOF_
stop_server || fail "chat-server exited with status $?"
