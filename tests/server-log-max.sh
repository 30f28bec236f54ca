#!/bin/sh
# server-log-max.sh: the log cannot fill the disk.  --log-max moves it to
# FILE.1 when a line would take it past the limit, and starts a new one;
# and a line counts at the size it grows to once invalid bytes are
# U+FFFD (three bytes each), so --max-line bounds what it costs the log.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

log=$T/chat.log
start_server --flood 0 --log "$log" --log-max 2000 --max-line 100
long=$(printf 'x%.0s' $(seq 90))
ff30=$(printf '\\xff%.0s' $(seq 30))
ff40=$(printf '\\xff%.0s' $(seq 40))
{
	printf '%s\n' "login a alice" "login b bob"
	for i in $(seq 60); do printf '%s\n' "send a $i $long"; done
	printf '%s\n' "expect b ^<alice> 60 $long\$"
	# 30 invalid bytes are 90 once sanitised: within --max-line 100;
	# 40 are 120: past it, though only 40 came.
	printf '%s\n' "send a $ff30" '^<alice> (\xef\xbf\xbd){30}$' | sed '2s/^/expect b /'
	printf '%s\n' "send a $ff40" "expect a ^-!- error too-long 100: "
	printf '%s\n' "send a after" "expect b ^<alice> after\$"
} | "$CHATC" -p "$PORT" || fail "the room with --log-max"
stop_server || fail "chat-server exited with status $?"
[ -f "$log.1" ] || fail "the log was never rotated to $log.1"
for f in "$log" "$log.1"; do
	size=$(wc -c <"$f")
	[ "$size" -le 2000 ] || fail "$f is $size bytes, past --log-max 2000"
done
grep -q "<alice> after\$" "$log" || fail "the newest line is not in the log"
[ "$(grep -c "$(printf '\357\277\275')" "$log" "$log.1" | awk -F: '{ n += $2 } END { print n }')" -eq 1 ] ||
	fail "not just the line of 30 U+FFFD was logged"
[ "$(stat -c %a "$log")" = 600 ] || fail "the new log is not 0600"
wait_grep "reached --log-max" "$T/server.log" || fail "the rotation was not logged"
exit 0
