#!/bin/sh
# server-framing.sh: split and merged writes, CRLF, overlong lines,
# invalid UTF-8, and escape sequences.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
start_server --flood 0 --max-line 64

"$CHATC" -p "$PORT" <<'END' || fail "framing"
login a alice
login b bob
# One line in three writes.
sendraw a spl
sleep 100
sendraw a it li
sleep 100
sendraw a ne\n
next b ^<alice> split line$
# Three lines in one write, the last with CRLF.
sendraw a one\ntwo\r\nthree\r\n
next b ^<alice> one$
next b ^<alice> two$
next b ^<alice> three$
# Too long: an error to the sender, nothing relayed, then back in step.
send a 0123456789012345678901234567890123456789012345678901234567890123456789 tail
expect a ^-!- error too-long 64: .*64 bytes
send a after
next b ^<alice> after$
# An overlong line in pieces is still dropped whole.
sendraw a 0123456789012345678901234567890123456789
sleep 100
sendraw a 0123456789012345678901234567890123456789
sleep 100
sendraw a end\nnext\n
expect a ^-!- error too-long 64:
next b ^<alice> next$
# Exactly the limit is fine.
send a 0123456789012345678901234567890123456789012345678901234567890123
next b ^<alice> 0123456789012345678901234567890123456789012345678901234567890123$
# Invalid UTF-8 becomes U+FFFD; valid UTF-8 stays.
send a bad \xff\xfe byte, good \xc3\xa9
next b ^<alice> bad \xef\xbf\xbd\xef\xbf\xbd byte, good \xc3\xa9$
# Escape sequences and controls are removed.
send a \e[2J\e[31mred\e[0m \e]0;title\x07bell\x07 cr\rlf
next b ^<alice> red bell crlf$
# A line that is nothing once cleaned is not relayed.
send a \e[0m\x01\x02
send a marker
next b ^<alice> marker$
# Invisible and blank code points go (a blank message is none); a ZWJ
# between emoji stays.
send a \xe2\x80\x8b\xe3\x85\xa4\xe2\xa0\x80\xe2\x81\xa0
send a hid\xe2\x80\x8bden\xc2\xad \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb
next b ^<alice> hidden \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb$
END
stop_server || fail "chat-server exited with status $?"
