#!/bin/sh
# tui-irc.sh: a mixed room: chat-tui, an IRC client and a plain line
# client (as nc would be) see each other's messages, actions and names.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun
start_server --irc 127.0.0.1:0 --irc-name irc.test

cat >"$T/others.chatc" <<EOF_
connect irc $IRC_PORT
send irc NICK ivan\r
send irc USER u 0 * :u\r
expect irc ^:irc.test 366
connect nc
expect nc ^-!- welcome
mark $T/others.ready
expect irc ^:\[127-0-0-1\]\|[0-9]+!chat@irc.test NICK alice\$
expect irc ^:alice!chat@irc.test PRIVMSG #chat :hello from chat-tui\$
expect nc ^<alice> hello from chat-tui\$
send irc PRIVMSG #chat :hello from irc\r
expect nc ^<ivan> hello from irc\$
send irc PRIVMSG #chat :\x01ACTION waves from irc\x01\r
send nc hello from nc
expect irc ^:\[127-0-0-1\]\|[0-9]+!chat@irc.test PRIVMSG #chat :hello from nc\$
expect irc ^:alice!chat@irc.test PRIVMSG #chat :\x01ACTION nods\x01\$
send irc PRIVMSG alice :psst, alice\r
expect irc ^:alice!chat@irc.test PRIVMSG ivan :hi ivan\$
EOF_
"$CHATC" -p "$PORT" "$T/others.chatc" >"$T/others.out" 2>&1 &
others=$!
track $others
wait_file "$T/others.ready" || { cat "$T/others.out" >&2; fail "the others did not join"; }

vt <<EOF_ || fail "chat-tui did not see the IRC and nc users"
size 100x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait 'is now known as alice$'
type hello from chat-tui\r
wait '^$TS <ivan> hello from irc$'
wait '^$TS \* ivan waves from irc$'
wait '^$TS <127\.0\.0\.1:[0-9]+> hello from nc$'
type /me nods\r
wait '^$TS \*ivan\* psst, alice$'
type /msg ivan hi ivan\r
wait 'ivan.*hi ivan$'
EOF_
wait $others || { cat "$T/others.out" >&2; fail "the IRC or nc user missed something"; }
