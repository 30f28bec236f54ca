#!/bin/sh
# server-owned.sh: a name taken over TLS with a client key belongs to that
# key, across a restart: another key and a plain-text client are refused
# with name-owned; the names file is readable, whole, and a bad one stops
# the server with its line number.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need_tls
need openssl
names=$XDG_STATE_HOME/chat-server/names

ada=$(make_key ada)
eve=$(make_key eve)

# tls_nick ID NAME: over TLS with ID's key, /nick NAME; the answer in $T/ID.out.
tls_nick() {
	rm -f "$T/$1.in" "$T/$1.out"
	mkfifo "$T/$1.in"
	openssl s_client -quiet -cert "$T/$1.pem" -key "$T/$1.pem" -connect "127.0.0.1:$PORT" \
		<"$T/$1.in" >"$T/$1.out" 2>/dev/null &
	pid=$!
	track $pid
	exec 4>"$T/$1.in"
	wait_grep '^-!- welcome ' "$T/$1.out" || fail "$1: no welcome"
	echo "/nick $2" >&4
	wait_grep "^-!- (nick .* \\+?$2|error .*)\$" "$T/$1.out" || fail "$1: no answer to /nick $2"
	exec 4>&-
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
}

start_server --tls-wait 3000
tls_nick ada ada
grep -Eq "^-!- nick .* \+ada$" "$T/ada.out" || fail "ada could not take ada: $(cat "$T/ada.out")"
wait_grep "ada now belongs to $ada" "$T/server.log" || fail "the binding was not logged"
grep -qx "ada $ada" "$names" || fail "names file: $(cat "$names")"
[ -z "$(ls "$XDG_STATE_HOME/chat-server" | grep names.)" ] || fail "a temporary file was left"
stop_server

# After a restart: eve's key and a plain client are refused, ada is let in.
start_server --tls-wait 3000
tls_nick eve ada
grep -q "^-!- error name-owned ada: " "$T/eve.out" || fail "eve took ada: $(cat "$T/eve.out")"
"$CHATC" -p "$PORT" <<EOF_ || fail "a plain client took ada"
connect p
send p /nick ADA
expect p ^-!- error name-owned ADA: that name belongs to another key\$
EOF_
tls_nick ada ada
grep -Eq "^-!- nick .* \+ada$" "$T/ada.out" || fail "ada lost ada: $(cat "$T/ada.out")"
stop_server

# Nor can an IRC client register with it.
start_server --irc 127.0.0.1:0 --tls-wait 3000
"$CHATC" -p "$IRC_PORT" <<EOF_ || fail "an IRC client registered as ada"
connect i
send i NICK ada\r
send i USER a 0 * :A\r
expect i ^:[^ ]+ 433 \\* ada :
send i NICK ada2\r
expect i ^:[^ ]+ 001 ada2 :
EOF_
# A name taken in plain text belongs to nobody.
"$CHATC" -p "$PORT" <<EOF_ || fail "plain text could not take a free name"
connect p
send p /nick bob
expect p ^-!- nick .* bob\$
EOF_
grep -q "^bob " "$names" && fail "a plain client came to own bob"
stop_server

# A bad names file: the line number, and no start.
printf '# ok\nada %s\nbad line here\n' "$ada" >"$names"
out=$("$SERVER" 127.0.0.1 0 2>&1) && fail "started with a bad names file"
echo "$out" | grep -q "names:3: not NAME SHA256:FINGERPRINT" || fail "unclear: $out"
# A name with a bidi control in it is no name, whatever it looks like.
printf 'ada %s\na\342\200\256da %s\n' "$ada" "$ada" >"$names"
out=$("$SERVER" 127.0.0.1 0 2>&1) && fail "started with a bidi control in a name"
echo "$out" | grep -q "names:2: not NAME SHA256:FINGERPRINT" || fail "unclear: $out"
exit 0
