#!/bin/sh
# server-moderation.sh: operators named by key (--op, the ops file) kick,
# mute and unmute, free an owned name, ban a key across a restart and
# unban it, ban a plain client's address (an IRC client from there too);
# others are refused; every act is told to the room, sanitised, and
# logged; bad ops and bans files stop the server with their line number,
# and SIGHUP reads them again.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need_tls
need openssl
state=$XDG_STATE_HOME/chat-server
ada=$(make_key ada)
bob=$(make_key bob)
eve=$(make_key eve)
cat=$(make_key cat)

start_server --op "$ada" --irc 127.0.0.1:0
tls_open ada ada
tls_say ada "/nick ada"
tls_open bob bob
tls_say bob "/nick bob"
tls_open eve eve
tls_say eve "/nick eve"
wait_grep '^-!- nick .* \+?eve$' "$T/ada.out" || fail "eve is not in: $(cat "$T/ada.out")"

# Not an operator: a key that is not one, and a plain client.
tls_say eve "/kick bob"
wait_grep '^-!- error not-operator /kick: only operators may do that$' "$T/eve.out" ||
	fail "eve was not refused: $(cat "$T/eve.out")"
"$CHATC" -p "$PORT" <<EOF_ || fail "a plain client was not refused"
connect p
send p /ban bob
expect p ^-!- error not-operator /ban: only operators may do that\$
send p /unban bob
expect p ^-!- error not-operator /unban: only operators may do that\$
send p /bans
expect p ^-!- error not-operator /bans: only operators may do that\$
send p /mute bob
expect p ^-!- error not-operator /mute: only operators may do that\$
EOF_
grep -q '^-!- kick' "$T/bob.out" && fail "bob was kicked by eve"

# A kick, its reason sanitised (an escape, a bidi override): the room is
# told, then bob leaves with it as the reason.
printf '/kick bob go \033[31maway\342\200\256 now\n' >>"$T/ada.in"
wait_grep '^-!- kick bob by ada: go away now$' "$T/eve.out" ||
	fail "no kick notice: $(cat -v "$T/eve.out")"
wait_grep '^-!- quit bob: [0-9]+ online \(kicked by ada: go away now\)$' "$T/eve.out" ||
	fail "no quit after the kick: $(cat -v "$T/eve.out")"
grep -q '^-!- kick bob by ada: go away now$' "$T/bob.out" || fail "bob was not told"
tls_gone bob || fail "bob is still connected"
wait_grep 'ada \(operator\) kicked bob \(SHA256:.*\): go away now' "$T/server.log" ||
	fail "the kick is not logged"
tls_close bob
# An operator frees the name bob's key owns.
grep -q "^bob $bob\$" "$state/names" || fail "bob did not own bob: $(cat "$state/names")"
tls_say eve "/release bob"
wait_grep '^-!- error name-owned bob: ' "$T/eve.out" || fail "eve freed bob"
tls_say ada "/release bob"
wait_grep '^-!- free bob by ada$' "$T/eve.out" || fail "no notice of the name freed"
grep -q "^bob " "$state/names" && fail "bob is still owned: $(cat "$state/names")"
grep -q 'ada (operator) freed the name bob' "$T/server.log" || fail "freeing is not logged"
tls_say ada "/kick ada"
wait_grep '^-!- error operator ada: ' "$T/ada.out" || fail "an operator kicked itself"
tls_say ada "/kick nobody"
wait_grep '^-!- error no-such-name nobody: ' "$T/ada.out" || fail "kicked nobody"

