#!/bin/sh
# server-tls-memory.sh: an idle TLS client stays cheap.  400 TLS clients
# held idle by tests/tlsflood, first one handshake after another, then
# all at once; chat-server's RSS grows by at most 34 kB a client in the
# first case and 46 kB in the second.  Before the handshake ran in a
# thread of its own and the heap was trimmed after a burst, they cost
# about 39 and 61 kB (an idle plain client costs about 10).  The figures
# for 5,000 clients: tests/bench/tls-idle.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need_tls
TLSFLOOD=$top_builddir/tests/tlsflood
[ -x "$TLSFLOOD" ] || fail "$TLSFLOOD was not built"
[ -r /proc/self/status ] || skip "no /proc to read the RSS from"
ldd "$SERVER" 2>/dev/null | grep -q 'libasan\|libtsan' && skip "a sanitizer's memory is not chat-server's"
N=400

rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$SERVER_PID/status"; }

# held MODE MAX_KB: N clients held in MODE; at most MAX_KB kB a client.
held() {
	start_server -q --max-clients $((N + 50))
	before=$(rss)
	rm -f "$T/hold"
	mkfifo "$T/hold"
	"$TLSFLOOD" "$PORT" "$N" "$1" <"$T/hold" >"$T/$1.out" 2>&1 &
	flood=$!
	track $flood
	exec 7>"$T/hold"
	wait_grep '^ready$' "$T/$1.out" 600 || { cat "$T/$1.out" >&2; fail "$1: the clients did not all get in"; }
	# Until the RSS stops moving (the last welcomes are still going out).
	now=$(rss) last=0 i=0
	while [ "$now" != "$last" ] && [ $i -lt 20 ]; do
		last=$now
		sleep 0.5
		now=$(rss)
		i=$((i + 1))
	done
	per=$(( (now - before) / N ))
	echo "$1: $N idle TLS clients, RSS $before kB before, $now kB after: $per kB a client" >&2
	exec 7>&-
	wait $flood || { cat "$T/$1.out" >&2; fail "$1: tlsflood failed"; }
	stop_server || fail "chat-server exited with status $?"
	[ "$per" -le "$2" ] || fail "$1: an idle TLS client costs $per kB (at most $2)"
}

held serial 34
held hold 46
