#!/bin/sh
# server-relay.sh: a line reaches everyone else, once, in order, named
# after its sender, and never comes back to the sender.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
start_server --flood 0

"$CHATC" -p "$PORT" <<'END' || fail "relay between three clients"
login a alice
login b bob
login c carol
expect a ^-!- join [^ ]+: 3 online$
expect a ^-!- nick [^ ]+ carol$
send a hello from alice
expect b ^<alice> hello from alice$
expect c ^<alice> hello from alice$
send b hello from bob
# "next": had alice's own line come back, it would be first.
next a ^<bob> hello from bob$
expect c ^<bob> hello from bob$
send c hello from carol
expect a ^<carol> hello from carol$
expect b ^<carol> hello from carol$
expect-none a 300 ^<alice>
flood a 200 n
expect-seq b <alice> n 200
expect-seq c <alice> n 200
send b done
next a ^<bob> done$
expect-none a 300 ^<alice>
END
stop_server || fail "chat-server exited with status $?"
