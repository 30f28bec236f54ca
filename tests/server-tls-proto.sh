#!/bin/sh
# server-tls-proto.sh: what TLS chat-server speaks, seen by openssl
# s_client: TLS 1.2 and 1.3; TLS 1.0 and 1.1 refused by the server (its
# protocol_version alert, not the client giving up on its own); a
# renegotiation refused; no compression.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need_tls
need openssl

start_server

# The old versions: s_client offers them (at security level 0, which
# OpenSSL 3 needs for them) and the server answers with an alert.
for v in tls1 tls1_1; do
	openssl s_client -"$v" -cipher 'DEFAULT:@SECLEVEL=0' -connect "127.0.0.1:$PORT" \
		</dev/null >"$T/$v.out" 2>&1 && fail "-$v was accepted"
	grep -q 'alert protocol version' "$T/$v.out" ||
		{ cat "$T/$v.out" >&2; fail "-$v: no protocol_version alert from the server"; }
done
for v in tls1_2 tls1_3; do
	openssl s_client -"$v" -connect "127.0.0.1:$PORT" </dev/null >"$T/$v.out" 2>&1 ||
		{ cat "$T/$v.out" >&2; fail "-$v was refused"; }
done

# TLS 1.2 (TLS 1.3 has no renegotiation at all), compression asked for.
# s_client renegotiates when it reads a line "R"; the server's
# no_renegotiation alert ends it there.  OpenSSL 3 servers refuse a
# client's renegotiation unless told otherwise; SSL_OP_NO_RENEGOTIATION
# keeps it refused even then (SSL_OP_ALLOW_CLIENT_RENEGOTIATION alone
# makes this test fail).  On a libssl without zlib
# (Debian's) compression cannot happen anyway; on one with it, this
# checks that the server turns it down.
mkfifo "$T/in"
openssl s_client -tls1_2 -comp -connect "127.0.0.1:$PORT" <"$T/in" >"$T/reneg.out" 2>&1 &
client=$!
track $client
exec 3>"$T/in"
wait_grep '^-!- welcome ' "$T/reneg.out" || { cat "$T/reneg.out" >&2; fail "no welcome over TLS 1.2"; }
grep -q '^Compression: NONE$' "$T/reneg.out" || { cat "$T/reneg.out" >&2; fail "compression is on"; }
grep -q 'Protocol *: TLSv1.2$' "$T/reneg.out" || { cat "$T/reneg.out" >&2; fail "not TLS 1.2"; }
echo R >&3
wait_grep 'RENEGOTIATING' "$T/reneg.out" || { cat "$T/reneg.out" >&2; fail "s_client did not renegotiate"; }
wait_grep 'no renegotiation' "$T/reneg.out" ||
	{ cat "$T/reneg.out" >&2; fail "the renegotiation was not refused"; }
exec 3>&-
wait $client && fail "s_client went on after the refused renegotiation"
wait_grep ' disconnected: ' "$T/server.log" || { cat "$T/server.log" >&2; fail "the client is not logged as gone"; }
kill -0 "$SERVER_PID" || fail "chat-server died"
stop_server || fail "chat-server exited with status $?"
