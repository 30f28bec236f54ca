#!/bin/sh
# server-history.sh: a newcomer first gets the last --history room lines,
# marked with their time, then the welcome; private lines and notices are
# never replayed.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
start_server --flood 0 --history 3

"$CHATC" -p "$PORT" <<'END' || fail "history replay"
login a alice
login b bob
send a m1
send a m2
send a /msg bob secret
send a m3
send a /me acts
send a m4
expect b ^<alice> m4$
connect c
next c ^\[[0-9]{4}-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z\] <alice> m3$
next c ^\[[^]]*\] \* alice acts$
next c ^\[[^]]*\] <alice> m4$
next c ^-!- welcome 127\.0\.0\.1:[0-9]+: 3 online, /help for commands$
send a live
next c ^<alice> live$
END
stop_server || fail "chat-server exited with status $?"

start_server --flood 0 --history 0
"$CHATC" -p "$PORT" <<'END' || fail "--history 0"
login a alice
send a m1
connect c
next c ^-!- welcome 
END
stop_server || fail "chat-server exited with status $?"
