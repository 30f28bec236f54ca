#!/bin/sh
# server-state-kill9.sh: the state files survive kill -9 while they are
# being written.  A key takes name after name, so that the server rewrites
# its names file again and again, and the server is killed -9 at a random
# point; after each kill it must start again (so the file parses), every
# line must be whole, and every name the client was told it took must be
# there.  Then the same with the bans file: an operator lifts ban after
# ban, and every ban it was told it lifted must stay lifted, the others
# whole.  (The ops file is only read; ban.c and owned.c write theirs with
# the same fileReplace.)  What a kill leaves beside them goes at the next
# start.
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
	start_server --flood 0 --tls-wait 5000
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
	wait_count "$k" "^-!- nick .* +r${round}n" "$T/ada.out" 100 ||
		fail "round $round: only $(grep -c nick "$T/ada.out") names of $k taken"
	kill -9 "$SERVER_PID"
	wait "$SERVER_PID" 2>/dev/null
	tls_close ada
	grep -o "+r${round}n[0-9]*\$" "$T/ada.out" | tr -d + >>"$T/told"
	echo "round $round: killed after $k names, $(grep -c "^-!- nick " "$T/ada.out") told" >&2
done

start_server
check_file
stop_server || fail "chat-server exited with status $?: $(tail -5 "$T/server.log")"

# The bans file: ada, an operator, lifts ban after ban of a full file.
bans=$XDG_STATE_HOME/chat-server/bans
nbans=600
i=1
while [ $i -le $nbans ]; do
	printf '10.0.%d.%d 2026-12-01T08:00:00Z u%d ada banned for test %d\n' \
		$((i / 200)) $((i % 200 + 1)) $i $i
	i=$((i + 1))
done >"$bans"
cp "$bans" "$T/bans.all"
: >"$T/lifted"
echo ' u0 ' >"$T/asked"
check_bans() {
	[ -z "$(tail -c 1 "$bans")" ] || fail "the last ban is not whole: $(tail -n 1 "$bans")"
	grep -v '^#' "$bans" | grep -vxFf "$T/bans.all" >"$T/bad" &&
		fail "bans that are not whole: $(head -3 "$T/bad")"
	while read -r n; do
		grep -q " $n ada " "$bans" && fail "$n was lifted, and is banned again after the kill"
	done <"$T/lifted"
	# Those nobody asked to lift are all there.
	grep -vFf "$T/asked" "$T/bans.all" | grep -vxFf "$bans" >"$T/lost" &&
		fail "bans lost in the kill: $(wc -l <"$T/lost"), such as $(head -1 "$T/lost")"
	return 0
}
for round in 1 2 3; do
	start_server --flood 0 --op "$ada" --tls-wait 5000
	check_bans
	tls_open ada 4
	i=$(( (round - 1) * 200 + 1 ))
	while [ $i -le $((round * 200)) ]; do
		printf '/unban u%d\n' "$i"
		printf ' u%d ada \n' "$i" >>"$T/asked"
		i=$((i + 1))
	done >&4
	k=$(random 150)
	wait_count "$k" '^-!- unban u' "$T/ada.out" 100 ||
		fail "round $round: only $(grep -c unban "$T/ada.out") of $k bans lifted"
	kill -9 "$SERVER_PID"
	wait "$SERVER_PID" 2>/dev/null
	tls_close ada
	sed -n 's/^-!- unban \(u[0-9]*\) by .*/\1/p' "$T/ada.out" >>"$T/lifted"
	echo "bans, round $round: killed after $k lifted, $(grep -c '^-!- unban u' "$T/ada.out") told" >&2
done
start_server --op "$ada"
check_bans
stop_server || fail "chat-server exited with status $?: $(tail -5 "$T/server.log")"

# What a kill in the middle of a write leaves beside the files (mkstemp's
# FILE.XXXXXX) is removed at the next start, and nothing else is.
state=$XDG_STATE_HOME/chat-server
for f in names.Zz9Yy8 names.a1B2c3 bans.Q1w2E3 names.keep names.ab-def names.abcdefg mynames.abcdef; do
	: >"$state/$f"
done
start_server
wait_grep "removed 2 unfinished copies of $state/names\$" "$T/server.log" ||
	fail "the names file's leftovers were not swept: $(tail -5 "$T/server.log")"
wait_grep "removed 1 unfinished copy of $state/bans\$" "$T/server.log" ||
	fail "the bans file's leftovers were not swept: $(tail -5 "$T/server.log")"
for f in names.Zz9Yy8 names.a1B2c3 bans.Q1w2E3; do
	[ ! -e "$state/$f" ] || fail "$f is still there"
done
for f in names.keep names.ab-def names.abcdefg mynames.abcdef; do
	[ -e "$state/$f" ] || fail "$f, not a leftover, was removed"
done
stop_server || fail "chat-server exited with status $?: $(tail -5 "$T/server.log")"
exit 0
