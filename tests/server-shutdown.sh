#!/bin/sh
# server-shutdown.sh: SIGTERM and SIGINT tell every client, flush, close
# and exit 0.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

for sig in TERM INT; do
	rm -f "$T/ready"
	start_server --flood 0
	"$CHATC" -p "$PORT" <<END &
login a alice
login b bob
send a bye soon
expect b ^<alice> bye soon$
mark $T/ready
expect a ^-!- shutdown: server is shutting down$
expect-closed a
expect b ^-!- shutdown: server is shutting down$
expect-closed b
END
	client=$!
	track "$client"
	wait_file "$T/ready" || fail "the clients did not get ready"
	kill -"$sig" "$SERVER_PID"
	wait "$SERVER_PID" || fail "SIG$sig: chat-server exited with status $?"
	wait "$client" || fail "SIG$sig: the clients were not told"
done
grep -q 'shutting down' "$T/server.log" || fail "the shutdown is not logged"
