#!/bin/sh
# tui-nocolor.sh: names are coloured, except with NO_COLOR set, with
# --no-color, or on a terminal without colours; then nothing on the
# screen has a colour, and names stand out in bold instead.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun
start_server --history=0

# run ENV OPTION: alice's screen once bob has spoken.
run() {
	vt <<EOF_
size 80x24
env $1
spawn $TUI $2 --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
sh printf 'login bob bob\\nsend bob colourful\\n' | $CHATC -p $PORT
wait '^$TS <bob> colourful$'
$3
EOF_
}

run COLORTERM=truecolor "" "expect-match-attr '(<)bob' -bold
expect-match-attr '<(bob)> colourful' color
expect-match-attr colourful -color" || fail "names are not coloured"
run NO_COLOR=1 "" "expect-nocolor
expect-match-attr '<(bob)> colourful' bold" || fail "NO_COLOR was not respected"
run COLORTERM=truecolor --no-color "expect-nocolor
expect-match-attr '<(bob)> colourful' bold" || fail "--no-color was not respected"
run TERM=vt100 "" "expect-nocolor
expect-match-attr '<(bob)> colourful' bold" || fail "colours on a terminal without them"
exit 0
