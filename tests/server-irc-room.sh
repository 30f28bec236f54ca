#!/bin/sh
# server-irc-room.sh: IRC and line clients in one room see each other:
# messages, actions and private messages both ways; joins, quits and
# nick changes as JOIN, QUIT and NICK; an address name as a nick; the
# channel commands.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
start_server --irc 127.0.0.1:0 --irc-name irc.test --irc-channel '#room' --flood 0

"$CHATC" -p "$PORT" <<END || fail "mixed room"
login a alice
connect i $IRC_PORT
send i NICK ivan\r
send i USER iv 0 * :Ivan Real\r
expect i ^:irc.test 353 ivan = #room :alice ivan\$
next i ^:irc.test 366 ivan #room :End of /NAMES list\$
expect a ^-!- join ivan: 2 online\$

# Room messages and actions, both ways.
send a hello from alice
next i ^:alice!chat@irc.test PRIVMSG #room :hello from alice\$
send a /me waves
next i ^:alice!chat@irc.test PRIVMSG #room :\x01ACTION waves\x01\$
send i PRIVMSG #room :hello from ivan\r
next a ^<ivan> hello from ivan\$
send i PRIVMSG #ROOM :\x01ACTION dances\x01\r
next a ^\* ivan dances\$
send i NOTICE #room :a notice\r
next a ^<ivan> a notice\$
# Formatting codes are not text; no echo without echo-message.
send i PRIVMSG #room :\x02bold\x02 \x0304,12red\x03 plain\r
next a ^<ivan> bold red plain\$
expect-none i 300 hello from ivan

# Private messages, both ways.
send i PRIVMSG alice :just for you\r
next a ^\*ivan\* just for you\$
send a /msg ivan and for you
next i ^:alice!chat@irc.test PRIVMSG ivan :and for you\$
next a ^-> \*ivan\* and for you\$
send i PRIVMSG nobody :hello?\r
next i ^:irc.test 401 ivan nobody :No such nick\$
send i PRIVMSG #other :hello?\r
next i ^:irc.test 403 ivan #other :No such channel
send i PRIVMSG alice :\x01VERSION\x01\r
next i ^:irc.test NOTICE ivan :CTCP is not supported
send i PRIVMSG alice :\x01ACTION winks\x01\r
next a ^\*ivan\* \* ivan winks\$

# A line client without a chosen name is an address to line clients
# and a nick of that address to IRC clients, who can talk to it.
connect n
expect n ^-!- welcome (127\.0\.0\.1:[0-9]+): 3 online
expect i ^:\[127-0-0-1\]\|[0-9]+!chat@irc.test JOIN #room\$
send n hi, I am nobody
expect i ^:\[127-0-0-1\]\|[0-9]+!chat@irc.test PRIVMSG #room :hi, I am nobody\$
send i NAMES #room\r
next i ^:irc.test 353 ivan = #room :alice ivan \[127-0-0-1\]\|[0-9]+\$
next i ^:irc.test 366 ivan #room :End of /NAMES list\$
send n /nick nora
expect i ^:\[127-0-0-1\]\|[0-9]+!chat@irc.test NICK nora\$
expect a ^-!- nick 127\.0\.0\.1:[0-9]+ nora\$
send i NICK igor\r
next i ^:ivan!chat@irc.test NICK igor\$
expect a ^-!- nick ivan igor\$
expect n ^-!- nick ivan igor\$

# What IRC clients ask about the channel and the people in it.
send i TOPIC #room\r
next i ^:irc.test 331 igor #room :No topic is set\$
send i TOPIC #room :new topic\r
next i ^:irc.test 482 igor #room :
send i MODE #room\r
next i ^:irc.test 324 igor #room \+nt\$
send i MODE #room b\r
next i ^:irc.test 368 igor #room :
send i MODE igor +i\r
next i ^:igor MODE igor :\+i\$
send i MODE igor\r
next i ^:irc.test 221 igor \+i\$
send i WHO #room\r
next i ^:irc.test 352 igor #room chat irc.test irc.test alice H :0 line client at 127\.0\.0\.1:[0-9]+\$
next i ^:irc.test 352 igor #room iv irc.test irc.test igor H :0 Ivan Real\$
next i ^:irc.test 352 igor #room chat irc.test irc.test nora H
next i ^:irc.test 315 igor #room :End of /WHO list\$
send i AWAY :lunch\r
next i ^:irc.test 306 igor :
send a /msg igor are you there?
expect a ^-> \\*igor\\* are you there\\?\$
next a ^-!- away igor: lunch\$
expect i ^:alice!chat@irc.test PRIVMSG igor :are you there\\?\$
send i WHOIS igor\r
next i ^:irc.test 311 igor igor iv irc.test \* :Ivan Real\$
next i ^:irc.test 319 igor igor :#room\$
next i ^:irc.test 312 igor igor irc.test :
next i ^:irc.test 301 igor igor :lunch\$
next i ^:irc.test 318 igor igor :End of /WHOIS list\$
send i AWAY\r
next i ^:irc.test 305 igor :
send i WHOIS ghost\r
next i ^:irc.test 401 igor ghost :No such nick\$
next i ^:irc.test 318 igor ghost :
send i JOIN #room\r
send i JOIN #elsewhere\r
next i ^:irc.test 403 igor #elsewhere :No such channel; #room is the only one\$
send i PART #room :bye\r
next i ^:irc.test NOTICE igor :#room is the only channel here and cannot be left; use QUIT
send i LIST\r
next i ^:irc.test 321 igor
next i ^:irc.test 322 igor #room 3 :\$
next i ^:irc.test 323 igor
expect-none a 300 igor

# Quits, both ways.
close n
expect i ^:nora!chat@irc.test QUIT :connection closed\$
send i QUIT :gone fishing\r
next i ^ERROR :Closing link: igor \(gone fishing\)\$
expect-closed i
expect a ^-!- quit igor: 1 online \(gone fishing\)\$
END
stop_server || fail "chat-server exited with status $?"
