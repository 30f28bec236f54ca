#!/bin/sh
# harden-log-errors.sh: a --log that cannot be written is a clear error at
# start (a path under a file, a directory, a directory without
# permission), not a crash; a disk that fills up while the room talks is
# reported once and the room goes on, losing nothing but the log lines
# that did not fit, and once there is room again the log resumes with
# whole lines.  (A missing directory and /dev/full are tests/server-log.sh.)
#
# Runs in a mount namespace of its own (unshare -m) for a tiny tmpfs.
if [ -z "${HARDEN_MNTNS:-}" ] && command -v unshare >/dev/null 2>&1 &&
	unshare -m true 2>/dev/null; then
	HARDEN_MNTNS=1 exec unshare -m sh "$0" "$@"
fi
. "$srcdir/tests/lib.sh"

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

[ -n "${HARDEN_MNTNS:-}" ] || skip "no mount namespace for a tiny tmpfs"
mkdir "$T/fs"
mount -t tmpfs -o size=8k tmpfs "$T/fs" 2>/dev/null || skip "cannot mount a tmpfs"
# Room for one page of log: the other is taken by a file removed later.
head -c 4096 /dev/zero >"$T/fs/filler" || fail "cannot fill the tmpfs"
log=$T/fs/chat.log
start_server --flood 0 --log "$log"
"$CHATC" -p "$PORT" <<END || fail "the room stopped when the disk filled up"
timeout 20
login a alice
login b bob
flood a 300 filling the disk
expect-seq b <alice> filling the disk 300
END
kill -0 "$SERVER_PID" || fail "chat-server died"
[ "$(grep -c "cannot write to $log: No space left on device" "$T/server.log")" -eq 1 ] ||
	{ cat "$T/server.log" >&2; fail "the full disk was not reported exactly once"; }
# Room again: the log goes on, with whole lines only.
rm "$T/fs/filler"
"$CHATC" -p "$PORT" <<END || fail "the room stopped after the disk had room again"
login c carol
send c room again
send c /who
expect c ^-!- who 
END
i=0
until grep -q '<carol> room again' "$log" 2>/dev/null; do
	[ $i -lt 50 ] || fail "the log did not resume"
	sleep 0.1; i=$((i + 1))
done
stamp='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z'
if grep -v -E "^$stamp (<alice> filling the disk [0-9]+|<carol> room again)\$" "$log" >"$T/bad"; then
	cat "$T/bad" >&2
	fail "the log has broken lines"
fi
stop_server || fail "chat-server exited with status $?"
umount "$T/fs"
