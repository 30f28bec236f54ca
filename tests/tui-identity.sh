#!/bin/sh
# tui-identity.sh: chat-tui's own key: made on the first run in the state
# directory (0600, a key then its certificate), the same on the next run,
# printed by --fingerprint, shown in the TLS handshake (the server logs
# its fingerprint); an unreadable identity is said, never replaced.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need_tls
. "$srcdir/tests/tui/common.sh"
need openssl
id=$XDG_STATE_HOME/chat-tui/identity.pem
[ ! -e "$id" ] || fail "an identity before the first run"
fp=$("$TUI" --fingerprint) || fail "--fingerprint failed"
case $fp in SHA256:??:*) ;; *) fail "--fingerprint printed: $fp" ;; esac
[ "$(stat -c %a "$id")" = 600 ] || fail "identity.pem is mode $(stat -c %a "$id")"
[ "SHA256:$(openssl x509 -in "$id" -noout -fingerprint -sha256 | sed 's/.*=//')" = "$fp" ] ||
	fail "--fingerprint is not the certificate's"
openssl pkey -in "$id" -noout 2>/dev/null || fail "no key in identity.pem"
[ "$("$TUI" --fingerprint)" = "$fp" ] || fail "a second run made another key"
ls "$XDG_STATE_HOME/chat-tui" | grep -v '^identity.pem$' && fail "a temporary file was left"

# Every TLS handshake shows it: the server logs the client key.
start_server
out=$(echo /who | "$TUI" --nick alice 127.0.0.1 "$PORT" 2>&1)
echo "$out" | grep -q '^-!- who ' || fail "did not join: $out"
wait_grep ": encrypted (.*), client key $fp\$" "$T/server.log" ||
	fail "the server did not see the key: $(cat "$T/server.log")"

# A broken identity is an error, and stays as it was.
echo garbage >"$id"
out=$("$TUI" --fingerprint 2>&1) && fail "--fingerprint with a broken identity: $out"
echo "$out" | grep -q "identity.pem: not a private key followed by its certificate" ||
	fail "unclear: $out"
[ "$(cat "$id")" = garbage ] || fail "a broken identity was replaced"
out=$(echo /who | "$TUI" --nick bob 127.0.0.1 "$PORT" 2>&1)
echo "$out" | grep -q "without a key of your own" || fail "joining without a key was not said: $out"
echo "$out" | grep -q '^-!- who ' || fail "did not join without a key: $out"
stop_server
exit 0