# Mute, then unmute, a plain client.
cat >"$T/carl.chatc" <<EOF_
login carl carl
mark $T/carl-in
expect carl ^-!- mute carl by ada\$
send carl muted words
expect carl ^-!- error muted: an operator has muted you: nobody sees what you say\$
send carl /me waves
expect carl ^-!- error muted:
send carl /nick carla
expect carl ^-!- error muted:
mark $T/carl-muted
expect carl ^-!- unmute carl by ada\$
send carl free words
expect-none carl 200 ^-!- error
EOF_
"$CHATC" -p "$PORT" "$T/carl.chatc" >"$T/carl.out" 2>&1 &
carl=$!
track $carl
wait_file "$T/carl-in" || fail "carl did not log in: $(cat "$T/carl.out")"
tls_say ada "/mute carl"
wait_file "$T/carl-muted" || fail "carl was not muted: $(cat "$T/carl.out")"
tls_say ada "/mute carl"
wait_grep '^-!- error already-muted carl: ' "$T/ada.out" || fail "muted twice"
tls_say ada "/unmute carl"
wait $carl || fail "carl was not unmuted: $(cat "$T/carl.out")"
wait_grep '^<carl> free words$' "$T/ada.out" || fail "carl's line after /unmute is lost"
grep -q 'muted words\|carl waves\|carla' "$T/ada.out" "$T/eve.out" && fail "a muted line was relayed"
grep -q 'ada (operator) muted carl (127.0.0.1)' "$T/server.log" || fail "the mute is not logged"
tls_say ada "/unmute carl"
wait_grep '^-!- error not-muted carl: ' "$T/ada.out" || fail "unmuted twice"

# A ban of bob's key: told, kept in the bans file, and it holds after a
# restart; /bans lists it.
tls_open bob bob
tls_say bob "/nick bob"
wait_grep '^-!- nick .* \+?bob$' "$T/bob.out" || fail "bob is not back"
tls_open bob2 bob
tls_say ada "/ban bob spam"
wait_grep '^-!- ban bob by ada: spam$' "$T/eve.out" || fail "no ban notice: $(cat "$T/eve.out")"
wait_grep '^-!- quit bob: [0-9]+ online \(banned by ada: spam\)$' "$T/eve.out" ||
	fail "bob did not leave: $(cat "$T/eve.out")"
grep -Eq "^$bob [0-9TZ:-]+ bob ada spam$" "$state/bans" || fail "bans file: $(cat "$state/bans")"
# bob's other connection, with the same key, goes too.
tls_gone bob2 || fail "bob's second connection is still there"
grep -q '^-!- ban bob by ada: spam$' "$T/bob2.out" || fail "bob's second connection was not told"
tls_close bob2
[ -z "$(ls "$state" | grep 'bans\.')" ] || fail "a temporary file was left"
tls_close bob
tls_close eve
tls_close ada
stop_server

start_server --irc 127.0.0.1:0
tls_open bob bob
grep -q '^-!- error banned: you are banned from this room: spam$' "$T/bob.out" ||
	fail "bob came back: $(cat "$T/bob.out")"
tls_gone bob || fail "bob is still connected"
grep -q 'dropped: banned' "$T/server.log" || fail "the refusal is not logged"
tls_close bob
# The ops file, with a comment and in lower case.
lower=$(echo "$ada" | tr A-F a-f)
printf '# the operators\n%s  # ada\n\n' "$lower" >"$state/ops"
stop_server
start_server --irc 127.0.0.1:0
tls_open ada ada
tls_say ada "/nick ada"
tls_say ada "/bans"
wait_grep '^-!- info: banned: bob \(SHA256:.*\) since [0-9TZ:-]+ by ada: spam$' "$T/ada.out" ||
	fail "/bans: $(cat "$T/ada.out")"
grep -q '^-!- info: 1 ban$' "$T/ada.out" || fail "/bans does not count"
tls_say ada "/unban BOB"
wait_grep '^-!- unban bob by ada$' "$T/ada.out" || fail "no unban notice: $(cat "$T/ada.out")"
grep -q . "$state/bans" && grep -q "^SHA256" "$state/bans" && fail "still in the bans file"
tls_open bob bob
grep -q '^-!- welcome ' "$T/bob.out" || fail "bob is still banned: $(cat "$T/bob.out")"
tls_say ada "/unban bob"
wait_grep '^-!- error not-banned bob: ' "$T/ada.out" || fail "unbanned twice"

