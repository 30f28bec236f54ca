#!/bin/sh
# server-irc-register.sh: IRC registration with and without CAP, what is
# refused before it, half registrations and garbage: never a disconnect,
# never a half-registered client in the room.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

# Bad IRC options: a usage error (64) before listening.
for bad in "--irc-name=a:b" "--irc-name=" "--irc-channel=chat" "--irc-channel=#a,b" \
    "--irc=::1:0" "--irc-channel=#$(printf '%050d' 0)"; do
	"$SERVER" --irc 127.0.0.1:0 "$bad" 127.0.0.1 0 2>"$T/err" </dev/null
	[ $? -eq 64 ] || fail "$bad: not a usage error"
	grep -q "Try '.*--help'" "$T/err" || fail "$bad: no usage line"
done

# --irc PORT: on the line protocol's host.
start_server --irc 0
[ -n "$IRC_PORT" ] && [ "$IRC_PORT" != "$PORT" ] || fail "no IRC port in the port file"
"$CHATC" -p "$IRC_PORT" <<END || fail "the IRC port on the line's host"
connect i
send i PING x\r
expect i PONG
END
stop_server

start_server --irc 127.0.0.1:0 --irc-name irc.test --line-timeout 2

"$CHATC" -p "$PORT" <<END || fail "registration"
login line carol
# Without CAP: NICK and USER, in either order.
connect plain $IRC_PORT
send plain USER pu 0 * :Plain User\r
send plain NICK plain\r
expect plain ^:irc.test 001 plain :Welcome
expect plain ^:irc.test 002 plain :
expect plain ^:irc.test 003 plain :
expect plain ^:irc.test 004 plain irc.test [^ ]+ i nt\$
expect plain ^:irc.test 005 plain .*CASEMAPPING=ascii CHANTYPES=# CHANNELLEN=5 NICKLEN=16 NETWORK=irc.test .*:are supported
next plain ^:irc.test 422 plain :
next plain ^:plain!chat@irc.test JOIN #chat\$
expect plain ^:irc.test 353 plain = #chat :carol plain\$
next plain ^:irc.test 366 plain #chat :End of /NAMES list\$
expect line ^-!- join plain: 2 online\$

# With CAP: nothing happens until CAP END, whatever comes meanwhile.
connect capped $IRC_PORT
send capped CAP LS 302\r
send capped NICK capped\r
send capped USER cu 0 * :Capped User\r
next capped ^:irc.test CAP \* LS :echo-message message-tags server-time\$
send capped CAP REQ :server-time nonsense\r
next capped ^:irc.test CAP capped NAK :server-time nonsense\$
# A NAK changes nothing: all or none.
send capped CAP LIST\r
next capped ^:irc.test CAP capped LIST :\$
send capped CAP REQ :server-time message-tags\r
next capped ^:irc.test CAP capped ACK :server-time message-tags\$
send capped CAP LIST\r
next capped ^:irc.test CAP capped LIST :message-tags server-time\$
expect-none capped 300 001
expect-none line 100 capped
send capped CAP END\r
next capped ^:irc.test 001 capped
expect line ^-!- join capped: 3 online\$

# Before registration: 451, 421, 432, 461; the connection stays.
connect half $IRC_PORT
send half PRIVMSG #chat :too early\r
next half ^:irc.test 451 \* :You have not registered\$
send half FROB\r
next half ^:irc.test 421 \* FROB :Unknown command\$
send half NICK 9lives\r
next half ^:irc.test 432 \* 9lives :Erroneous nickname
send half NICK [127-0-0-1]|5\r
next half ^:irc.test 432 \*
send half USER onlyone\r
next half ^:irc.test 461 \* USER :Not enough parameters\$
send half PASS secret\r
send half \r
send half   \r
send half :prefix.only\r
send half @tag=1\r
send half @tag=1 :pre PING :tok en\r
next half ^:irc.test PONG irc.test :tok en\$
send half NICK half\r
send half PING x\r
next half ^:irc.test PONG irc.test :x\$
# NICK alone is not enough: half is not in the room.
expect-none line 300 half
send line /who
expect line ^-!- who 3: carol plain capped\$

# After registration: unknown commands get 421 and nothing more.
send plain FROB a b c\r
expect plain ^:irc.test 421 plain FROB :Unknown command\$
send plain \x01\x02\x03\r
next plain ^:irc.test 421 plain \\* :Unknown command\$
send plain USER again 0 * :x\r
next plain ^:irc.test 462 plain :You may not reregister\$
send plain PING :still here\r
next plain ^:irc.test PONG irc.test :still here\$

# A registration left half done is closed after --line-timeout.
expect half ^ERROR :Closing link: registration not finished within 2 seconds\$
expect-closed half
send line hello
expect plain ^:carol!chat@irc.test PRIVMSG #chat :hello\$
END
wait_grep 'registration timed out' "$T/server.log" || fail "half registration was not timed out"

# Server PINGs a silent client after --keepalive seconds; PONG is fine.
stop_server
start_server --irc 127.0.0.1:0 --irc-name irc.test --keepalive 1
"$CHATC" -p "$PORT" <<END || fail "server PING"
connect quiet $IRC_PORT
send quiet NICK quiet\r
send quiet USER q 0 * :q\r
expect quiet ^:irc.test 366
expect quiet ^PING :irc.test\$
send quiet PONG :irc.test\r
expect quiet ^PING :irc.test\$
send quiet QUIT :done\r
expect quiet ^ERROR :Closing link: quiet \(done\)\$
expect-closed quiet
END
stop_server || fail "chat-server exited with status $?"
