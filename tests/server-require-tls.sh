#!/bin/sh
# server-require-tls.sh: --require-tls turns a plain client away with one
# plain line that says why and how, and lets TLS clients in.
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
