#!/bin/sh
# server-log-unnamed.sh: a client that leaves before it ever joined has
# no name, and its disconnect line says its address alone, once: here a
# silent client still waiting out --tls-wait when the server stops,
# which turns it away at once rather than wait for it until its time to
# exit is up.  A joined client's line keeps its name, its address in
# brackets after.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
start_server --tls-wait 10000
"$CHATC" -p "$PORT" >"$T/chatc.out" 2>&1 <<END &
timeout 60
connect a
send a /nick alice
expect a ^-!- welcome 
expect a ^-!- nick [^ ]+ alice$
connect q
mark $T/ready
expect-closed q
expect-closed a
END
client=$!
track $client
wait_file "$T/ready" || fail "chatc did not connect"
wait_count 2 ' connected$' "$T/server.log" || fail "the second connection is not logged"
stop_server || fail "chat-server exited with status $?"
wait $client || { cat "$T/chatc.out" >&2; fail "chatc"; }
grep ' disconnected: ' "$T/server.log" >"$T/gone"
grep -q ': alice (127\.0\.0\.1:[0-9]*) disconnected: shutdown$' "$T/gone" ||
	{ cat "$T/server.log" >&2; fail "alice's line is not 'alice (ADDR) disconnected'"; }
grep -q ': 127\.0\.0\.1:[0-9]* disconnected: shutdown$' "$T/gone" ||
	{ cat "$T/server.log" >&2; fail "the silent client's line is not 'ADDR disconnected'"; }
grep -v alice "$T/gone" | grep -q '(' && { cat "$T/gone" >&2; fail "an empty name in brackets"; }
[ "$(wc -l <"$T/gone")" -eq 2 ] || { cat "$T/gone" >&2; fail "not one line each"; }
grep -q 'did not finish in time' "$T/server.log" &&
	{ cat "$T/server.log" >&2; fail "the stop waited for the silent client"; }
true
