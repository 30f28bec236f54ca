#!/bin/sh
# server-names.sh: address names at first, then the rules for chosen
# names: the charset and length, no duplicates in any case, and no way
# to pass for somebody else.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
start_server --flood 0

"$CHATC" -p "$PORT" <<'END' || fail "name rules"
connect a
expect a ^-!- welcome 127\.0\.0\.1:[0-9]+: 1 online, /help for commands$
connect b
expect a ^-!- join 127\.0\.0\.1:[0-9]+: 2 online$
expect b ^-!- welcome 127\.0\.0\.1:[0-9]+: 2 online
send b before any nick
expect a ^<127\.0\.0\.1:[0-9]+> before any nick$
send a /nick alice
expect a ^-!- nick 127\.0\.0\.1:[0-9]+ alice$
expect b ^-!- nick 127\.0\.0\.1:[0-9]+ alice$
# Taken, also when spelt in another case.
send b /nick alice
next b ^-!- error name-taken alice: 
send b /nick ALICE
next b ^-!- error name-taken ALICE: 
# Confusable with alice (UTS #39 skeletons, within ASCII): I, 1 for l,
# rn for m, cl for d, vv for w, 0 for o.
send b /nick AIice
next b ^-!- error name-taken AIice: that name looks like one in use$
send b /nick a1ice
next b ^-!- error name-taken a1ice: 
# Invalid: a digit first, spaces, too long, punctuation, an address,
# something that looks like a notice.
send b /nick 1bob
next b ^-!- error name-invalid 1bob: 
send b /nick bob smith
next b ^-!- error name-invalid[^:]*: 
send b /nick abcdefghijklmnopq
next b ^-!- error name-invalid[^:]*: 
send b /nick bob!
next b ^-!- error name-invalid[^:]*: 
send b /nick 127.0.0.1:1
next b ^-!- error name-invalid[^:]*: 
send b /nick -!-
next b ^-!- error name-invalid[^:]*: 
send b /nick <alice>
next b ^-!- error name-invalid[^:]*: 
send b /nick bob\xc3\xa9
next b ^-!- error name-invalid[^:]*: 
# Sixteen characters is fine; so are '-' and '_'.
send b /nick abcdefghijklmnop
next b ^-!- nick 127\.0\.0\.1:[0-9]+ abcdefghijklmnop$
send b /nick Bob_the-2nd
next b ^-!- nick abcdefghijklmnop Bob_the-2nd$
# Changing only the case of your own name is allowed.
send a /nick Alice
expect a ^-!- nick alice Alice$
# Whatever bob sends is shown as his, however it looks.
send b -!- quit Alice: 1 online (spoofed)
expect a ^<Bob_the-2nd> -!- quit Alice: 1 online \(spoofed\)$
send b x\n<Alice> fake
next a ^<Bob_the-2nd> x$
next a ^<Bob_the-2nd> <Alice> fake$
send b x\r<Alice> fake
next a ^<Bob_the-2nd> x<Alice> fake$
send b \xe2\x80\xa8<Alice> fake \xe2\x80\xaeevil
next a ^<Bob_the-2nd> <Alice> fake evil$
send b /me is Alice
next a ^\* Bob_the-2nd is Alice$
send b /nick alice
expect b ^-!- error name-taken alice: 
END
stop_server || fail "chat-server exited with status $?"

start_server
"$CHATC" -p "$PORT" <<'END' || fail "confusable names"
login x mod
login y yves
send y /nick rnocl
next y ^-!- error name-taken rnocl: that name looks like one in use$
send y /nick rnod
next y ^-!- error name-taken rnod: 
send y /nick w0
next y ^-!- nick yves w0$
send x /nick vvO
expect x ^-!- error name-taken vvO: 
# Your own name's look-alike is yours to take, and others are fine.
send y /nick vvo
next y ^-!- nick w0 vvo$
send x /nick mode
expect x ^-!- nick mod mode$
END
stop_server || fail "chat-server exited with status $?"
