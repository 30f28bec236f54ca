#!/bin/sh
# server-require-tls.sh: --require-tls turns a plain client away with one
# plain line that says why and how, and lets TLS clients in, also those
# whose hello comes later than --tls-wait (a loaded machine): plain text
# is refused anyway, so the server waits longer for it.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need_tls
need openssl
start_server --require-tls

"$CHATC" -p "$PORT" >"$T/plain.out" 2>&1 <<EOF_ || { cat "$T/plain.out" >&2; fail "the plain client was not told"; }
connect a
next a ^-!- error tls-required: .*TLS.*openssl s_client -quiet -connect 127\.0\.0\.1:$PORT\$
expect-closed a
EOF_
# The log line is written after the close that chatc saw: wait for it.
wait_grep 'plain text refused' "$T/server.log" || fail "the refusal is not logged"

mkfifo "$T/in"
openssl s_client -quiet -connect "127.0.0.1:$PORT" <"$T/in" >"$T/tls.out" 2>"$T/tls.err" &
track $!
exec 3>"$T/in"
wait_grep '^-!- welcome ' "$T/tls.out" || { cat "$T/tls.out" >&2; fail "no ^-!- welcome  in tls.out"; }
echo /who >&3
wait_grep '^-!- who 1: ' "$T/tls.out" || { cat "$T/tls.out" >&2; fail "no ^-!- who 1:  in tls.out"; }
exec 3>&-
stop_server || fail "chat-server exited with status $?"

# --tls-wait 0: every hello is late for it, none for the longer wait.
start_server --require-tls --tls-wait 0
for i in 1 2 3; do
	openssl s_client -quiet -connect "127.0.0.1:$PORT" </dev/null >"$T/late$i.out" 2>/dev/null &
	late=$!
	track $late
	wait_grep '^-!- (welcome |error tls-required)' "$T/late$i.out" ||
		fail "a TLS client got no answer (taken for plain, its handshake failed)"
	grep -q '^-!- welcome ' "$T/late$i.out" || fail "a TLS client was taken for plain: $(cat "$T/late$i.out")"
	kill $late
done
stop_server || fail "chat-server exited with status $?"
exit 0
