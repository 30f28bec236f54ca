#!/bin/sh
# harden-log-errors.sh: a disk that fills up while the room talks is
# reported once and the room goes on, losing nothing but the log lines
# that did not fit, and once there is room again the log resumes with
# whole lines.  (A log that cannot be opened at all is
# tests/harden-log-start.sh.)
#
# Runs in a mount namespace of its own for a tiny tmpfs: unshare -m, or
# for a normal user (a buildd) unshare -rm, inside a user namespace.
# SPDX-License-Identifier: GPL-3.0-or-later
if [ -z "${HARDEN_MNTNS:-}" ] && command -v unshare >/dev/null 2>&1; then
	for how in -m -rm; do
		unshare $how true 2>/dev/null && HARDEN_MNTNS=1 exec unshare $how sh "$0" "$@"
	done
fi
. "$srcdir/tests/lib.sh"

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
if grep -v -E "^$stamp #[0-9]+ (<alice> filling the disk [0-9]+|<carol> room again)\$" "$log" >"$T/bad"; then
	cat "$T/bad" >&2
	fail "the log has broken lines"
fi
stop_server || fail "chat-server exited with status $?"
umount "$T/fs"
