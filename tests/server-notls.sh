#!/bin/sh
# server-notls.sh: a chat-server built with --disable-tls speaks plain
# text, drops a TLS hello as a failed handshake, and refuses the options
# that need TLS with a clear message and status 78 (EX_CONFIG); nobody is
# an operator.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
grep -q '^#define HAVE_TLS 1' "$top_builddir/config.h" && skip "built with TLS"

for opt in --require-tls --fingerprint --op=SHA256:00 --password-file=/dev/null --allow=/dev/null; do
	status=0
	"$SERVER" $opt 127.0.0.1 0 >"$T/out" 2>&1 || status=$?
	[ "$status" -eq 78 ] || fail "$opt: status $status, not 78"
	grep -q 'built without TLS' "$T/out" || fail "$opt: no clear message: $(cat "$T/out")"
done

start_server
"$CHATC" -p "$PORT" <<'EOF_' || fail "plain text in a build without TLS"
login a alice
login b bob
send a hello
expect b ^<alice> hello$
send a /kick bob
expect a ^-!- error not-operator: only operators may do that$
connect t
sendraw t \x16\x03\x01\x00\x05hello
expect-closed t

EOF_
wait_grep 'TLS handshake failed: built without TLS' "$T/server.log" ||
	fail "the TLS hello was not logged as refused"
stop_server || fail "chat-server exited with status $?"
