#!/bin/sh
# harden-vanish.sh: a client that vanishes without FIN (its cable pulled:
# nothing more comes back from it) is reaped once --keepalive gives up on
# it, and the room is told; a silent client that is still there is kept.
#
# Everything runs in network namespaces of its own: the server and the
# room in one (unshare -n), the victim in another, joined by a veth pair
# on 192.0.2.0/30 (TEST-NET-1) that exists only inside them.  Pulling the
# cable is taking the victim's end down.  A normal user (a buildd) gets
# them inside a user namespace of its own (unshare -rn), where it may
# manage its own network.
# SPDX-License-Identifier: GPL-3.0-or-later
if [ -z "${HARDEN_NETNS:-}" ]; then
	command -v unshare >/dev/null 2>&1 || exit 77
	for how in -n -rn; do
		unshare $how true 2>/dev/null && HARDEN_NETNS=1 exec unshare $how sh "$0" "$@"
	done
	echo "SKIP: no network namespaces, not even in a user namespace" >&2
	exit 77
fi
. "$srcdir/tests/lib.sh"
need ip
need nsenter
ip link set lo up || skip "cannot bring up lo in the namespace"
unshare -n sleep 600 &
ns=$!
track $ns
# Wait until the child is in its own namespace.
i=0
while [ "$(readlink /proc/$ns/ns/net)" = "$(readlink /proc/$$/ns/net)" ]; do
	[ $i -lt 50 ] || fail "the victim's namespace did not come up"
	sleep 0.1; i=$((i + 1))
done
in_victim() { nsenter -t "$ns" -n "$@"; }
ip link add hv0 type veth peer name hv1 netns "$ns" 2>/dev/null ||
	skip "cannot make a veth pair"
ip addr add 192.0.2.1/30 dev hv0 && ip link set hv0 up &&
	in_victim ip link set lo up &&
	in_victim ip addr add 192.0.2.2/30 dev hv1 &&
	in_victim ip link set hv1 up || fail "cannot set up the veth pair"

"$SERVER" --port-file "$T/port" --flood 0 --keepalive 1 192.0.2.1 0 2>>"$T/server.log" &
SERVER_PID=$!
track $SERVER_PID
wait_file "$T/port" || { cat "$T/server.log" >&2; fail "chat-server did not start"; }
PORT=$(cat "$T/port")

# The room gathers first, so that once the victim is gone nothing more is
# sent to it: only keepalive can find out.
cat >"$T/room.chatc" <<END
timeout 15
login q quiet
login a alice
login b bob
mark $T/room.ready
expect a ^-!- join 192\\.0\\.2\\.2:[0-9]+: 4 online\$
expect a ^-!- quit 192\\.0\\.2\\.2:[0-9]+: 3 online \\(timed out\\)\$
expect q ^-!- quit 192\\.0\\.2\\.2:[0-9]+: 3 online \\(timed out\\)\$
send a still here
expect q ^<alice> still here\$
send q /who
expect q ^-!- who 3: quiet alice bob\$
END
"$CHATC" -H 192.0.2.1 -p "$PORT" "$T/room.chatc" >"$T/room.out" 2>&1 &
room=$!
track $room
wait_file "$T/room.ready" || { cat "$T/room.out" >&2; fail "the room did not gather"; }

cat >"$T/victim.chatc" <<END
connect v
expect v ^-!- welcome 192\\.0\\.2\\.2:[0-9]+: 
mark $T/victim.ready
sleep 60000
END
# Not through in_victim: $! must be nsenter itself (it becomes chatc),
# not a subshell that would leave chatc behind when killed.
nsenter -t "$ns" -n "$CHATC" -H 192.0.2.1 -p "$PORT" "$T/victim.chatc" >"$T/victim.out" 2>&1 &
track $!
wait_file "$T/victim.ready" || { cat "$T/victim.out" >&2; fail "the victim did not join"; }
in_victim ip link set hv1 down || fail "cannot pull the cable"

# Keepalive 1 s: probes after 1 s of silence, every 1 s, 3 of them.
wait $room || { cat "$T/room.out" >&2; fail "the vanished client was not reaped"; }
# The thread logs its end after it has told the room.
wait_grep "192\.0\.2\.2:[0-9]*.*disconnected: timed out" "$T/server.log" ||
	fail "the server log does not say the client timed out"
stop_server || fail "chat-server exited with status $?"
