#!/bin/sh
# server-max-clients.sh: past --max-clients a newcomer is refused with a
# notice; once someone leaves there is room again.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
start_server --flood 0 --history 0 --max-clients 2

"$CHATC" -p "$PORT" <<'END' || fail "max-clients"
login a alice
login b bob
connect c
next c ^-!- error full: 
expect-closed c
send a still fine
expect b ^<alice> still fine$
send b /quit
expect a ^-!- quit bob: 1 online
expect-closed b
# Its thread ends just after it closes the socket: until then the
# place is still taken.
connect-until d ^-!- welcome [^ ]+: 2 online
END
stop_server || fail "chat-server exited with status $?"
wait_grep 'refused' "$T/server.log" || fail "the refusal is not logged"

# An open-file limit too low for --max-clients is said, and obeyed.
rm -f "$T/port"
(ulimit -n 64 && exec "$SERVER" --port-file "$T/port" --max-clients 1000 127.0.0.1 0) \
	2>"$T/err" &
pid=$!
track "$pid"
wait_file "$T/port" || fail "chat-server did not start with 64 files"
grep -q 'caps --max-clients at [0-9]' "$T/err" || fail "the cap is not said: $(cat "$T/err")"
kill -TERM "$pid"
wait "$pid" || fail "chat-server exited with status $?"
