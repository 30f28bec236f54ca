#!/bin/sh
# server-irc-ops.sh: operators on IRC.  An operator's KICK (an IRC client
# over TLS with a key that --op names) kicks a line client, with its
# reason, and IRC clients are told; anyone else's KICK gets 482.  A muted
# IRC client cannot set an away text, which WHO, WHOIS and /who would
# show to everyone.  Muting ivan's address does not mute an operator
# there.  (IRC lines end in CRLF: the patterns end in ".$".)
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/keys.sh"
ada=$(key_make ada)
start_server --op "$ada" --irc 127.0.0.1:0 --irc-name irc.test

tls_open ada 3 ada "$IRC_PORT"
tls_send ada "NICK ada"
tls_send ada "USER a 0 * :Ada"
tls_expect ada '^:irc.test 366 ada #chat '
# The same key on the line port, as "root", to mute.
tls_open root 4 ada
tls_send root "/nick root"
tls_expect root '^-!- nick .* \+?root$'

"$CHATC" -p "$PORT" >"$T/chatc.out" 2>&1 <<END &
login b bob
connect i $IRC_PORT
send i NICK ivan\r
send i USER iv 0 * :Ivan\r
expect i ^:irc.test 366 ivan
# Not an operator: refused as IRC servers refuse it.
send i KICK #chat bob :because\r
expect i ^:irc.test 482 ivan #chat :You're not channel operator\$
send i KICK #chat\r
expect i ^:irc.test 461 ivan KICK :
send i KICK #elsewhere bob\r
expect i ^:irc.test 403 ivan #elsewhere :
mark $T/refused
expect b ^-!- kick bob by ada: go away now\$
expect-closed b
expect i ^:irc.test NOTICE #chat :kick bob by ada: go away now\$
expect i ^:bob!chat@irc.test QUIT :.*kicked by ada: go away now
mark $T/kicked
expect i ^:irc.test NOTICE #chat :mute ivan by root\$
send i AWAY :buy cheap watches at example.com\r
expect i ^:irc.test NOTICE ivan :muted: an operator has muted you
send i WHOIS ivan\r
expect i ^:irc.test 318 ivan ivan :
mark $T/tried
wait-file $T/checked
END
others=$!
track $others
wait_file "$T/refused" || { cat "$T/chatc.out" >&2; fail "ivan was not refused"; }
grep -q '^-!- kick' "$T/root.out" && fail "ivan kicked bob"
tls_send ada "KICK #chat bob :go away now"
wait_file "$T/kicked" || { cat "$T/chatc.out" >&2; fail "ada's KICK did not kick bob"; }
wait_grep 'ada \(operator\) kicked bob' "$T/server.log" || fail "the kick is not logged"
tls_expect ada '^:irc.test NOTICE #chat :kick bob by ada: go away now.$'
# An operator's KICK of someone who is not there: 401, as for PRIVMSG.
tls_send ada "KICK #chat nobody"
tls_expect ada '^:irc.test 401 ada nobody :No such nick.$'

tls_send root "/mute ivan"
wait_file "$T/tried" || { cat "$T/chatc.out" >&2; fail "ivan's AWAY was not refused"; }
tls_send root "/who"
tls_send root "/msg ivan are you there"
tls_expect root '^-> \*ivan\* are you there$'
grep -q 'away ivan' "$T/root.out" && fail "a muted IRC client set an away text: $(cat "$T/root.out")"
: >"$T/checked"
wait $others || { cat "$T/chatc.out" >&2; fail "the IRC side went wrong"; }
tls_close ada
tls_close root
stop_server || fail "chat-server exited with status $?"
