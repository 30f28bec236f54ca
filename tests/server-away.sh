#!/bin/sh
# server-away.sh: /away TEXT and IRC's AWAY are one state: /who and
# /msg tell line clients who is away, PRIVMSG (301), WHO (G) and WHOIS
# tell IRC clients, whichever protocol set it; /away alone comes back;
# a long text is cut, never inside a UTF-8 sequence.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
start_server --irc 127.0.0.1:0 --irc-name irc.test --irc-channel '#room' --flood 0

x50=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
x199=$x50$x50$x50$(echo $x50 | cut -c2-)

"$CHATC" -p "$PORT" <<END || fail "away"
login a alice
login b bob
connect i $IRC_PORT
send i NICK ivan\r
send i USER iv 0 * :Ivan\r
expect i ^:irc.test 366 ivan
expect b ^-!- join ivan: 3 online\$

# A line client goes away: it is told, and so is everyone who asks.
send a /away gone to lunch
expect a ^-!- away alice: gone to lunch\$
send b /who
next b ^-!- who 3: alice bob ivan\$
next b ^-!- away alice: gone to lunch\$
send b /msg alice are you there?
next b ^-> \*alice\* are you there\?\$
next b ^-!- away alice: gone to lunch\$
send i PRIVMSG alice :and you?\r
next i ^:irc.test 301 ivan alice :gone to lunch\$
send i WHO #room\r
next i ^:irc.test 352 ivan #room chat irc.test irc.test alice G :0 line client
next i ^:irc.test 352 ivan #room chat irc.test irc.test bob H :0 line client
next i ^:irc.test 352 ivan #room iv irc.test irc.test ivan H :0 Ivan\$
send i WHOIS alice\r
expect i ^:irc.test 301 ivan alice :gone to lunch\$

# An IRC client goes away: line clients see it as they see each other.
send i AWAY :brb\r
expect i ^:irc.test 306 ivan :
send b /who
next b ^-!- who 3: alice bob ivan\$
next b ^-!- away alice: gone to lunch\$
next b ^-!- away ivan: brb\$
send b /msg ivan ping
next b ^-> \*ivan\* ping\$
next b ^-!- away ivan: brb\$

# Back again, both.
send a /away
expect a ^-!- back alice\$
send i AWAY\r
expect i ^:irc.test 305 ivan :
send b /who
next b ^-!- who 3: alice bob ivan\$
send b /msg alice welcome back
next b ^-> \*alice\* welcome back\$
send i PRIVMSG alice :hello again\r
send i WHO alice\r
next i ^:irc.test 352 ivan #room chat irc.test irc.test alice H
send b /msg ivan ping
next b ^-> \*ivan\* ping\$
expect-none b 300 ^-!- away

# 200 bytes at most, cut before a character that would not fit whole.
send a /away $x199\xC3\xA9 and more
expect a ^-!- away alice: $x199\$
send a /away ${x199}yz
next a ^-!- away alice: ${x199}y\$
END
exit 0
