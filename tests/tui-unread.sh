#!/bin/sh
# tui-unread.sh: the unread marker: a line after the last one read, set
# when the terminal loses the focus (CSI ?1004) or when you scroll away;
# the status bar counts the lines that came while away; M-u jumps to the
# marker, M-p and M-n to the previous and next mention.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun
start_server --history=0 --flood=0

cat >"$T/bob1.chatc" <<EOF_
login bob bob
send bob before 1
send bob before 2
send bob before 3
mark $T/bob1.ready
expect bob ^<alice> x\$
send bob alice: first ping
flood bob 40 after
send bob alice: second ping
flood bob 30 late
mark $T/bob1.done
expect bob ^<alice> thanks$
EOF_

vt <<EOF_ || fail "the marker after losing the focus went wrong"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online \\| TLS$'
expect-modes focus
sh $CHATC -p $PORT $T/bob1.chatc >$T/bob1.out 2>&1 &
wait-file $T/bob1.ready
wait '<bob> before 3$'
expect-gone '^-+$'
type \\e[O
type x\\r
wait-file $T/bob1.done
wait '<bob> late 30$'
wait-row -2 '\\| unread: 72 \\| mentions: 2 \\| TLS$'
expect-gone '^-+$'
type \\e[I
key alt-u
wait-row 6 '^-{80}$'
expect-row 5 '<bob> before 3$'
expect-row 7 '<alice> x$'
wait-row -2 '\\| unread: 72 \\| mentions: 2 \\| TLS$'
key ctrl-end
wait-row -3 '<bob> late 30$'
key alt-p
wait-row 7 '<bob> alice: second ping$'
key alt-p
wait-row 7 '<bob> alice: first ping$'
expect-row 6 '<alice> x$'
expect-row 5 '^-{80}$'
key alt-n
wait-row 7 '<bob> alice: second ping$'
key alt-n
wait-row -3 '<bob> late 30$'
type thanks\\r
wait-row -2 ' online \\| TLS$'
EOF_

# Without focus events: scrolling away sets the marker.
cat >"$T/bob2.chatc" <<EOF_
login bob bob
flood bob 30 early
mark $T/bob2.ready
expect bob ^<alice> y\$
flood bob 5 later
mark $T/bob2.done
expect bob ^<alice> bye\$
EOF_

vt <<EOF_ || fail "the marker after scrolling away went wrong"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online \\| TLS$'
sh $CHATC -p $PORT $T/bob2.chatc >$T/bob2.out 2>&1 &
wait-file $T/bob2.ready
wait-row -3 '<bob> early 30$'
key pageup
wait-row -2 'scrolled up \\| TLS$'
type y\\r
wait-file $T/bob2.done
wait-row -2 '\\+6 new \\| TLS$'
key ctrl-end
wait-row -3 '<bob> later 5$'
expect-row -7 '<bob> later 1$'
expect-row -8 '<alice> y$'
expect-row -9 '^-{80}$'
expect-row -10 '<bob> early 30$'
type bye\r
EOF_
