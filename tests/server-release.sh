#!/bin/sh
# server-release.sh: /release gives a name back.  Only its key may: eve's
# key and a plain client are refused; the names file loses the line, whole,
# and keeps it when it cannot be written; the name is free for anyone
# then, also after a restart.  Escapes and bidi controls in names are
# sanitised away before the server reads them.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/keys.sh"
names=$XDG_STATE_HOME/chat-server/names
ada=$(key_make ada)
eve=$(key_make eve)

start_server --tls-wait 3000
tls_open ada 4
tls_send ada "/nick ada"
tls_expect ada '^-!- nick .* \+ada$'
tls_send ada "/nick ada2"
tls_expect ada '^-!- nick ada \+ada2$'
grep -qx "ada $ada" "$names" && grep -qx "ada2 $ada" "$names" ||
	fail "ada does not own ada and ada2: $(cat "$names")"

# Not theirs to give back.
tls_open eve 5
tls_send eve "/release ada"
tls_expect eve '^-!- error name-owned ada: that name belongs to another key$'
"$CHATC" -p "$PORT" <<EOF_ || fail "a plain client: /release"
connect p
send p /release ada2
expect p ^-!- error name-owned ada2: that name belongs to another key\$
send p /release
expect p ^-!- error not-owned: nobody owns that name\$
send p /release x:y
expect p ^-!- error name-invalid: a name is
EOF_
tls_send eve "/release nobody"
tls_expect eve '^-!- error not-owned nobody: nobody owns that name$'
grep -qx "ada $ada" "$names" || fail "ada lost ada: $(cat "$names")"

# A names file that cannot be written: still owned, here and on disk.
if [ "$(id -u)" != 0 ]; then
	chmod 500 "$XDG_STATE_HOME/chat-server"
	tls_send ada "/release ada"
	tls_expect ada '^-!- error not-saved ada: the server could not write its names file$'
	chmod 700 "$XDG_STATE_HOME/chat-server"
	grep -qx "ada $ada" "$names" || fail "ada lost ada on disk"
	# eve has had this error once already (from /release above): wait for
	# the second, or her /nick could come after ada's /release below.
	tls_send eve "/nick ada"
	wait_count 2 '^-!- error name-owned ada: ' "$T/eve.out" 100 ||
		fail "eve's /nick ada was not refused: $(cat "$T/eve.out")"
fi

# ada gives back the name it does not use, then the one it uses.
tls_send ada "/release ada"
tls_expect ada '^-!- info: ada belongs to nobody now$'
tls_send ada "/release"
tls_expect ada '^-!- info: ada2 belongs to nobody now$'
wait_grep "ada2 belongs to nobody now" "$T/server.log" || fail "not logged"
[ "$(grep -c . "$names")" = 1 ] && grep -q '^#' "$names" || fail "names file: $(cat "$names")"
[ -z "$(ls "$XDG_STATE_HOME/chat-server" | grep names.)" ] || fail "a temporary file was left"
tls_send ada "/release ada2"
tls_expect ada '^-!- error not-owned ada2: '

# Free for anyone now: eve takes ada, and keeps it across a restart.
tls_send eve "/nick ada"
tls_expect eve '^-!- nick .* \+ada$'
grep -qx "ada $eve" "$names" || fail "eve does not own ada: $(cat "$names")"
# Names are sanitised as messages are, before anything reads them: an
# escape sequence and a bidi control in /nick and /release are gone, and
# so never reach the names file.
tls_send ada "$(printf '/nick \033[31mada\342\200\256x\033[0m')"
tls_expect ada '^-!- nick ada2 \+adax$'
grep -qx "adax $ada" "$names" || fail "names file: $(cat "$names")"
tls_send ada "$(printf '/release \342\200\217ad\033]0;t\007ax')"
tls_expect ada '^-!- info: adax belongs to nobody now$'
LC_ALL=C grep -q "$(printf '[\033\342]')" "$T/ada.out" "$names" && fail "an escape or a bidi control passed"
tls_close ada
tls_close eve
stop_server || fail "chat-server exited with status $?: $(tail -5 "$T/server.log")"
start_server --tls-wait 3000
tls_open ada 4
tls_send ada "/nick ada"
tls_expect ada '^-!- error name-owned ada: '
tls_close ada
stop_server || fail "chat-server exited with status $?: $(tail -5 "$T/server.log")"
exit 0
