#!/bin/sh
# server-ids.sh: line IDs.  The hello announces them and --max-line;
# /since says which IDs the replay on joining had and where the room
# stands; live lines carry IDs from then on for those who asked, and the
# sender gets its own as an ack, before the refusal of a later line; IDs
# go on across a restart with --log; plain clients see no IDs; an early
# "/since N" leaves what the client has out of the replay.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
log=$T/chat.log
start_server --flood 0 --history 3 --log "$log" --max-line 200

"$CHATC" -p "$PORT" <<'END' || fail "IDs in one run"
login a alice
hello a ^-!- hello: ids max-line=200( verified)?$
login b bob
send a m1
send a m2
send a /me m3
send a m4
send a m5
expect b ^<alice> m5$
# The replay on joining was 3 to 5; the room is at 5.
connect c
expect c ^-!- welcome 
send c /since
next c ^-!- ids 1 3 5 5$
send a m6
expect b ^<alice> m6$
# d joined after 6: its replay was 4 to 6; a line before its /since
# comes plain, one after it with its ID.
connect d
next d ^\[[^]]*\] <alice> m4$
expect d ^-!- welcome 
send a m7
expect d ^<alice> m7$
send d /since
next d ^-!- ids 1 4 6 7$
# Live: IDs for c and d, none for b; alice acks once she asked (she
# joined before any line: an empty replay, FROM = TO + 1).
send a /since
expect a ^-!- ids 1 1 0 7$
send a /me m8
next a ^-!- ok 8 8$
expect c ^#6 <alice> m6$
expect c ^#7 <alice> m7$
expect c ^#8 \* alice m8$
expect d ^#8 \* alice m8$
expect b ^\* alice m8$
# A refused line comes after the acks of the lines before it.
send a m8
send a xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
send a m9
next a ^-!- ok 9 9$
next a ^-!- error too-long( [0-9]+)?: 
next a ^-!- ok 10 10$
expect c ^#10 <alice> m9$
# Resuming: "/since N" said before the hello leaves out of the replay
# what the client has (history 8 to 10; it has up to 9), and the answer
# says the replay was 10 to 10.
connect e
send e /since 9
next e ^\[[^]]*\] <alice> m9$
next e ^-!- welcome 
next e ^-!- ids 1 10 10 10$
# An ID that this room never gave says nothing: everything is replayed.
connect f
send f /since 999
next f ^\[[^]]*\] \* alice m8$
END
stop_server || fail "chat-server exited with status $?"
stamp='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z'
grep -Eq "^$stamp #10 <alice> m9\$" "$log" || fail "no ID in the log"

# Restarted with the log: IDs go on from 11, BASE stays 1.
start_server --flood 0 --history 3 --log "$log"
"$CHATC" -p "$PORT" <<'END' || fail "IDs after a restart with --log"
connect a
next a ^\[[^]]*\] \* alice m8$
next a ^\[[^]]*\] <alice> m8$
next a ^\[[^]]*\] <alice> m9$
next a ^-!- welcome 
send a /since
next a ^-!- ids 1 8 10 10$
login b bob
send b after
expect a ^#11 <bob> after$
END
stop_server || fail "chat-server exited with status $?"

# Without a log the IDs start from the clock: above the old ones, and
# BASE says that what came before is gone.  (LAST is BASE - 1.)
start_server --flood 0
"$CHATC" -p "$PORT" <<'END' || fail "IDs without a log"
login a alice
send a /since
expect a ^-!- ids [0-9]{13,} [0-9]{13,} [0-9]{13,} [0-9]{13,}$
END
stop_server || fail "chat-server exited with status $?"
