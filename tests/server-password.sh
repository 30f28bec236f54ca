#!/bin/sh
# server-password.sh: --password-file: the room's history and the join
# come only after the right "/pass"; a wrong one is refused after a delay
# that grows with each wrong one from the address, over new connections
# too; a plain client is told why and how (TLS), but only after a TLS
# hello has had time to come; the file is read again
# on SIGHUP, and a bad one stops the server with a clear message.
# SPDX-License-Identifier: GPL-3.0-or-later
: "${TEST_TIMEOUT:=120}"
. "$srcdir/tests/lib.sh"
need_tls
need openssl
need date

now_ms() { date +%s%3N; }

# tls_open ID FD: a TLS client whose input is descriptor FD and whose
# output goes to $T/ID.out.
tls_open() {
	rm -f "$T/$1.in" "$T/$1.out"
	mkfifo "$T/$1.in"
	openssl s_client -quiet -connect "127.0.0.1:$PORT" <"$T/$1.in" >"$T/$1.out" 2>/dev/null &
	track $!
	eval "${1}_pid=$!"
	eval "exec $2>\"\$T/\$1.in\""
}
tls_close() {
	eval "exec $2>&-"
	eval "kill \$${1}_pid 2>/dev/null; wait \$${1}_pid 2>/dev/null"
}
# wait_count N REGEX FILE: waits until N lines of FILE match.
wait_count() {
	_i=0
	until [ "$(grep -Ec "$2" "$3")" -ge "$1" ]; do
		[ $_i -lt 100 ] || return 1
		sleep 0.1; _i=$((_i + 1))
	done
}
expect_in() {
	wait_grep "$2" "$T/$1.out" || { cat "$T/$1.out" >&2; fail "$1: no $2"; }
}

printf 'open sesame\n' >"$T/pw"
chmod 600 "$T/pw"
start_server --password-file "$T/pw"
grep -q 'others can read' "$T/server.log" && fail "a 0600 file was called readable"

# A plain client is told that the password goes over TLS, and how.
"$CHATC" -p "$PORT" >"$T/plain.out" 2>&1 <<EOF_ || { cat "$T/plain.out" >&2; fail "the plain client was not told"; }
connect p
next p ^-!- error tls-required: this room has a password, which goes over TLS only: .*openssl s_client -quiet -connect 127\.0\.0\.1:$PORT\$
expect-closed p
EOF_
wait_grep 'plain text refused \(--password-file\)' "$T/server.log" || fail "the refusal is not logged"

# ada comes in with the password and leaves a line in the history.
tls_open ada 4
expect_in ada '^-!- hello: ids max-line=[0-9]+ verified password$'
expect_in ada '^-!- error password-required: this room has a password: send /pass PASSWORD$'
grep -q '^-!- welcome' "$T/ada.out" && fail "ada was let in before the password"
echo '/pass open sesame' >&4
expect_in ada '^-!- welcome '
echo 'the plans are in the drawer' >&4

# bob is asked too, and sees nothing of the room until he is in.
tls_open bob 5
expect_in bob '^-!- error password-required: '
echo '/who' >&5
wait_count 2 password-required "$T/bob.out" || fail "bob was not asked again: $(cat "$T/bob.out")"
echo '/pass open says me' >&5
expect_in bob '^-!- error bad-password: '
# Everything before the password: the hello and the questions only.
out=$(grep -v -e '^-!- hello: ' -e '^-!- error password-required: ' -e '^-!- error bad-password: ' "$T/bob.out")
[ -z "$out" ] && ! grep -q -e 'bad-password.*drawer' "$T/bob.out" || fail "bob got more than the questions: $out"
echo '/pass open sesame' >&5
expect_in bob '^-!- welcome '
expect_in bob '\] <127\.0\.0\.1:[0-9]+> the plans are in the drawer$'
expect_in ada '^-!- join 127\.0\.0\.1:[0-9]+: 2 online$'
grep -q 'open sesame' "$T/server.log" && fail "the password was logged"
wait_grep '127\.0\.0\.1:[0-9]+: wrong password' "$T/server.log" || fail "the wrong password is not logged"
tls_close bob 5

# The slow-down: each wrong password from this address, each over a new
# connection, is answered later than the one before: 250 ms, then twice
# as long each time.
for i in 1 2 3 4; do
	tls_open eve 6
	expect_in eve '^-!- error password-required: '
	start=$(now_ms)
	echo "/pass guess $i" >&6
	expect_in eve '^-!- error bad-password: '
	eval "took$i=$(($(now_ms) - start))"
	tls_close eve 6
