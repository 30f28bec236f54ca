#!/bin/sh
# server-irc-split.sh: a room line longer than an IRC message can carry
# reaches IRC clients as several PRIVMSGs (actions: several ACTIONs), each
# within 512 bytes with its CR LF, cut only between characters; together
# they are the line, not a byte lost.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
start_server --irc 127.0.0.1:0 --irc-name irc.test

# 2-, 3- and 4-byte characters, 990 bytes, so that cuts fall inside them.
text=start
i=0
while [ $i -lt 110 ]; do
	text="$text$(printf '\303\251\342\202\254\360\235\204\236')"
	i=$((i + 1))
done
text="${text}end"

cat >"$T/script" <<END
login a alice
connect i $IRC_PORT
send i NICK ivan\r
send i USER u 0 * :u\r
expect i ^:irc.test 366
expect a ^-!- join ivan
send a $text
expect i ^:alice!chat@irc.test PRIVMSG #chat :.*end\$
send a /me $text
expect i ^:alice!chat@irc.test PRIVMSG #chat :\x01ACTION .*end\x01\$
END
"$CHATC" -v -p "$PORT" "$T/script" 2>"$T/got" || { cat "$T/got" >&2; fail "no long line"; }

# "i< " and the line, CR LF taken off: 510 bytes at most.
grep '^i< :alice' "$T/got" | sed 's/^i< //' >"$T/irc"
[ "$(wc -l <"$T/irc")" -ge 6 ] || fail "the lines were not split: $(cat "$T/irc")"
awk 'length($0) > 510 { print "too long: " length($0); exit 1 }' "$T/irc" ||
	fail "an IRC line is longer than 512 bytes"
while IFS= read -r line; do
	printf '%s\n' "$line" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 ||
		fail "a piece is not whole UTF-8: $line"
done <"$T/irc"
head='^:alice!chat@irc\.test PRIVMSG #chat :'
said=$(grep -v "$(printf '\001')" "$T/irc" | sed "s/$head//" | tr -d '\n')
[ "$said" = "$text" ] || fail "the message pieces do not make up the line"
acted=$(grep "$(printf '\001')" "$T/irc" | sed "s/$head$(printf '\001')ACTION //; s/$(printf '\001')\$//" | tr -d '\n')
[ "$acted" = "$text" ] || fail "the action pieces do not make up the line"
stop_server || fail "chat-server exited with status $?"
