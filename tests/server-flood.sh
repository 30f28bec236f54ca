#!/bin/sh
# server-flood.sh: a client sending faster than --flood is slowed down,
# never dropped: every line arrives, in order, and the others still get
# through.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
start_server --flood 10 --flood-burst 5

"$CHATC" -p "$PORT" <<'END' || fail "flood limit"
timeout 20
login a alice
login b bob
login c carol
flood a 30 n
send c meanwhile
# 5 at once, then 10 a second: the last cannot come within the first second.
expect-none b 1000 ^<alice> n 30$
# Meanwhile the others are not held up.
expect a ^<carol> meanwhile$
expect-seq b <alice> n 30
expect-seq c <alice> n 30
expect b ^<carol> meanwhile$
END
stop_server || fail "chat-server exited with status $?"

# --flood 0 is off: the same lines arrive at once.
start_server --flood 0
"$CHATC" -p "$PORT" <<'END' || fail "--flood 0"
login a alice
login b bob
flood a 2000 n
expect-seq b <alice> n 2000
END
stop_server || fail "chat-server exited with status $?"
