#!/bin/sh
# tui-tls-late.sh: chat-server took chat-tui for a plain client because
# its TLS hello came after --tls-wait (a busy machine), and answered in
# plain text.  chat-tui sends nothing in plain text then, tries again at
# once, twice at most, and joins over TLS when a try gets through; when
# none does, it says that the server does not speak TLS and names
# --no-tls.  tests/latehello plays the server that answers too early,
# so that none of this depends on the machine's speed: it answers its
# first connections in plain text before reading anything, and relays
# the later ones to a real chat-server.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need_tls
. "$srcdir/tests/tui/common.sh"
start_server
LATE=$top_builddir/tests/latehello

# late NAME PLAIN [UPSTREAM]: starts latehello as NAME; sets LPORT.
late() {
	_n=$1; shift
	"$LATE" "$T/$_n.port" "$@" >"$T/$_n.out" 2>&1 &
	track $!
	wait_file "$T/$_n.port" || fail "latehello did not start"
	LPORT=$(cat "$T/$_n.port")
}

# clean NAME N: latehello's plain connections 1 to N got TLS records only.
clean() {
	_k=1
	while [ "$_k" -le "$2" ]; do
		wait_grep "^plain $_k: " "$T/$1.out" || { cat "$T/$1.out" >&2; fail "$1: no plain connection $_k"; }
		grep -q "^plain $_k: [0-9]* bytes in [1-9][0-9]* TLS records\$" "$T/$1.out" ||
			{ cat "$T/$1.out" >&2; fail "$1: connection $_k sent more than TLS"; }
		_k=$((_k + 1))
	done
}

# Line mode, taken for plain twice: the third try joins over TLS.
chatc_peer bob <<EOF_
expect bob ^<alice> over TLS\$
EOF_
wait_file "$T/bob.ready" || { cat "$T/bob.out" >&2; fail "bob did not log in"; }
late twice 2 "$PORT"
echo "over TLS" | "$TUI" --nick alice 127.0.0.1 "$LPORT" >"$T/line.out" 2>"$T/line.err" ||
	{ cat "$T/line.err" >&2; fail "line mode did not get through on the third try"; }
chatc_wait bob
clean twice 2
wait_grep '^relay 3$' "$T/twice.out" || { cat "$T/twice.out" >&2; fail "no third connection"; }
grep -q 'does not speak' "$T/line.err" && fail "line mode complained: $(cat "$T/line.err")"
grep -q 'encrypted' "$T/server.log" || fail "the third try was not over TLS"

# Line mode, always taken for plain: three tries, then the one line.
late always 99
echo hi | "$TUI" 127.0.0.1 "$LPORT" >"$T/always.stdout" 2>"$T/always.err"
[ $? -eq 69 ] || fail "line mode did not give up with status 69: $(cat "$T/always.err")"
grep -q 'does not speak TLS.*--no-tls' "$T/always.err" || fail "no --no-tls line: $(cat "$T/always.err")"
clean always 3
[ -s "$T/always.stdout" ] && fail "the plain server's lines were shown: $(cat "$T/always.stdout")"
grep -q '^plain 4' "$T/always.out" && fail "a fourth try"

# On the screen: taken for plain once, then in over TLS, no complaint.
[ -x "$VTRUN" ] || exit 0
late once 1 "$PORT"
vt <<EOF_ || fail "a late hello on the screen went wrong"
size 200x24
spawn $TUI --nick carol 127.0.0.1 $LPORT
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$LPORT \\| carol \\| [0-9]+ online \\| TLS$'
expect-gone 'does not speak|plain text'
type /quit\r
expect-exit 0
EOF_
clean once 1
grep -q '^relay 2$' "$T/once.out" || { cat "$T/once.out" >&2; fail "no second connection"; }

# On the screen, always taken for plain: three tries, then the line.
late screen 99
vt <<EOF_ || fail "a server that always answers in plain text was not refused clearly"
size 200x24
spawn $TUI --nick carol 127.0.0.1 $LPORT
wait 'the server does not speak TLS .*--no-tls'
expect-gone 'welcome|hello'
EOF_
clean screen 3
