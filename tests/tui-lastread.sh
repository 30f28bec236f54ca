#!/bin/sh
# tui-lastread.sh: the unread marker survives a restart of chat-tui: the
# line ID read last is kept per server in the state directory, and the
# next run draws the marker after that line in the replay.  A line that comes after joining never takes the marker.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start --history=20

chatc_peer bob <<EOF_
send bob one
send bob two
send bob three
send bob /since
expect bob ^-!- ids
mark $T/bob.sent
expect bob ^-!- join
expect bob ^-!- quit alice
send bob four
send bob five
mark $T/bob.done
EOF_
# The three are in the room's history before alice comes: its answer to
# /since came after them.  Lines that come after alice joins, but before
# chat-tui's own /since is answered, carry no ID to keep.
wait_file "$T/bob.sent" || fail "bob did not log in and talk"

vt <<EOF_ || fail "the first run went wrong"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait '<bob> three$'
expect-gone '^-+$'
type /quit\\r
wait-exit 0
EOF_
wait_file "$T/bob.done" || fail "bob did not go on"
grep -Eq "^127\\.0\\.0\\.1:$PORT [0-9]+\$" "$XDG_STATE_HOME/chat-tui/read" ||
	fail "the line read last was not kept: $(cat "$XDG_STATE_HOME/chat-tui/read" 2>&1)"

# The marker right after "three", the first line not read: the screen
# dumped, and the rows in order.
vt >"$T/screen" <<EOF_ || fail "the second run went wrong"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait '<bob> five$'
wait '^-{80}$'
dump
type /quit\\r
wait-exit 0
EOF_
grep -A2 '<bob> three$' "$T/screen" | sed 's/^ *[0-9]* *-[0-9]*|//' >"$T/around"
printf '%s\n' "$(sed -n 1p "$T/around")" | grep -q '<bob> three$' &&
	sed -n 2p "$T/around" | grep -Eq '^-{80}$' &&
	sed -n 3p "$T/around" | grep -q '<bob> four$' ||
	{ cat "$T/screen" >&2; fail "the marker is not after the last line read"; }
# The pane is not full: the marker's row takes no line's place.
grep -q '<bob> one$' "$T/screen" || { cat "$T/screen" >&2; fail "the marker hid the first line"; }
chatc_wait bob
printf 'login carol carol\nsend carol later\nclose carol\n' >"$T/carol.chatc"

# Only the lines there were on joining hold the marker: with none
# replayed, a line that comes later is not taken for the first unread.
stop_server
start_server --history=0
printf 'login dave dave\nsend dave x\nsend dave y\nclose dave\n' | "$CHATC" -p "$PORT" ||
	fail "dave could not talk"
echo "127.0.0.1:$PORT 2" >"$XDG_STATE_HOME/chat-tui/read"
vt <<EOF_ || fail "a live line got the marker"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
sh $CHATC -p $PORT $T/carol.chatc
wait '<carol> later$'
expect-gone '^-+$'
EOF_
exit 0
