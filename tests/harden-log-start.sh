#!/bin/sh
# harden-log-start.sh: a --log that cannot be written is a clear error at
# start (a path under a file, a directory, a directory without
# permission), not a crash.  Needs no privilege and no namespace; the
# full disk is tests/harden-log-errors.sh.  (A missing directory and
# /dev/full are tests/server-log.sh.)
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need_loopback

# start_fails WHAT PATH: chat-server must refuse to start, naming PATH.
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
	wait $pid
	status=$?
	[ $status -ne 0 ] && [ $status -lt 128 ] || fail "exit status $status with $1 (a crash?)"
	grep -q "chat-server: $2: " "$T/err.$1" || { cat "$T/err.$1" >&2; fail "the error for $1 does not name it"; }
}

: >"$T/file"
start_fails under-a-file "$T/file/chat.log"
grep -q 'Not a directory' "$T/err.under-a-file" || fail "ENOTDIR not said"
mkdir "$T/dir"
start_fails a-directory "$T/dir"
grep -q 'Is a directory' "$T/err.a-directory" || fail "EISDIR not said"
# Without permission.  Root may read anything, so run the server as
# nobody, when nobody can reach it here (not under a private mktemp -d).
SERVER_AS=$SERVER
if [ "$(id -u)" -eq 0 ]; then
	SERVER_AS=
	nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
	command -v setpriv >/dev/null 2>&1 &&
		$nobody "$SERVER" --version >/dev/null 2>&1 &&
		SERVER_AS="$nobody $SERVER"
fi
if [ -n "$SERVER_AS" ]; then
	mkdir "$T/locked"
	chmod 000 "$T/locked"
	chmod 755 "$T"
	$SERVER_AS --log "$T/locked/chat.log" 127.0.0.1 0 2>"$T/err.locked"
	status=$?
	[ $status -ne 0 ] && [ $status -lt 128 ] || fail "exit status $status with no permission"
	grep -q "$T/locked/chat.log: Permission denied" "$T/err.locked" ||
		{ cat "$T/err.locked" >&2; fail "EACCES not said"; }
else
	echo "no check without permission: nobody cannot run $SERVER here" >&2
fi
