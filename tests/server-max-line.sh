#!/bin/sh
# server-max-line.sh: the largest --max-line that chat-server accepts is
# one it can hold: a line of that length, even one that sanitising makes
# three times longer, is handled and the server stays in step.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

LC_ALL=C "$SERVER" --max-line 999999999 2>"$T/err" && fail "--max-line 999999999 accepted"
max=$(sed -n 's/.*--max-line.*(from [0-9]* to \([0-9]*\)).*/\1/p' "$T/err")
[ -n "$max" ] || { cat "$T/err" >&2; fail "no limit in the message"; }
"$SERVER" --max-line $((max + 1)) 2>/dev/null
[ $? -eq 64 ] || fail "--max-line $((max + 1)) is not a usage error"

start_server --flood 0 --max-line "$max"
long=$(awk -v n="$max" 'BEGIN { while (n--) printf "x" }')
# Every byte invalid UTF-8: sanitised, each becomes three.
bad=$(awk -v n="$max" 'BEGIN { while (n--) printf "\\xff" }')
"$CHATC" -p "$PORT" <<END || fail "a line of --max-line $max bytes"
login a alice
login b bob
send a $long
next b ^<alice> $long\$
send a $bad
send a after
expect b ^<alice> after\$
END
kill -0 "$SERVER_PID" || fail "chat-server died"
stop_server

# A line that can be relayed live but would not fit the wire once replayed
# with its time and ID in front is refused when it is said: otherwise every
# newcomer would miss it (and the server would log an internal error).
start_server --flood 0 --max-line "$max" --history 10
fit=$(awk 'BEGIN { n = 1355; while (n--) printf "\\xff" }')
"$CHATC" -p "$PORT" <<END || fail "a line that could not be replayed"
login a alice
login b bob
send a $fit
send a after
expect a ^-!- error too-long
expect b ^<alice> after\$
connect c
expect c ^\[[0-9T:-]*Z\] (#[0-9]+ )?<alice> after\$
next c ^-!- welcome
END
grep -q "internal error" "$T/server.log" && fail "an internal error was logged"
exit 0
