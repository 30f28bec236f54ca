#!/bin/sh
# server-announce.sh: with --announce-max N, joins and quits are told
# alike: a newcomer who makes the room larger than N is announced neither
# coming nor going, and one who came while there were at most N is
# announced both ways.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
start_server --announce-max 2

"$CHATC" -p "$PORT" <<'END' || fail "joins and quits were told unalike"
login a alice
login b bob
expect a ^-!- nick [^ ]+ bob$
# The third is not announced coming, and not going either.
login c carol
expect a ^-!- nick [^ ]+ carol$
close c
expect-none a 500 ^-!- (join|quit) 
# bob came while there were two: both ways.
close b
expect a ^-!- quit bob: 1 online
END
exit 0
