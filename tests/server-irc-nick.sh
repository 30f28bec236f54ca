#!/bin/sh
# server-irc-nick.sh: one set of names for both protocols: a nick in use
# on either side is refused on the other, whatever its case, at
# registration and later; an IRC client may then choose another.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
start_server --irc 127.0.0.1:0 --irc-name irc.test

"$CHATC" -p "$PORT" <<END || fail "nick collisions"
login a alice
connect i $IRC_PORT
send i NICK ALICE\r
send i USER u 0 * :u\r
next i ^:irc.test 433 \* ALICE :Nickname is already in use\$
expect-none a 300 join
send i NICK alice_\r
next i ^:irc.test 001 alice_ :
expect a ^-!- join alice_: 2 online\$
expect i ^:irc.test 366

# Later: IRC to a line client's name, and the other way.
send i NICK Alice\r
next i ^:irc.test 433 alice_ Alice :Nickname is already in use\$
send a /nick ALICE_
expect a ^-!- error name-taken ALICE_: that name is in use\$
send i NICK bad.nick\r
next i ^:irc.test 432 alice_
send i NICK\r
next i ^:irc.test 431 alice_ :No nickname given\$
# Changing case only is a change, and everyone sees it.
send i NICK Alice_\r
next i ^:alice_!chat@irc.test NICK Alice_\$
expect a ^-!- nick alice_ Alice_\$

# A second IRC client may not take an IRC client's nick either.
connect j $IRC_PORT
send j NICK alice_\r
send j USER u 0 * :u\r
next j ^:irc.test 433 \* alice_ :
send j NICK jo\r
expect j ^:irc.test 001 jo :
expect i ^:jo!chat@irc.test JOIN #chat\$
send j NICK ALICE_\r
expect j ^:irc.test 433 jo ALICE_ :
# Once a name is free, it can be taken from the other side.
send a /nick amy
expect i ^:alice!chat@irc.test NICK amy\$
send j NICK alice\r
expect j ^:jo!chat@irc.test NICK alice\$
expect a ^-!- nick jo alice\$
END
stop_server || fail "chat-server exited with status $?"
