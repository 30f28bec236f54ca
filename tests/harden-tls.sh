#!/bin/sh
# harden-tls.sh: hostile TLS clients: a handshake that never finishes is
# dropped after --line-timeout, garbage after the 0x16 is dropped for
# that connection alone, resets in the middle of handshakes and 1,000
# handshakes at once neither crash nor stall the server, and the room
# goes on through all of it.
# SPDX-License-Identifier: GPL-3.0-or-later
# 1,000 handshakes take a while on a loaded machine, more under a sanitizer.
TEST_TIMEOUT=180
. "$srcdir/tests/lib.sh"
need_tls
TLSFLOOD=$top_builddir/tests/tlsflood
[ -x "$TLSFLOOD" ] || fail "$TLSFLOOD was not built"
# Joins and quits are not told with more than one online: bob sees only lines.
# tlsflood may be descheduled between a connect and its hello for longer
# than the default --tls-wait on a loaded machine, as below.
start_server --line-timeout 2 --announce-max 1 --tls-wait 2000

cat >"$T/room.chatc" <<EOF_
timeout 60
login b bob
mark $T/ready
expect b ^<alice> still here\$
EOF_
"$CHATC" -p "$PORT" "$T/room.chatc" >"$T/room.out" 2>&1 &
room=$!
track $room
wait_file "$T/ready" || { cat "$T/room.out" >&2; fail "bob did not log in"; }

# A handshake record header, then nothing; and one followed by garbage.
"$CHATC" -p "$PORT" >"$T/bad.out" 2>&1 <<'EOF_' || { cat "$T/bad.out" >&2; fail "a bad handshake was not dropped"; }
timeout 10
connect stall
sendraw stall \x16\x03\x01
connect garbage
sendraw garbage \x16\x03\x01\x00\x05garbage and more garbage\n
expect-closed garbage
expect-closed stall
EOF_
wait_grep 'TLS handshake not finished in time' "$T/server.log" || fail "the stalled handshake is not logged"
wait_grep 'TLS handshake failed' "$T/server.log" || fail "the garbage is not logged"

"$TLSFLOOD" "$PORT" 300 reset >"$T/reset.out" 2>&1 || { cat "$T/reset.out" >&2; fail "resets mid-handshake"; }
kill -0 "$SERVER_PID" || fail "chat-server died of resets"

"$CHATC" -p "$PORT" <<'EOF_' || fail "alice could not speak after it all"
login a alice
send a still here
close a
EOF_
wait $room || { cat "$T/room.out" >&2; fail "bob did not hear alice"; }
kill -0 "$SERVER_PID" || fail "chat-server died"
stop_server || fail "chat-server exited with status $?"

# 1,000 at once, with the default --line-timeout: under a sanitizer or
# valgrind they take longer than the 2 s above.  tlsflood sends each hello
# right after its connect, but on a loaded machine it may be descheduled
# in between for longer than the default --tls-wait.
start_server --max-clients 1100 --announce-max 1 --tls-wait 2000
"$TLSFLOOD" "$PORT" 1000 full >"$T/full.out" 2>&1 || { cat "$T/full.out" >&2; fail "1,000 handshakes at once"; }
grep -q '^welcomed=1000 ' "$T/full.out" || fail "not all welcomed: $(cat "$T/full.out")"
"$CHATC" -p "$PORT" <<'EOF_' || fail "the room does not go on after 1,000 handshakes"
login a alice
login b bob
send a still here
expect b ^<alice> still here$
EOF_
kill -0 "$SERVER_PID" || fail "chat-server died"
stop_server || fail "chat-server exited with status $?"
