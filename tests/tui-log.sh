#!/bin/sh
# tui-log.sh: --log FILE appends the conversation as plain text, with the
# date, and never an escape sequence, and a second run appends without
# logging again the history the server replays to it.  /help is not
# the conversation, and stays out of it.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start --history=0
umask 022

for run in 1 2; do
	vt <<EOF_ || fail "run $run with --log went wrong"
size 80x24
spawn $TUI --log $T/chat.log --nick alice 127.0.0.1 $PORT
wait 'is now known as alice$'
sh printf 'login bob bob\\nsend bob run $run \\\\e[31mred\\n' | $CHATC -p $PORT
wait '^$TS <bob> run $run red$'
type mine $run\r
wait '^$TS <alice> mine $run$'
type /help\r
wait '/quit'
type /quit\r
expect-exit 0
EOF_
done
log=$T/chat.log
d='[0-9]\{4\}-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]'
grep -q "^$d <bob> run 1 red\$" "$log" || { cat "$log" >&2; fail "bob's first line is not in the log"; }
grep -q "^$d <alice> mine 1\$" "$log" || fail "your own line is not in the log"
grep -q "^$d <bob> run 2 red\$" "$log" || fail "the second run did not append"
grep -q "$(printf '\033')" "$log" && fail "an escape reached the log"
grep -q '/quit' "$log" && { cat "$log" >&2; fail "/help reached the log"; }
stop_server || fail "chat-server exited with status $?"

# With history: the second run gets the first run's lines replayed, and
# shows them, but they are in the log once.
start_server --history=10
for run in 1 2; do
	vt <<EOF_ || fail "run $run with history went wrong"
size 80x24
spawn $TUI --log $T/hist.log --nick alice 127.0.0.1 $PORT
wait 'is now known as alice$'
sh printf 'login bob bob\\nsend bob said in run $run\\n' | $CHATC -p $PORT
wait '^$TS <bob> said in run $run$'
expect-count '^$TS <bob> said in run 1$' 1
type /quit\r
expect-exit 0
EOF_
done
n=$(grep -c '<bob> said in run 1$' "$T/hist.log")
[ "$n" -eq 1 ] || { cat "$T/hist.log" >&2; fail "a replayed line was logged $n times"; }
grep -q '<bob> said in run 2$' "$T/hist.log" || fail "run 2's line is not in the log"
# It holds private messages: created 0600 whatever the umask allows.
[ "$(stat -c %a "$log")" = 600 ] || fail "the log was created $(stat -c %a "$log"), not 0600"
exit 0
