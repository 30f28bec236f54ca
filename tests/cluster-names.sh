#!/bin/sh
# cluster-names.sh: names across two nodes: joins, nick changes and
# quits told on both; /who lists everyone; /msg reaches a name on the
# other node; a name taken there is refused here; and of two clients on
# two nodes asking for the same name at once, 200 times, exactly one
# gets it each time.
# SPDX-License-Identifier: GPL-3.0-or-later
TEST_TIMEOUT=120
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/cluster-lib.sh"
start_redis
start_node 1
start_node 2 --irc 127.0.0.1:0
IRC2=$(sed -n 2p "$T/port2")

"$CHATC" <<END || fail "names across nodes"
login a alice $PORT1
login b bob $PORT2
expect a ^-!- join [^ ]+: 2 online$
expect a ^-!- nick [^ ]+ bob$
login c carol $PORT2
expect a ^-!- nick [^ ]+ carol$
send a /who
expect a ^-!- who 3: alice (bob carol|carol bob)$
send c /who
expect c ^-!- who 3: (bob carol|carol bob) alice$
send a /msg bob psst
expect a ^-> \*bob\* psst$
expect b ^\*alice\* psst$
expect-none c 300 psst
send b /msg ALICE back
expect a ^\*bob\* back$
send c /nick alice
expect c ^-!- error name-taken alice: that name is in use$
send a /nick ada
expect b ^-!- nick alice ada$
send c /nick alice
expect c ^-!- nick carol alice$
expect a ^-!- nick carol alice$
send c /quit bye
expect a ^-!- quit alice: 2 online \(bye\)$
expect b ^-!- quit alice: 2 online \(bye\)$
send a /msg alice anyone
expect a ^-!- error no-such-name alice:
END

# The race: both ask for rN at once; exactly one is refused.
{
	echo "timeout 20"
	echo "login a alice $PORT1"
	echo "login b bob $PORT2"
	i=1
	while [ $i -le 200 ]; do
		echo "send a /nick r$i"
		echo "send b /nick r$i"
		# /who is answered after the /nick before it: both were
		# decided before either lets its name go in the next round.
		echo "send a /who"
		echo "send b /who"
		echo "expect a ^-!- who"
		echo "expect b ^-!- who"
		i=$((i + 1))
	done
	echo "send a /who"
	echo "expect a ^-!- who"
	echo "send b /who"
	echo "expect b ^-!- who"
} > "$T/race"
"$CHATC" -v "$T/race" 2>"$T/race.log" || { tail "$T/race.log" >&2; fail "the name race did not finish"; }
i=1
while [ $i -le 200 ]; do
	n=$(grep -c "^[ab]< -!- error name-taken r$i:" "$T/race.log")
	[ "$n" -eq 1 ] || fail "round $i: $n of the two were refused, not 1"
	i=$((i + 1))
done
# An IRC client registers with a nick: leased like a /nick.
"$CHATC" <<END || fail "an IRC nick across nodes"
login z zed $PORT1
connect i $IRC2
send i NICK zed\r
send i USER u 0 * :U\r
expect i 433 .*zed :Nickname is already in use
send i NICK ida\r
expect i 001 ida
expect z ^-!- join ida: 2 online\$
send z /nick ida
expect z ^-!- error name-taken ida:
END
for n in 1 2; do
	eval "kill -TERM \$PID$n; wait \$PID$n" || fail "node $n exited with status $?"
done