done
echo "wrong passwords answered after $took1, $took2, $took3, $took4 ms" >&2
[ "$took1" -ge 240 ] || fail "the first wrong password was answered after $took1 ms"
[ "$took2" -ge 490 ] || fail "the second wrong password was answered after $took2 ms"
[ "$took3" -ge 990 ] || fail "the third wrong password was answered after $took3 ms"
[ "$took4" -ge 1990 ] || fail "the fourth wrong password was answered after $took4 ms"
[ "$took4" -gt "$took1" ] || fail "no slow-down: $took1 then $took4 ms"

# The right one still gets in, and the address starts afresh.
tls_open eve 6
expect_in eve '^-!- error password-required: '
echo '/pass open sesame' >&6
expect_in eve '^-!- welcome '
tls_close eve 6
tls_open eve 6
expect_in eve '^-!- error password-required: '
start=$(now_ms)
echo '/pass wrong again' >&6
expect_in eve '^-!- error bad-password: '
took=$(($(now_ms) - start))
tls_close eve 6
echo "after the right one, a wrong one answered after $took ms" >&2
[ "$took" -ge 240 ] || fail "the wrong password was answered after $took ms"

# SIGHUP reads the file again: the new password works, the old does not.
printf 'new words\n' >"$T/pw"
kill -HUP "$SERVER_PID"
wait_count 2 "pw: the room's password read" "$T/server.log" || fail "SIGHUP did not read the password again"
tls_open bob 5
expect_in bob '^-!- error password-required: '
echo '/pass new words' >&5
expect_in bob '^-!- welcome '
tls_close bob 5
tls_open bob 5
expect_in bob '^-!- error password-required: '
echo '/pass open sesame' >&5
expect_in bob '^-!- error bad-password: '
tls_close bob 5

# An empty file at SIGHUP: logged, and the password stays.
: >"$T/pw"
kill -HUP "$SERVER_PID"
wait_grep 'pw: the password must be on the first line.*keeping the settings from before' "$T/server.log" ||
	fail "a bad file at SIGHUP was not logged"
tls_open bob 5
expect_in bob '^-!- error password-required: '
echo '/pass new words' >&5
expect_in bob '^-!- welcome '
tls_close bob 5
tls_close ada 4
stop_server || fail "chat-server exited with status $?"

# A room that refuses plain text waits longer than --tls-wait for a TLS
# hello: one that comes late on a loaded machine is not taken for plain.
printf 'open sesame\n' >"$T/late.pw"
chmod 600 "$T/late.pw"
start_server --password-file "$T/late.pw" --tls-wait 0
# tls_open removes the last one's output before it starts the next: a
# background job's ">" truncates the file only once the job runs, so
# the wait could see the last answer, and the check then an empty file.
for i in 1 2 3 4 5; do
	tls_open late 6
	wait_grep '^-!- error (password|tls)-required: ' "$T/late.out" ||
		fail "a TLS client got no answer (taken for plain, its handshake failed)"
	grep -q 'password-required' "$T/late.out" || fail "a TLS client was taken for plain: $(cat "$T/late.out")"
	tls_close late 6
done
stop_server || fail "chat-server exited with status $?"

# At start: an empty file, a missing one, a readable one.
status=0
"$SERVER" --password-file "$T/pw" 127.0.0.1 0 >"$T/out" 2>&1 || status=$?
[ "$status" -eq 78 ] || fail "an empty password file: status $status"
grep -q 'pw: the password must be on the first line, from 1 to 512 bytes' "$T/out" ||
	fail "unclear: $(cat "$T/out")"
status=0
"$SERVER" --password-file "$T/nothing" 127.0.0.1 0 >"$T/out" 2>&1 || status=$?
[ "$status" -eq 66 ] || fail "a missing password file: status $status"
grep -q 'nothing: No such file' "$T/out" || fail "unclear: $(cat "$T/out")"
printf 'pw\n' >"$T/pw"
chmod 644 "$T/pw"
start_server --password-file "$T/pw"
wait_grep 'pw: others can read the password' "$T/server.log" || fail "a readable file was not told"
stop_server || fail "chat-server exited with status $?"
exit 0
