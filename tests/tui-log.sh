#!/bin/sh
# tui-log.sh: --log FILE appends the conversation as plain text, with the
# date, and never an escape sequence, and a second run appends.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun
start_server --history=0

for run in 1 2; do
	vt <<EOF_ || fail "run $run with --log went wrong"
size 80x24
spawn $TUI --log $T/chat.log --nick alice 127.0.0.1 $PORT
wait 'is now known as alice$'
sh printf 'login bob bob\\nsend bob run $run \\\\e[31mred\\n' | $CHATC -p $PORT
wait '^$TS <bob> run $run red$'
type mine $run\r
wait '^$TS <alice> mine $run$'
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
exit 0
