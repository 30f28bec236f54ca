#!/bin/sh
# server-eof.sh: a client that sends its lines and then EOF (echo | nc)
# has them all relayed, even a last one without LF, and still gets its
# replies before the server closes.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
start_server --flood 0

"$CHATC" -p "$PORT" <<'END' || fail "EOF"
login b bob
connect a
expect a ^-!- welcome 
sendraw a hello\n/who\nno newline
shutdown a
next b ^-!- join 
next b ^<127\.0\.0\.1:[0-9]+> hello$
next b ^<127\.0\.0\.1:[0-9]+> no newline$
next b ^-!- quit 127\.0\.0\.1:[0-9]+: 1 online \(connection closed\)$
expect a ^-!- who 2: 
expect-closed a
END

if command -v nc >/dev/null 2>&1 && nc -h 2>&1 | grep -q -- ' -N'; then
	"$CHATC" -p "$PORT" <<END &
login b bob
mark $T/ready
expect b ^<127\.0\.0\.1:[0-9]+> from nc$
END
	client=$!
	track "$client"
	wait_file "$T/ready" || fail "bob did not get ready"
	printf 'from nc\n/who\n' | nc -N 127.0.0.1 "$PORT" >"$T/nc.out" ||
		fail "nc failed"
	wait "$client" || fail "bob did not get the line from nc"
	grep -q '^-!- who 2: ' "$T/nc.out" || fail "nc did not get the /who reply"
fi
stop_server || fail "chat-server exited with status $?"
