#!/bin/sh
# server-tls.sh: TLS and plain text on one port.  openssl s_client, a
# client none of us wrote, and a plain line client (chatc, as nc would)
# talk to each other through the same chat-server; the certificate that
# s_client sees is the one whose fingerprint chat-server logs and prints,
# and the key it made on its first start is private.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need_tls
need openssl

start_server
state=$XDG_STATE_HOME/chat-server
[ -s "$state/key.pem" ] && [ -s "$state/cert.pem" ] || fail "no key and certificate in $state"
[ "$(stat -c %a "$state/key.pem")" = 600 ] || fail "the key is not mode 0600"
fp=$("$SERVER" --fingerprint) || fail "--fingerprint failed"
echo "$fp" | grep -Eq '^SHA256(:[0-9A-F]{2}){32}$' || fail "fingerprint looks wrong: $fp"
grep -q "fingerprint: $fp" "$T/server.log" || fail "the fingerprint is not logged at start"
seen=$(openssl x509 -noout -fingerprint -sha256 -in "$state/cert.pem" | sed 's/.*=//')
[ "SHA256:$seen" = "$fp" ] || fail "--fingerprint ($fp) is not the certificate's ($seen)"

mkfifo "$T/in"
openssl s_client -quiet -connect "127.0.0.1:$PORT" <"$T/in" >"$T/tls.out" 2>"$T/tls.err" &
track $!
exec 3>"$T/in"
wait_grep '^-!- welcome ' "$T/tls.out" || { cat "$T/tls.out" >&2; fail "no ^-!- welcome  in tls.out"; }

cat >"$T/bob.chatc" <<EOF_
login bob bob
mark $T/bob-in
expect bob ^<tls> over TLS\$
send bob over plain text
EOF_
"$CHATC" -p "$PORT" "$T/bob.chatc" >"$T/bob.out" 2>&1 &
bob=$!
track $bob
wait_file "$T/bob-in" || { cat "$T/bob.out" >&2; fail "bob did not log in"; }
echo "/nick tls" >&3
echo "over TLS" >&3
wait $bob || { cat "$T/bob.out" >&2; fail "bob did not get the TLS client's line"; }
wait_grep '^<bob> over plain text$' "$T/tls.out" || { cat "$T/tls.out" >&2; fail "no ^<bob> over plain text in tls.out"; }
grep -q 'encrypted (TLSv1\.[23])' "$T/server.log" || fail "the TLS client is not logged as encrypted"

# What the TLS client saw is the certificate with that fingerprint.
openssl s_client -connect "127.0.0.1:$PORT" </dev/null 2>/dev/null |
	openssl x509 -noout -fingerprint -sha256 >"$T/peer-fp" || fail "no certificate from s_client"
[ "SHA256:$(sed 's/.*=//' "$T/peer-fp")" = "$fp" ] || fail "s_client saw another certificate"
# Old protocols are refused.
openssl s_client -tls1_1 -connect "127.0.0.1:$PORT" </dev/null >"$T/old.out" 2>&1 &&
	fail "TLS 1.1 was accepted"
exec 3>&-
kill -0 "$SERVER_PID" || fail "chat-server died"
stop_server || fail "chat-server exited with status $?"

# A TLS hello that comes after --tls-wait, once the client was taken for
# plain and welcomed: the connection is dropped, and nothing of the hello
# reaches the room.
start_server --tls-wait 0
"$CHATC" -p "$PORT" >"$T/late.out" 2>&1 <<EOF_ || { cat "$T/late.out" >&2; fail "a late TLS hello went wrong"; }
login bob bob
connect x
expect x ^-!- welcome
sendraw x \x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 hello\n
expect-closed x
expect bob ^-!- quit
expect-none bob 300 hello
EOF_
grep -q 'TLS hello after --tls-wait' "$T/server.log" || fail "the late hello is not logged"
stop_server || fail "chat-server exited with status $?"

# A plain client that says nothing is welcomed after --tls-wait, not
# before, and not much later: nc users wait for the greeting.
start_server --tls-wait 3000
"$CHATC" -p "$PORT" >"$T/wait.out" 2>&1 <<EOF_ || { cat "$T/wait.out" >&2; fail "--tls-wait was not kept"; }
connect x
expect-none x 2000 ^-!- welcome
timeout 5
expect x ^-!- welcome
EOF_
stop_server || fail "chat-server exited with status $?"
start_server
"$CHATC" -p "$PORT" >"$T/prompt.out" 2>&1 <<EOF_ || { cat "$T/prompt.out" >&2; fail "a silent plain client waited too long"; }
timeout 2
connect x
expect x ^-!- welcome
EOF_
stop_server || fail "chat-server exited with status $?"
