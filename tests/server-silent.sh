#!/bin/sh
# server-silent.sh: near --max-clients, a place held by a socket that has
# not finished a line within --line-timeout of connecting goes to the
# next newcomer: the oldest such is dropped, one per newcomer; those who
# have spoken stay.  Short of near full, silent clients stay.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

start_server --flood 0 --max-clients 10 --line-timeout 1
{
	printf '%s\n' "login a alice" "send a hello"
	# 7 silent: 8 in all, short of near full (9 of 10).
	for i in 1 2 3 4 5 6 7; do printf '%s\n' "connect s$i" "expect s$i ^-!- welcome"; done
	printf '%s\n' "sleep 1500" "connect n1" "expect n1 ^-!- welcome" \
		"expect-none a 500 ^-!- quit .*silent"
	# Now 9: the next newcomer makes room by dropping the oldest silent one.
	printf '%s\n' "connect n2" "expect n2 ^-!- welcome" \
		"expect a ^-!- quit 127\\.0\\.0\\.1:[0-9]+: [0-9]+ online \\(silent while the room is full\\)\$" \
		"expect-closed s1"
	printf '%s\n' "login b bob" "send b still here" "expect a ^<bob> still here\$"
} | "$CHATC" -p "$PORT" || fail "silent places near full"
grep -q "dropped: silent while the room is full" "$T/server.log" || fail "the drop was not logged"
stop_server || fail "chat-server exited with status $?"
