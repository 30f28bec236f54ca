#!/bin/sh
# server-verified.sh: names taken with the key that owns them are marked
# verified ("+NAME") in nick and join notices and in /who, for everyone;
# a plain client's name and one taken without a key are not; a name given
# back is told unmarked; the hello says "verified"; IRC's WHOIS says 330.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/keys.sh"
ada=$(key_make ada)
start_server --irc 127.0.0.1:0 --tls-wait 3000

# o watches; p is a plain client.
cat >"$T/o.chatc" <<EOF_
connect o
hello o ^-!- hello: .* verified( |\$)
connect p
mark $T/o.ready
expect o ^-!- nick 127\.0\.0\.1:[0-9]+ \+ada\$
send p /nick bob
expect o ^-!- nick 127\.0\.0\.1:[0-9]+ bob\$
mark $T/o.1
expect o ^-!- nick 127\.0\.0\.1:[0-9]+ carol\$
send o /who
expect o ^-!- who 4: 127\.0\.0\.1:[0-9]+ bob \+ada carol\$
mark $T/o.2
expect o ^-!- join \+ada2: 5 online\$
mark $T/o.3
expect o ^-!- nick ada ada\$
send o /who
expect o ^-!- who 5: 127\.0\.0\.1:[0-9]+ bob ada carol \+ada2\$
mark $T/o.4
expect o ^-!- nick ada \+ada\$
mark $T/o.5
EOF_
"$CHATC" -p "$PORT" "$T/o.chatc" >"$T/o.out" 2>&1 &
o=$!
track $o
step() { wait_file "$T/o.$1" || { cat "$T/o.out" >&2; fail "o: step $1"; }; }
step ready

# ada's key takes ada: verified at once.
tls_open ada 4
tls_send ada "/nick ada"
tls_expect ada '^-!- nick 127\.0\.0\.1:[0-9]+ \+ada$'
step 1
# TLS without a key: carol is nobody's.
tls_open eve 5 -
tls_send eve "/nick carol"
step 2

# An IRC client over TLS with ada's key registers as ada2: its join is
# marked, and WHOIS says which names are verified.
tls_open irc 6 ada "$IRC_PORT"
tls_send irc "NICK ada2"
tls_send irc "USER a 0 * :a"
tls_expect irc '^:[^ ]+ 366 ada2 '
step 3
tls_send irc "WHOIS ada"
tls_expect irc '^:[^ ]+ 330 ada2 ada ada :is logged in as'
tls_send irc "WHOIS bob"
tls_expect irc '^:[^ ]+ 318 ada2 bob '
grep -q ' 330 ada2 bob ' "$T/irc.out" && fail "bob is verified on IRC"

# Given back, ada stays ada, unmarked: the room is told; IRC has
# nothing to say about it.
tls_send ada "/release"
step 4
tls_send ada "after"
tls_expect irc 'PRIVMSG #chat :after'
grep -q ' NICK ' "$T/irc.out" && fail "IRC was told a NICK: $(cat "$T/irc.out")"
# Taken again: verified again.
tls_send ada "/nick ada"
step 5
wait $o || { cat "$T/o.out" >&2; fail "o failed"; }
tls_close ada
tls_close eve
tls_close irc
stop_server || fail "chat-server exited with status $?: $(tail -5 "$T/server.log")"
exit 0
