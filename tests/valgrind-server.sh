#!/bin/sh
# valgrind-server.sh: a whole chat-server session under valgrind (memcheck):
# clients join, chat, use every command, send bad bytes and overlong
# lines, one resets its connection, they quit, the server is stopped with
# SIGTERM; then again, reloading the history from the --log; then a room
# of 40 talking at once, whose passes the helper thread shares.  Any invalid
# access, and any definite or indirect leak, fails it.  Slow, so it only
# runs with VALGRIND=yes (.ci/extra sets it).
# SPDX-License-Identifier: GPL-3.0-or-later
TEST_TIMEOUT=300
. "$srcdir/tests/lib.sh"
[ "${VALGRIND:-no}" = yes ] || skip "set VALGRIND=yes to run it"
need valgrind
need_loopback
RST=$top_builddir/tests/rst

# vg_server N [OPTION]...: starts session N of chat-server under valgrind.
vg_server() {
	n=$1
	shift
	rm -f "$T/port"
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect --error-exitcode=99 \
		--log-file="$T/valgrind.$n" \
		"$SERVER" --port-file "$T/port" "$@" 127.0.0.1 0 2>>"$T/server.log" &
	SERVER_PID=$!
	track $SERVER_PID
	wait_file "$T/port" 600 || { cat "$T/server.log" >&2; fail "chat-server did not start"; }
	PORT=$(cat "$T/port")
}

# vg_stop N: SIGTERM, then the exit status and valgrind's report.
vg_stop() {
	kill -TERM "$SERVER_PID"
	wait "$SERVER_PID"
	status=$?
	if [ $status -ne 0 ] || [ -s "$T/valgrind.$1" ]; then
		cat "$T/valgrind.$1" >&2
		fail "session $1: exit status $status, valgrind said the above"
	fi
}

vg_server 1 --flood 0 --max-line 1000 --send-queue 65536 --line-timeout 1 --log "$T/chat.log"
pad=$(printf "%0900d" 0)
sed "s/PAD/$pad/g" <<'END' | "$CHATC" -p "$PORT" || fail "session 1"
timeout 60
login a alice
login b bob
connect c
expect c ^-!- welcome 
send a hello bob
expect b ^<alice> hello bob$
send b /me waves
expect a ^\* bob waves$
send a /msg bob psst
expect b ^\*alice\* psst$
send b /who
expect b ^-!- who 3: 
send b /help
expect b ^-!- info: 
send b /nick alice
expect b ^-!- error name-taken
send b /nick 1bad
expect b ^-!- error name-invalid
send b /bogus
expect b ^-!- error unknown-command
send a PADPAD
expect a ^-!- error too-long
send a bad \xff\xfe \e[31mred\e[0m \xe2\x80\xae
expect b ^<alice> bad 
sendraw a never finished
expect a ^-!- error timeout
sendraw a \n
send a /nick carol
expect b ^-!- nick alice carol$
noread c
flood a 6000 PAD
expect b ^-!- quit 127\.0\.0\.1:[0-9]+: 2 online \(send queue full\)$
send b /quit bye now
expect a ^-!- quit bob: 1 online \(bye now\)$
END
"$RST" "$PORT" 3 'half a li' || fail "rst"
vg_stop 1

vg_server 2 --flood 0 --history 5 --log "$T/chat.log"
"$CHATC" -p "$PORT" <<'END' || fail "session 2"
timeout 60
connect d
expect d ^\[[^]]*\] <carol> 0+ [0-9]+$
expect d ^-!- welcome 
login e eve
send e hi
expect d ^<eve> hi$
shutdown d
END
vg_stop 2

# A room of 40, where passes are shared with the helper thread.
vg_server 3 --flood 0
room_talk 40 5 "" 120 | "$CHATC" -p "$PORT" || fail "session 3"
vg_stop 3