# A plain client is banned by its address; so are IRC clients and keys
# from there, but not an operator.
cat >"$T/dan.chatc" <<EOF_
login dan dan
mark $T/dan-in
expect dan ^-!- ban dan by ada\$
expect-closed dan
EOF_
"$CHATC" -p "$PORT" "$T/dan.chatc" >"$T/dan.out" 2>&1 &
dan=$!
track $dan
wait_file "$T/dan-in" || fail "dan did not log in: $(cat "$T/dan.out")"
tls_say ada "/ban dan"
wait $dan || fail "dan was not banned: $(cat "$T/dan.out")"
grep -Eq "^127\.0\.0\.1 [0-9TZ:-]+ dan ada$" "$state/bans" || fail "bans file: $(cat "$state/bans")"
"$CHATC" -p "$PORT" <<EOF_ || fail "a plain client came in from a banned address"
connect p
expect p ^-!- error banned: you are banned from this room\$
expect-closed p
EOF_
"$CHATC" -p "$IRC_PORT" <<EOF_ || fail "an IRC client came in from a banned address"
connect i
expect i ^ERROR :Closing link: you are banned from this room\$
EOF_
tls_open cat cat
grep -q '^-!- error banned: ' "$T/cat.out" || fail "a key from a banned address came in"
tls_close cat
tls_open ada2 ada
grep -q '^-!- welcome ' "$T/ada2.out" || fail "an operator was banned by address"
tls_close ada2
tls_say ada "/unban 127.0.0.1"
wait_grep '^-!- unban dan by ada$' "$T/ada.out" || fail "no unban of the address"
"$CHATC" -p "$PORT" <<EOF_ || fail "the address is still banned"
connect p
expect p ^-!- welcome
EOF_

# SIGHUP reads the ops and bans files again; a bad one keeps what was.
printf '%s\n%s # eve too\n' "$lower" "$eve" >"$state/ops"
kill -HUP "$SERVER_PID"
wait_grep ': 2 operators$' "$T/server.log" || fail "the ops file was not read again"
tls_open eve eve
tls_say eve "/bans"
wait_grep '^-!- info: 0 bans$' "$T/eve.out" || fail "eve is no operator after SIGHUP: $(cat "$T/eve.out")"
echo garbage >>"$state/bans"
kill -HUP "$SERVER_PID"
wait_grep 'bans:2: not KEY-OR-ADDRESS .*; keeping the settings from before$' "$T/server.log" ||
	fail "a bad bans file on SIGHUP was not said"
printf '%s 2026-12-01T08:00:00Z cat ada by hand\n' "$cat" >"$state/bans"
kill -HUP "$SERVER_PID"
wait_grep ': 1 ban in .*/bans$' "$T/server.log" || fail "the bans file was not read again"
tls_open cat cat
grep -q '^-!- error banned: you are banned from this room: by hand$' "$T/cat.out" ||
	fail "a ban added by hand did not hold: $(cat "$T/cat.out")"
tls_close cat
tls_close eve
tls_close bob
tls_close ada
stop_server

# Bad files: the line number, and no start.
printf '# ops\n%s\nSHA256:00\n' "$ada" >"$state/ops"
out=$("$SERVER" 127.0.0.1 0 2>&1) && fail "started with a bad ops file"
echo "$out" | grep -q "ops:3: not a key fingerprint" || fail "unclear: $out"
rm "$state/ops"
printf '%s 2026-12-01T08:00:00Z bob ada spam\n10.0.0.300 2026-12-01T08:00:00Z x ada\n' "$bob" >"$state/bans"
out=$("$SERVER" 127.0.0.1 0 2>&1) && fail "started with a bad bans file"
echo "$out" | grep -q "bans:2: not KEY-OR-ADDRESS TIME NAME OPERATOR \[REASON\]" || fail "unclear: $out"
printf '%s 2026-12-01T08:00:00Z bob ada \033[31mred\n' "$bob" >"$state/bans"
out=$("$SERVER" 127.0.0.1 0 2>&1) && fail "started with an escape in the bans file"
echo "$out" | grep -q "bans:1: " || fail "unclear: $out"
"$SERVER" --op SHA256:00 2>/dev/null; [ $? -eq 64 ] || fail "--op took a bad fingerprint"
exit 0
