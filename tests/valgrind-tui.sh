#!/bin/sh
# valgrind-tui.sh: chat-tui under valgrind (memcheck), full-screen in a
# pseudo-terminal (connect, receive, send, an escape-sequence injection,
# resize, scroll, Tab completion, /who, /away, M-j, M-t, /quit) and in line mode through
# pipes.  Any invalid access, and any definite or indirect leak, fails it.
# Slow, so it only runs with VALGRIND=yes (.ci/extra sets it).
# SPDX-License-Identifier: GPL-3.0-or-later
TEST_TIMEOUT=300
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
[ "${VALGRIND:-no}" = yes ] || skip "set VALGRIND=yes to run it"
need valgrind
need_vtrun
VG="valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect --error-exitcode=99"
VTRUN_TIMEOUT_SCALE=10
export VTRUN_TIMEOUT_SCALE
start_server --flood 0

long=
i=10
while [ $i -lt 50 ]; do long="$long w$i"; i=$((i + 1)); done
cat >"$T/bob.chatc" <<EOF_
timeout 60
login bob bob
mark $T/bob.ready
expect bob ^-!- join 
expect bob ^-!- nick [^ ]+ \\+?alice\$
send bob hi alice
send bob \\e[2J\\e]0;pwned\\x07 injected \\xe2\\x80\\xae
send bob $long
expect bob ^<alice> hello bob\$
expect bob ^<alice> bob: completed\$
EOF_
"$CHATC" -p "$PORT" "$T/bob.chatc" >"$T/bob.out" 2>&1 &
bob=$!
track $bob
wait_file "$T/bob.ready" || fail "bob did not log in"

vt <<EOF_ || { cat "$T/valgrind.tui" >&2; fail "chat-tui under valgrind"; }
size 80x24
spawn $VG --log-file=$T/valgrind.tui $TUI --nick alice 127.0.0.1 $PORT
wait '^$TS <bob> hi alice$'
wait 'w49'
expect-title '^(chat-tui( \\| [a-z]+: [0-9]+)*)?$'
type hello bob\r
wait '^$TS <alice> hello bob$'
resize 40x12
wait-row -1 '^>'
key pageup pagedown
resize 80x24
type bo
key tab
type completed\r
wait '^$TS <alice> bob: completed$'
type /who\r
wait 'Online \\([0-9]+\\): alice'
type /away lunch\r
wait 'marked as away: lunch'
key alt-j alt-t
wait '^<alice> hello bob$'
key alt-j alt-t pageup
wait '^$TS <alice> hello bob$'
type /quit\r
wait-exit 0 6000
expect-restored
EOF_
[ -s "$T/valgrind.tui" ] && { cat "$T/valgrind.tui" >&2; fail "valgrind said the above"; }
wait $bob || { cat "$T/bob.out" >&2; fail "bob did not get alice's lines"; }

# Line mode: stdin and stdout are pipes.
cat >"$T/carol.chatc" <<EOF_
timeout 60
login carol carol
mark $T/carol.ready
expect carol ^<[^ ]+> from line mode\$
send carol back to line mode
END
EOF_
sed -i '$d' "$T/carol.chatc"
"$CHATC" -p "$PORT" "$T/carol.chatc" >"$T/carol.out" 2>&1 &
carol=$!
track $carol
wait_file "$T/carol.ready" || fail "carol did not log in"
{
	echo "from line mode"
	i=0
	while [ $i -lt 600 ] && ! grep -q 'back to line mode' "$T/line.out" 2>/dev/null; do
		sleep 0.1; i=$((i + 1))
	done
} | $VG --log-file="$T/valgrind.line" "$TUI" 127.0.0.1 "$PORT" >"$T/line.out" 2>&1
status=$?
[ $status -eq 0 ] || { cat "$T/line.out" "$T/valgrind.line" >&2; fail "line mode: exit status $status"; }
[ -s "$T/valgrind.line" ] && { cat "$T/valgrind.line" >&2; fail "valgrind said the above (line mode)"; }
grep -q 'back to line mode' "$T/line.out" || fail "line mode did not print carol's line"
wait $carol || { cat "$T/carol.out" >&2; fail "carol did not get the line"; }
stop_server || fail "chat-server exited with status $?"
