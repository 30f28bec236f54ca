#!/bin/sh
# server-irc-history.sh: IRC clients get the room's history after the
# NAMES: with server-time tags when they asked for them, else with the
# time in the text; then live lines as they are.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
start_server --irc 127.0.0.1:0 --irc-name irc.test --history 5

T1='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}'
"$CHATC" -p "$PORT" <<END || fail "history"
login a alice
send a first line
send a /me acts
send a /who
expect a ^-!- who

connect tagged $IRC_PORT
send tagged CAP LS 302\r
send tagged NICK tagged\r
send tagged USER u 0 * :u\r
send tagged CAP REQ :server-time\r
send tagged CAP END\r
expect tagged ^:irc.test 366
next tagged ^@time=${T1}\.000Z :alice!chat@irc.test PRIVMSG #chat :first line\$
next tagged ^@time=${T1}\.000Z :alice!chat@irc.test PRIVMSG #chat :\x01ACTION acts\x01\$

connect plain $IRC_PORT
send plain NICK plain\r
send plain USER u 0 * :u\r
expect plain ^:irc.test 366
next plain ^:alice!chat@irc.test PRIVMSG #chat :\[${T1}Z\] first line\$
next plain ^:alice!chat@irc.test PRIVMSG #chat :\x01ACTION \[${T1}Z\] acts\x01\$
send a live
next plain ^:alice!chat@irc.test PRIVMSG #chat :live\$
expect tagged ^:alice!chat@irc.test PRIVMSG #chat :live\$

# What IRC clients said is history for line clients, too.
send plain PRIVMSG #chat :from irc\r
expect a ^<plain> from irc\$
connect late
expect late ^\[${T1}Z\] <plain> from irc\$
END
stop_server || fail "chat-server exited with status $?"
