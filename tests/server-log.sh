#!/bin/sh
# server-log.sh: --log keeps every room line, flushed as it goes; a
# restart, even after kill -9, replays it; a log that cannot be written
# is a clear error at start and a reported (not fatal) one later.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
log=$T/chat.log

start_server --flood 0 --log "$log"
"$CHATC" -p "$PORT" <<'END' || fail "chatting with a log"
login a alice
login b bob
send a first
send a /me second
send a /msg bob not logged
expect b ^\*alice\* not logged$
send b third
expect a ^<bob> third$
END
stop_server || fail "chat-server exited with status $?"
stamp='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z'
# Each with its line ID, 1, 2, 3 in a new log.
grep -Eq "^$stamp #1 <alice> first\$" "$log" || fail "no <alice> first in the log"
grep -Eq "^$stamp #2 \* alice second\$" "$log" || fail "no action in the log"
grep -Eq "^$stamp #3 <bob> third\$" "$log" || fail "no <bob> third in the log"
grep -q "not logged" "$log" && fail "a private message was logged"
[ "$(wc -l <"$log")" -eq 3 ] || fail "the log has other lines"

# Killed mid-conversation: every line another client received is logged.
start_server --flood 0 --log "$log"
"$CHATC" -p "$PORT" <<'END' || fail "before kill -9"
connect a
next a ^\[[^]]*\] <alice> first$
next a ^\[[^]]*\] \* alice second$
next a ^\[[^]]*\] <bob> third$
next a ^-!- welcome 
send a /nick alice
login b bob
flood a 50 line
expect-seq b <alice> line 50
END
kill -9 "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
[ "$(grep -c '<alice> line' "$log")" -eq 50 ] || fail "lines lost at kill -9"

start_server --flood 0 --log "$log" --history 5
"$CHATC" -p "$PORT" <<'END' || fail "after kill -9"
connect c
next c ^\[[^]]*\] <alice> line 46$
expect c ^\[[^]]*\] <alice> line 50$
next c ^-!- welcome 
END
stop_server || fail "chat-server exited with status $?"

# SIGHUP reopens the log, for rotation.
start_server --flood 0 --log "$log"
mv "$log" "$log.1"
kill -HUP "$SERVER_PID"
i=0
while [ ! -e "$log" ]; do
	[ $i -lt 100 ] || fail "SIGHUP did not reopen the log"
	sleep 0.1; i=$((i + 1))
done
"$CHATC" -p "$PORT" <<'END' || fail "after SIGHUP"
login a alice
login b bob
send a rotated
expect b ^<alice> rotated$
END
grep -q '<alice> rotated$' "$log" || fail "SIGHUP did not reopen the log"
grep -q 'rotated' "$log.1" && fail "a line went to the rotated log"
stop_server || fail "chat-server exited with status $?"

# Unwritable at start: an error naming the file, and no server.
"$SERVER" --log "$T/no/such/dir/chat.log" 127.0.0.1 0 2>"$T/err" &&
	fail "chat-server started with an unwritable log"
grep -q "no/such/dir/chat.log" "$T/err" || fail "the error does not name the log"

# Not a regular file (/dev/full here): refused at start, said plainly.
"$SERVER" --port-file "$T/port.full" --log /dev/full 127.0.0.1 0 2>"$T/err" &
pid=$!
track $pid
i=0
while kill -0 $pid 2>/dev/null; do
	[ -s "$T/port.full" ] && fail "chat-server started with /dev/full as its log"
	[ $i -lt 100 ] || fail "chat-server neither started nor failed with /dev/full"
	sleep 0.1; i=$((i + 1))
done
wait $pid && fail "chat-server exited 0 with /dev/full as its log"
grep -q "/dev/full: not a regular file" "$T/err" || { cat "$T/err" >&2; fail "/dev/full not refused plainly"; }

# The file size limit reached later (RLIMIT_FSIZE, as a full disk would
# be): said once, the room goes on, and the log keeps whole lines only.
# The limit holds for the server's stderr too, so that starts empty: the
# earlier servers' lines, longer in a deep build tree, would otherwise
# fill it before the error could be reported.
log=$T/limited.log
mv "$T/server.log" "$T/server.log.before"
printf '#!/bin/sh\nulimit -f 16 || exit 77\nexec "%s" "$@"\n' "$SERVER" >"$T/limited"
chmod +x "$T/limited"
REAL_SERVER=$SERVER
SERVER=$T/limited
start_server --flood 0 --log "$log"
SERVER=$REAL_SERVER
long=$(printf 'x%.0s' $(seq 200))
{
	echo "login a alice"
	echo "login b bob"
	for i in $(seq 100); do echo "send a $i $long"; done
	echo "send a last"
	echo "expect b ^<alice> last\$"
} | "$CHATC" -p "$PORT" || fail "at the file size limit"
stop_server || fail "chat-server exited with status $?"
[ "$(grep -c "cannot write to $log" "$T/server.log")" -eq 1 ] || {
	cat "$T/server.log" >&2
	fail "the write error was not reported exactly once"
}
grep -Ev "^[0-9T:-]*Z (#[0-9]+ )?<alice> ([0-9]+ $long|last)\$" "$log" && fail "a torn line in the log"
[ "$(wc -l <"$log")" -gt 10 ] || fail "the log did not fill up to the limit"
exit 0
