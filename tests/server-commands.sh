#!/bin/sh
# server-commands.sh: every command, its usage errors, and //text.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
start_server --flood 0

"$CHATC" -p "$PORT" <<'END' || fail "commands"
login a alice
login b bob
login c carol
expect a ^-!- join 
expect a ^-!- nick [^ ]+ carol$
expect b ^-!- nick [^ ]+ carol$
# /me
send a /me waves
next b ^\* alice waves$
next c ^\* alice waves$
send a /me
next a ^-!- error usage /me: usage: /me TEXT$
# /msg: only to the one named, with a receipt to the sender.
send a /msg bob psst, bob
next b ^\*alice\* psst, bob$
next a ^-> \*bob\* psst, bob$
expect-none c 200 psst
send a /msg BOB case does not matter
next b ^\*alice\* case does not matter$
next a ^-> \*bob\* case does not matter$
send a /msg nobody hello
next a ^-!- error no-such-name nobody: 
send a /msg bob
next a ^-!- error usage /msg: usage: /msg NAME TEXT$
send a /msg
next a ^-!- error usage /msg: 
# /who
send a /who
next a ^-!- who 3: alice bob carol$
# /help
send a /help
next a ^-!- info: commands: /nick NAME, /me TEXT, /msg NAME TEXT, /who, /away \[TEXT\], /release \[NAME\], /quit \[REASON\], /help$
expect a ^-!- info: 
# //text and unknown commands
send a //etc/passwd
next b ^<alice> /etc/passwd$
send a /etc/passwd
expect a ^-!- error unknown-command /etc/passwd: 
send a /NICK Alice
next a ^-!- nick alice Alice$
next b ^-!- nick alice Alice$
expect c ^-!- nick alice Alice$
send a /nick
next a ^-!- error usage /nick: 
expect-none b 200 ^<Alice> /
# /quit with and without a reason
send c /quit gone fishing
expect-closed c
next a ^-!- quit carol: 2 online \(gone fishing\)$
next b ^-!- quit carol: 2 online \(gone fishing\)$
send b /quit
expect-closed b
next a ^-!- quit bob: 1 online \(quit\)$
send a /who
next a ^-!- who 1: Alice$
# Controls go before a line is read as a command (documented): a NUL
# inside /nick is not a way to say "/ni" as text.
send a /ni\x00ck eve
next a ^-!- nick Alice eve$
# A CR alone ends no line (only LF does): it is never relayed.
login d dave
sendraw a cr only\r
send d /who
expect d ^-!- who 2: 
expect-none d 300 cr only
END
stop_server || fail "chat-server exited with status $?"
