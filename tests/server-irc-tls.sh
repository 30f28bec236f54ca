#!/bin/sh
# server-irc-tls.sh: the IRC port takes TLS as the line port does, told
# apart by the first byte: openssl s_client registers over TLS and talks
# with a plain IRC client and a line client; with --require-tls a plain
# IRC client gets an IRC ERROR.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need_tls
need openssl
start_server --irc 127.0.0.1:0 --irc-name irc.test

mkfifo "$T/in"
openssl s_client -quiet -connect "127.0.0.1:$IRC_PORT" <"$T/in" >"$T/tls.out" 2>"$T/tls.err" &
track $!
exec 3>"$T/in"
printf 'NICK secure\r\nUSER s 0 * :s\r\n' >&3
wait_grep '^:irc.test 366 secure #chat ' "$T/tls.out" ||
	{ cat "$T/tls.out" "$T/tls.err" >&2; fail "no registration over TLS"; }
grep -q 'encrypted (TLSv1\.[23])' "$T/server.log" || fail "the IRC client is not logged as encrypted"

"$CHATC" -p "$PORT" >"$T/chatc.out" 2>&1 <<END &
login line carol
connect plain $IRC_PORT
send plain NICK plain\r
send plain USER p 0 * :p\r
expect plain ^:irc.test 366
mark $T/ready
expect line ^<secure> over TLS\$
expect plain ^:secure!chat@irc.test PRIVMSG #chat :over TLS\$
send plain PRIVMSG #chat :in plain text\r
END
others=$!
track $others
wait_file "$T/ready" || { cat "$T/chatc.out" >&2; fail "the others did not come"; }
printf 'PRIVMSG #chat :over TLS\r\n' >&3
wait $others || { cat "$T/chatc.out" >&2; fail "the TLS IRC client was not heard"; }
wait_grep '^:plain!chat@irc.test PRIVMSG #chat :in plain text' "$T/tls.out" ||
	{ cat "$T/tls.out" >&2; fail "the TLS IRC client did not hear"; }
exec 3>&-
stop_server || fail "chat-server exited with status $?"

start_server --irc 127.0.0.1:0 --irc-name irc.test --require-tls
"$CHATC" -p "$IRC_PORT" <<END || fail "plain IRC with --require-tls"
connect plain
send plain NICK plain\r
expect plain ^ERROR :Closing link: this server takes TLS connections only\$
expect-closed plain
END
stop_server || fail "chat-server exited with status $?"
