#!/bin/sh
# server-state-kill9.sh: the state files survive kill -9 while they are
# being written.  A key takes name after name, so that the server rewrites
# its names file again and again, and the server is killed -9 at a random
# point; after each kill it must start again (so the file parses), every
# line must be whole, and every name the client was told it took must be
# there.  Ops and bans files are written the same way (fileReplace), and
# can be checked here the same way.
# SPDX-License-Identifier: GPL-3.0-or-later
TEST_TIMEOUT=${TEST_TIMEOUT:-120}
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/keys.sh"
names=$XDG_STATE_HOME/chat-server/names
ada=$(key_make ada)
per=200

# check_file: the names file holds whole lines, one per name, and every
# name the client was told it took.
check_file() {
	[ -z "$(tail -c 1 "$names")" ] || fail "the last line is not whole: $(tail -n 1 "$names")"
	grep -v '^#' "$names" | grep -Evx "[A-Za-z][A-Za-z0-9_-]{0,15} $ada" >"$T/bad" &&
		fail "lines that are not whole: $(head -3 "$T/bad")"
	[ -z "$(grep -v '^#' "$names" | cut -d' ' -f1 | sort | uniq -d)" ] || fail "a name twice"
	[ ! -s "$T/told" ] || while read -r n; do
		grep -q "^$n " "$names" || fail "$n was taken, and lost in the kill"
	done <"$T/told"
}
# random N: a number from 1 to N.
random() {
	echo $(( $(od -An -N2 -tu2 /dev/urandom) % $1 + 1 ))
}

for round in 1 2 3 4 5; do
	start_server --flood 0
	[ "$round" = 1 ] || check_file
	tls_open ada 4
	i=1
	while [ $i -le $per ]; do
		printf '/nick r%dn%d\n' "$round" "$i"
		i=$((i + 1))
	done >&4
	# Killed once some of the names are taken: while the file is being
	# written, or between two writes.
	k=$(random $((per * 3 / 4)))
	_n=0
	until [ "$(grep -c "^-!- nick .* +r${round}n" "$T/ada.out")" -ge "$k" ]; do
		[ $_n -ge 200 ] && fail "round $round: only $(grep -c nick "$T/ada.out") names of $k taken"
		sleep 0.05; _n=$((_n + 1))
	done
	kill -9 "$SERVER_PID"
	wait "$SERVER_PID" 2>/dev/null
	tls_close ada
	grep -o "+r${round}n[0-9]*\$" "$T/ada.out" | tr -d + >>"$T/told"
	echo "round $round: killed after $k names, $(grep -c "^-!- nick " "$T/ada.out") told" >&2
done

start_server
check_file
stop_server || fail "chat-server exited with status $?: $(tail -5 "$T/server.log")"
exit 0
