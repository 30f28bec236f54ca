#!/bin/sh
# server-irc-rules.sh: IRC clients live by the line clients' rules: the
# flood limit slows them without dropping a line, --max-clients and
# --log count them, and their text is sanitised.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
start_server --irc 127.0.0.1:0 --irc-name irc.test --flood 10 --flood-burst 5 \
	--max-clients 3 --log "$T/room.log"

"$CHATC" -p "$PORT" <<END || fail "the rules for IRC clients"
timeout 20
login a alice
connect i $IRC_PORT
send i NICK ivan\r
send i USER u 0 * :u\r
expect i ^:irc.test 366
expect a ^-!- join ivan
# 5 at once, then 10 a second: the last cannot come within the first second.
flood i 30 PRIVMSG #chat :n
expect-none a 1000 ^<ivan> n 30\$
expect-seq a <ivan> n 30
# Escapes and bidi controls go, as from anyone.
send i PRIVMSG #chat :\x1b[31mred\x1b[0m \xe2\x80\xaetext\r
expect a ^<ivan> red text\$
# --max-line counts the text once sanitised: 400 invalid bytes are 1200.
send i PRIVMSG #chat :$(printf '\\xff%.0s' $(seq 400))\r
expect i ^:irc.test NOTICE ivan :too-long: lines are limited to 1024 bytes
expect-none a 300 ^<ivan> ï¿½
# The third client is the last: an IRC client is refused as IRC.
connect j $IRC_PORT
send j NICK jo\r
send j USER u 0 * :u\r
expect j ^:irc.test 366
connect k $IRC_PORT
expect k ^ERROR :Closing link: the server is full; try again later\$
expect-closed k
END
grep -Eq '^[0-9T:-]+Z (#[0-9]+ )?<ivan> n 30$' "$T/room.log" || fail "--log has no IRC line"
stop_server || fail "chat-server exited with status $?"
