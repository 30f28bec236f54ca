#!/bin/sh
# server-tls-limits.sh: the limits hold for TLS clients as for plain
# ones: --max-clients turns a TLS client away (chat-tui says the room is
# full, not that the server lacks TLS), the flood limit slows a TLS
# sender without losing a line, and a TLS reader that stops reading is
# cut off at --send-queue while the others go on.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need_tls
TLSFLOOD=$top_builddir/tests/tlsflood
[ -x "$TLSFLOOD" ] || fail "$TLSFLOOD was not built"

# --max-clients 1, taken by a plain client: chat-tui (TLS) is refused.
start_server --max-clients 1
cat >"$T/holder.chatc" <<EOF_
login h holder
mark $T/holder.ready
expect h ^-!- nothing
EOF_
"$CHATC" -p "$PORT" "$T/holder.chatc" >/dev/null 2>&1 &
track $!
wait_file "$T/holder.ready" || fail "the holder did not log in"
echo hi | "$TUI" 127.0.0.1 "$PORT" >"$T/full.out" 2>&1 && fail "a TLS client got past --max-clients"
grep -q 'refused: -!- error full' "$T/full.out" || fail "not told the room is full: $(cat "$T/full.out")"
stop_server

# --flood 10 --flood-burst 5: 40 lines from a TLS client take seconds, and all arrive.
start_server --flood 10 --flood-burst 5
cat >"$T/watch.chatc" <<EOF_
timeout 20
login w watcher
mark $T/watch.ready
expect-none w 1500 ^<tls> l40\$
expect-seq w <tls> l 40
EOF_
"$CHATC" -p "$PORT" "$T/watch.chatc" >"$T/watch.out" 2>&1 &
watch=$!
track $watch
wait_file "$T/watch.ready" || fail "the watcher did not log in"
{ i=1; while [ $i -le 40 ]; do echo "l$i"; i=$((i + 1)); done; sleep 15; } |
	"$TUI" --nick tls 127.0.0.1 "$PORT" >/dev/null 2>"$T/flood.err" &
track $!
wait $watch || { cat "$T/watch.out" >&2; fail "the flood limit did not hold for TLS (or lost lines)"; }
stop_server

# A TLS reader that never reads is cut off once the kernel's buffers are
# full and its queue passes --send-queue (the default, 1 MiB).
start_server --flood 0
mkfifo "$T/hold"
"$TLSFLOOD" "$PORT" 1 hold <"$T/hold" >"$T/hold.out" 2>&1 &
track $!
exec 3>"$T/hold"
wait_grep '^ready' "$T/hold.out" || fail "the TLS reader did not get in"
pad=$(printf '%0400d' 0)
"$CHATC" -p "$PORT" >"$T/sender.out" 2>&1 <<EOF_ || { cat "$T/sender.out" >&2; fail "the sender was held up"; }
timeout 30
login s sender
login r reader
flood s 20000 $pad
expect-seq r <sender> $pad 20000
expect r ^-!- quit 127\.0\.0\.1:[0-9]+: [0-9]+ online \(send queue full\)$
EOF_
wait_grep 'disconnected: send queue full' "$T/server.log" || fail "the TLS reader was not cut off"
exec 3>&-
stop_server || fail "chat-server exited with status $?"
