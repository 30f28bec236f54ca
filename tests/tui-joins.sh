#!/bin/sh
# tui-joins.sh: M-j hides joins and quits and shows them again;
# --hide-joins starts with them hidden (also from the configuration
# file); --hide-joins=smart hides only those of people who did not
# speak: a join shows once its name speaks, a quit after speaking shows.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start --history=0

# NAME [TEXT]: joins as NAME, says TEXT if given, and leaves.
visit() {
	{
		printf 'login %s %s\n' "$1" "$1"
		[ -z "${2-}" ] || printf 'send %s %s\n' "$1" "$2"
		printf 'close %s\n' "$1"
	} >"$T/$1.chatc"
}
visit bob
visit carol
visit dave 'hi from dave'
visit erin 'hi from erin'
run() { echo "sh $CHATC -p $PORT $T/$1.chatc"; }

vt <<EOF_ || fail "M-j did not hide and show joins and quits"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
$(run bob)
wait '^$TS -!- bob left \\(1 online\\)'
expect '^$TS -!- 127\\.0\\.0\\.1:[0-9]+ joined \\(2 online\\)$'
key alt-j
wait-gone 'joined|left'
expect '^$TS -!- 127\\.0\\.0\\.1:[0-9]+ is now known as bob$'
key alt-j
wait 'bob left'
expect 'joined'
EOF_

vt <<EOF_ || fail "--hide-joins=smart hid the wrong ones"
size 80x24
spawn $TUI --hide-joins=smart --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
$(run carol)
$(run dave)
wait '^$TS -!- dave left \\(1 online\\)'
expect '^$TS <dave> hi from dave$'
expect-count 'joined' 1
expect-gone 'carol left'
key alt-j
wait 'carol left'
expect-count 'joined' 2
key alt-j
wait-gone 'carol left'
expect-count 'joined' 1
EOF_

mkdir -p "$XDG_CONFIG_HOME/chat-tui"
echo 'hide-joins' >"$XDG_CONFIG_HOME/chat-tui/config"
vt <<EOF_ || fail "hide-joins in the configuration file was not used"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
$(run erin)
wait '^$TS <erin> hi from erin$'
wait-row -2 'alice \\| 1 online'
expect-gone 'joined|left'
key alt-j
wait 'erin left'
EOF_
rm "$XDG_CONFIG_HOME/chat-tui/config"

LC_ALL=C "$TUI" --hide-joins=some </dev/null >/dev/null 2>"$T/err"
[ $? -eq 64 ] || fail "--hide-joins=some is not status 64"
grep -q "invalid --hide-joins 'some'" "$T/err" || fail "--hide-joins=some is not said"
exit 0
