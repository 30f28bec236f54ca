#!/bin/sh
# server-allow.sh: --allow FILE lets in only the client keys it lists:
# another key, no key and plain text are refused, each told why, before
# any of the room reaches them; SIGHUP reads the list again, and a key
# taken off it leaves the room (and --log is still reopened); a bad list stops the server with its line number, and
# at SIGHUP is logged while the old list stays.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need_tls
need openssl

ada=$(make_key ada)
eve=$(make_key eve)

# visit ID [MESSAGE]: connects over TLS with ID's key (none for "anon"),
# says MESSAGE once welcome; waits for the welcome or the error, in $T/ID.out.
visit() {
	rm -f "$T/$1.in" "$T/$1.out"
	mkfifo "$T/$1.in"
	key=
	[ "$1" = anon ] || key="-cert $T/$1.pem -key $T/$1.pem"
	openssl s_client -quiet $key -connect "127.0.0.1:$PORT" <"$T/$1.in" >"$T/$1.out" 2>/dev/null &
	pid=$!
	track $pid
	exec 4>"$T/$1.in"
	wait_grep '^-!- (welcome |error )' "$T/$1.out" || { cat "$T/$1.out" >&2; fail "$1: no answer"; }
	if [ -n "${2:-}" ]; then
		echo "$2" >&4
		echo /who >&4
		wait_grep '^-!- who ' "$T/$1.out" || fail "$1: no answer to /who"
	fi
	exec 4>&-
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
}

# ada's key in lower case, with comments around.
lower=$(echo "$ada" | sed 's/SHA256/sha256/; y/ABCDEF/abcdef/')
printf '# who may come in\n\n%s ada, laptop\n' "$lower" >"$T/allow"
start_server --allow "$T/allow" --log "$T/room.log" --irc 127.0.0.1:0
wait_grep 'allow: 1 key may join' "$T/server.log" || fail "the list was not logged"

visit ada 'hello from ada'
grep -q '^-!- welcome ' "$T/ada.out" || fail "ada was refused: $(cat "$T/ada.out")"
visit eve
grep -q "^-!- error not-allowed: your key is not on this room's list: give its owner your fingerprint (chat-tui --fingerprint)\$" "$T/eve.out" ||
	fail "eve was not refused: $(cat "$T/eve.out")"
grep -q 'ada' "$T/eve.out" && fail "eve saw the room: $(cat "$T/eve.out")"
wait_grep "key $eve not on the list" "$T/server.log" || fail "eve's refusal is not logged"
visit anon
grep -q '^-!- error not-allowed: this room admits only the client keys on its list, and you showed none' "$T/anon.out" ||
	fail "a client without a key was not refused: $(cat "$T/anon.out")"
# An IRC client with eve's key: an IRC ERROR.
openssl s_client -quiet -cert "$T/eve.pem" -key "$T/eve.pem" -connect "127.0.0.1:$IRC_PORT" \
	</dev/null >"$T/irc.out" 2>/dev/null &
track $!
wait_grep "^ERROR :Closing link: your key is not on this room's list" "$T/irc.out" ||
	{ cat "$T/irc.out" >&2; fail "the IRC client was not refused"; }
"$CHATC" -p "$PORT" >"$T/plain.out" 2>&1 <<EOF_ || { cat "$T/plain.out" >&2; fail "the plain client was not told"; }
connect p
next p ^-!- error tls-required: this room admits only the client keys on its list, over TLS: .*openssl s_client
expect-closed p
EOF_

# ada is in the room when the SIGHUP takes her key off the list.
rm -f "$T/stay.in" "$T/stay.out"
mkfifo "$T/stay.in"
openssl s_client -quiet -cert "$T/ada.pem" -key "$T/ada.pem" -connect "127.0.0.1:$PORT" \
	<"$T/stay.in" >"$T/stay.out" 2>/dev/null &
stay=$!
track $stay
exec 5>"$T/stay.in"
wait_grep '^-!- welcome ' "$T/stay.out" || { cat "$T/stay.out" >&2; fail "ada could not stay"; }

# SIGHUP: eve instead of ada; the log is reopened as before.
printf '%s eve\n' "$eve" >"$T/allow"
mv "$T/room.log" "$T/room.log.old"
kill -HUP "$SERVER_PID"
wait_count 2 'allow: 1 key may join' "$T/server.log" 100 || fail "SIGHUP did not read the list again"
# ada, in the room, is told and leaves.
wait_grep "^-!- error not-allowed: your key was taken off this room's list\$" "$T/stay.out" ||
	{ cat "$T/stay.out" >&2; fail "ada was not put out"; }
wait_grep 'disconnected: taken off the list \(--allow\)' "$T/server.log" || fail "not logged"
exec 5>&-
visit eve 'hello from eve'
grep -q '^-!- welcome ' "$T/eve.out" || fail "eve was refused after SIGHUP: $(cat "$T/eve.out")"
visit ada
grep -q '^-!- error not-allowed: ' "$T/ada.out" || fail "ada still came in: $(cat "$T/ada.out")"
wait_grep 'hello from eve' "$T/room.log" || fail "SIGHUP no longer reopens --log"

# A bad list at SIGHUP: said with its line number, the old list kept.
printf '%s\nSHA256:12:34\n' "$ada" >"$T/allow"
kill -HUP "$SERVER_PID"
wait_grep 'allow:2: not a key fingerprint .*; keeping the settings from before' "$T/server.log" ||
	fail "the bad list was not logged"
visit eve
grep -q '^-!- welcome ' "$T/eve.out" || fail "the old list was not kept: $(cat "$T/eve.out")"
visit ada
grep -q '^-!- error not-allowed: ' "$T/ada.out" || fail "half a bad list was taken"
stop_server || fail "chat-server exited with status $?"

# A bad list at start: the line number, status 78, no start.
status=0
"$SERVER" --allow "$T/allow" 127.0.0.1 0 >"$T/out" 2>&1 || status=$?
[ "$status" -eq 78 ] || fail "a bad list: status $status"
grep -q 'allow:2: not a key fingerprint (SHA256:XX:XX:..., as chat-tui --fingerprint prints it)' "$T/out" ||
	fail "unclear: $(cat "$T/out")"
status=0
"$SERVER" --allow "$T/none" 127.0.0.1 0 >"$T/out" 2>&1 || status=$?
[ "$status" -eq 66 ] || fail "a missing list: status $status"
exit 0
