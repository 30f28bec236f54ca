#!/bin/sh
# tui-ignore.sh: /ignore NAME hides what NAME says, private messages too,
# and is kept in $XDG_CONFIG_HOME/chat-tui/ignore for the next run;
# /ignore alone lists; /unignore NAME shows NAME again.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun
start_server --history=0

cat >"$T/talk1.chatc" <<EOF_
login bob bob
login carol carol
mark $T/talk1.ready
expect bob ^<alice> go\$
send bob hidden one
send bob /msg alice hidden psst
send carol visible one
expect bob ^<alice> bye\$
EOF_

vt <<EOF_ || fail "/ignore did not hide bob"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
type /ignore\\r
wait '-!- Nobody is ignored\\.$'
type /ignore bob\\r
wait '-!- Ignoring bob: their messages are not shown\\.$'
sh $CHATC -p $PORT $T/talk1.chatc >$T/talk1.out 2>&1 &
wait-file $T/talk1.ready
wait 'is now known as carol$'
type go\\r
wait '<carol> visible one$'
expect-gone 'hidden'
type /ignore bob?\\r
wait '-!- Usage: /ignore \\[NAME\\]$'
type bye\\r
EOF_
[ "$(cat "$XDG_CONFIG_HOME/chat-tui/ignore")" = bob ] || fail "the ignore file does not hold bob"

cat >"$T/talk2.chatc" <<EOF_
login bob bob
login carol carol
mark $T/talk2.ready
expect bob ^<alice> go\$
send bob hidden two
expect carol ^<bob> hidden two\$
send carol after two
expect bob ^<alice> again\$
send bob shown three
expect bob ^<alice> bye\$
EOF_

vt <<EOF_ || fail "/ignore was not kept, or /unignore failed"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
type /ignore\\r
wait '-!- Ignored: bob$'
sh $CHATC -p $PORT $T/talk2.chatc >$T/talk2.out 2>&1 &
wait-file $T/talk2.ready
wait 'is now known as carol$'
type go\\r
wait '<carol> after two$'
type /unignore bob\\r
wait '-!- No longer ignoring bob\\.$'
type again\\r
wait '<bob> shown three$'
expect-gone 'hidden'
type bye\\r
EOF_
[ ! -s "$XDG_CONFIG_HOME/chat-tui/ignore" ] || fail "the ignore file still holds a name"
exit 0
