#!/bin/sh
# server-irc-pass.sh: with --password-file, an IRC client over TLS gets
# in with the right PASS; a wrong one gets 464 after the delay, none
# gets 464, and both are closed; a plain IRC client is told it takes TLS.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need_tls
need openssl
printf 'open sesame\n' >"$T/pw"
chmod 600 "$T/pw"
start_server --irc 127.0.0.1:0 --irc-name irc.test --password-file "$T/pw"

# irc ID LINES: registers over TLS with LINES (printf format, CR LF
# added), output in $T/ID.out; waits for the welcome or an ERROR.
irc() {
	rm -f "$T/$1.in" "$T/$1.out"
	mkfifo "$T/$1.in"
	openssl s_client -quiet -connect "127.0.0.1:$IRC_PORT" <"$T/$1.in" >"$T/$1.out" 2>/dev/null &
	pid=$!
	track $pid
	exec 4>"$T/$1.in"
	start=$(date +%s%3N)
	printf "$2" >&4
	wait_grep '^(:irc.test 001 |ERROR )' "$T/$1.out" || { cat "$T/$1.out" >&2; fail "$1: no answer"; }
	took=$(($(date +%s%3N) - start))
	exec 4>&-
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
}

irc right 'PASS :open sesame\r\nNICK ada\r\nUSER a 0 * :Ada\r\n'
grep -q '^:irc.test 001 ada ' "$T/right.out" || fail "the right PASS was refused: $(cat "$T/right.out")"
irc wrong 'PASS sesame\r\nNICK eve\r\nUSER e 0 * :Eve\r\n'
grep -q '^:irc.test 464 eve :Password incorrect' "$T/wrong.out" || fail "no 464: $(cat "$T/wrong.out")"
grep -q '^ERROR :Closing link: wrong password' "$T/wrong.out" || fail "not closed: $(cat "$T/wrong.out")"
grep -q ' 001 ' "$T/wrong.out" && fail "a wrong PASS got in"
[ "$took" -ge 240 ] || fail "a wrong PASS was answered after $took ms"
irc none 'NICK eve\r\nUSER e 0 * :Eve\r\n'
grep -q '^:irc.test 464 eve :Password required' "$T/none.out" || fail "no 464: $(cat "$T/none.out")"
grep -q ' 001 ' "$T/none.out" && fail "no PASS got in"
# The delay is the line clients' too: a second wrong one waits longer.
irc wrong2 'PASS sesame\r\nNICK eve\r\nUSER e 0 * :Eve\r\n'
[ "$took" -ge 490 ] || fail "a second wrong PASS was answered after $took ms"
wait_grep 'wrong password' "$T/server.log" || fail "not logged"

"$CHATC" -p "$IRC_PORT" <<END || fail "plain IRC with a password"
connect plain
send plain PASS :open sesame\r
expect plain ^ERROR :Closing link: this room has a password, which goes over TLS only\$
expect-closed plain
END
stop_server || fail "chat-server exited with status $?"
