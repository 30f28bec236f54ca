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
exit 0
