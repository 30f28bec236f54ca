#!/bin/sh
# tui-tls.sh: chat-tui over TLS without a screen, and its refusals: line
# mode joins over TLS and prints the first-use notice on stderr; a server
# that speaks plain text gets one line naming --no-tls (and --no-tls then
# joins it); a certificate that a trusted authority issued for the host
# name needs no trust on first use; --serve joins its own server over TLS.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need_tls
. "$srcdir/tests/tui/common.sh"
need openssl
start_server
fp=$("$SERVER" --fingerprint)
known=$XDG_STATE_HOME/chat-tui/known_hosts

chatc_bg bob <<EOF_
login bob bob
expect bob ^<alice> over TLS\$
send bob back
EOF_
wait_grep 'bob' "$T/server.log" || { cat "$T/server.log" >&2; fail "no bob in server.log"; }
{ echo "over TLS"; sleep 30; } | "$TUI" --nick alice 127.0.0.1 "$PORT" >"$T/line.out" 2>"$T/line.err" &
tui=$!
track $tui
wait_grep '^<bob> back$' "$T/line.out" || { cat "$T/line.out" >&2; fail "no ^<bob> back in line.out"; }
chatc_wait bob
kill $tui
grep -q "First connection to 127.0.0.1:$PORT: its key has the fingerprint $fp" "$T/line.err" ||
	fail "no first-use notice on stderr: $(cat "$T/line.err")"
[ "$(cat "$known")" = "127.0.0.1:$PORT $fp" ] || fail "known_hosts: $(cat "$known")"
grep -q "127.0.0.1:[0-9]*: encrypted" "$T/server.log" || fail "line mode did not use TLS"

# A changed key is refused in line mode too: exit 69, both fingerprints.
echo "127.0.0.1:$PORT SHA256:00:11" >"$known"
echo hi | "$TUI" 127.0.0.1 "$PORT" >"$T/changed.out" 2>&1
[ $? -eq 69 ] || fail "a changed key was not refused"
grep -q "KEY HAS CHANGED" "$T/changed.out" && grep -q "^Remembered key: SHA256:00:11$" "$T/changed.out" &&
	grep -q "^Key shown now:  $fp$" "$T/changed.out" && grep -q "delete line 1 of $known:$" "$T/changed.out" &&
	grep -q "^127.0.0.1:$PORT SHA256:00:11$" "$T/changed.out" ||
	fail "the refusal does not say it all: $(cat "$T/changed.out")"

# A server that speaks plain text (vtrun plays the tutorial's server):
# one line that names --no-tls, and nothing of what it said is shown.
if [ -x "$VTRUN" ]; then
	vt <<EOF_ || fail "a plain server was not refused clearly"
size 200x24
listen $T/plainport
spawn sh -c 'exec $TUI --nick alice 127.0.0.1 \$(cat $T/plainport)'
feed Welcome to the tutorial server! Say something:\n
wait 'the server does not speak TLS .*--no-tls'
expect-count 'TLS' 1
expect-gone 'tutorial'
EOF_
fi

# --serve joins the server it started over TLS, trusting the key that
# server's --fingerprint shows (no first use, nothing in known_hosts).
if [ -x "$VTRUN" ]; then
	rm -f "$known"
	own=$("$SERVER" --fingerprint)
	mkdir -p "$T/tmp"
	vt <<EOF_ || fail "--serve did not join over TLS"
size 200x24
env TMPDIR=$T/tmp
spawn $TUI --serve --nick alice 127.0.0.1 0
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:[1-9][0-9]* \\| alice \\| 1 online \\| TLS\$'
type /fingerprint\r
wait "The server's key: $own \\(the server that --serve started\\)"
expect-gone 'First connection'
type /quit\r
expect-exit 0
EOF_
	[ ! -e "$known" ] || fail "--serve's own key went into known_hosts"
fi

# --no-tls joins chat-server in plain text.
out=$(echo /who | "$TUI" --no-tls 127.0.0.1 "$PORT" 2>&1)
echo "$out" | grep -q '^-!- who ' || fail "--no-tls did not join: $out"

# A certificate for "localhost" from an authority we trust (SSL_CERT_FILE).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
	-subj /CN=test-ca -keyout "$T/ca.key" -out "$T/ca.pem" >/dev/null 2>&1 || fail "no CA"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost \
	-keyout "$T/srv.key" -out "$T/srv.csr" >/dev/null 2>&1 || fail "no CSR"
printf 'subjectAltName=DNS:localhost\n' >"$T/ext"
openssl x509 -req -in "$T/srv.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" -CAcreateserial \
	-days 2 -extfile "$T/ext" -out "$T/srv.pem" >/dev/null 2>&1 || fail "no certificate"
stop_server
start_server --tls-cert "$T/srv.pem" --tls-key "$T/srv.key"
rm -f "$known"
out=$(echo /who | SSL_CERT_FILE=$T/ca.pem "$TUI" localhost "$PORT" 2>&1)
echo "$out" | grep -q '^-!- who ' || fail "the CA-issued certificate was refused: $out"
echo "$out" | grep -q 'First connection' && fail "trust on first use for a valid certificate"
[ ! -e "$known" ] || fail "a valid certificate went into known_hosts"
exit 0
