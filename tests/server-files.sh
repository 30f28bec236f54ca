#!/bin/sh
# server-files.sh: the files chat-server writes are its own.  --port-file
# goes through a new temporary file (a symbolic link planted at FILE.tmp
# is left alone); --log is never a symbolic link, a FIFO (which blocked
# start for ever) or a device, is created 0600, even on SIGHUP; a log
# cut short gets its newline before the next line, and only lines with
# the exact timestamp are replayed.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
umask 022

# start_fails WHAT LOG: chat-server must refuse to start, saying why.
start_fails() {
	"$SERVER" --port-file "$T/port.$1" --log "$2" 127.0.0.1 0 2>"$T/err.$1" &
	pid=$!
	track $pid
	i=0
	while kill -0 $pid 2>/dev/null; do
		[ -s "$T/port.$1" ] && fail "chat-server started with $1 as its log"
		[ $i -lt 100 ] || fail "chat-server neither started nor failed with $1"
		sleep 0.1; i=$((i + 1))
	done
	wait $pid && fail "chat-server exited 0 with $1 as its log"
	grep -q "$2: $3" "$T/err.$1" || { cat "$T/err.$1" >&2; fail "$1: not said plainly"; }
}

echo precious >"$T/victim"
ln -s "$T/victim" "$T/port.tmp"
start_server
[ "$(cat "$T/victim")" = precious ] || fail "--port-file wrote through a planted link"
[ -L "$T/port" ] && fail "--port-file is a symbolic link"
[ "$(stat -c %a "$T/port")" = 644 ] || fail "--port-file is not 0644"
stop_server
ls "$T"/port.?????? 2>/dev/null && fail "a temporary port file was left behind"

mkfifo "$T/fifo"
start_fails fifo "$T/fifo" "not a regular file"
# --port-file is never renamed over what is not a regular file (as root,
# --port-file /dev/null made /dev/null one).
"$SERVER" --port-file "$T/fifo" 127.0.0.1 0 2>"$T/err.pf" &
pid=$!
track $pid
i=0
while kill -0 $pid 2>/dev/null; do
	[ -p "$T/fifo" ] || fail "--port-file replaced a FIFO"
	[ $i -lt 100 ] || fail "chat-server ran with a FIFO as its port file"
	sleep 0.1; i=$((i + 1))
done
wait $pid && fail "chat-server exited 0 with a FIFO as its port file"
[ -p "$T/fifo" ] || fail "--port-file replaced a FIFO"
grep -q "fifo: not a regular file" "$T/err.pf" || { cat "$T/err.pf" >&2; fail "--port-file FIFO: not said plainly"; }
ls "$T"/fifo.?????? 2>/dev/null && fail "a temporary port file was left behind"
ln -s "$T/victim" "$T/link"
start_fails symlink "$T/link" "a symbolic link"
[ "$(cat "$T/victim")" = precious ] || fail "--log wrote through a link"

# A log cut short mid-line, then a line whose timestamp is not the
# exact form; bob's line must not run into ada's, mallory's not replay.
log=$T/chat.log
printf '2026-01-01T00:00:00Z <ada> first\n' >"$log"
printf '2026-1-1T1:1:1Z xxxxx<mallory> fake\n' >>"$log"
printf '2026-01-01T00:00:00Z <ada> torn li' >>"$log"
chmod 600 "$log"
start_server --flood 0 --log "$log"
"$CHATC" -p "$PORT" <<'END' || fail "the first run"
login b bob
login w watcher
send b after the crash
expect w ^<bob> after the crash$
END
stop_server
start_server --flood 0 --log "$log"
"$CHATC" -p "$PORT" >"$T/chatc.out" 2>&1 <<'END' || { cat "$T/chatc.out" >&2; fail "the replay is wrong"; }
connect c
expect c ^\[2026-01-01T00:00:00Z\] <ada> first$
next c ^\[2026-01-01T00:00:00Z\] <ada> torn li$
next c ^\[[0-9T:-]*Z\] <bob> after the crash$
next c ^-!- welcome
END
grep -q mallory "$T/chatc.out" && fail "a malformed timestamp was replayed"

# SIGHUP with a symbolic link planted where the log was: refused, and
# the log stays the file it was.
mv "$log" "$log.1"
ln -s "$T/victim" "$log"
kill -HUP "$SERVER_PID"
i=0
until grep -q "cannot reopen $log: a symbolic link" "$T/server.log"; do
	[ $i -lt 100 ] || { cat "$T/server.log" >&2; fail "SIGHUP did not refuse the link"; }
	sleep 0.1; i=$((i + 1))
done
rm "$log"
kill -HUP "$SERVER_PID"
i=0
until [ -f "$log" ]; do
	[ $i -lt 100 ] || fail "SIGHUP did not create a new log"
	sleep 0.1; i=$((i + 1))
done
[ "$(stat -c %a "$log")" = 600 ] || fail "the log was created $(stat -c %a "$log"), not 0600"
stop_server
[ "$(cat "$T/victim")" = precious ] || fail "SIGHUP wrote through a link"
exit 0
