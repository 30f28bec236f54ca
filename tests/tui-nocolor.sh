#!/bin/sh
# tui-nocolor.sh: names are coloured, except with NO_COLOR set, with
# --no-color, or on a terminal without colours; then nothing on the
# screen has a colour, and names stand out in bold instead.  With 256
# colours there are more hues, so three people get three colours.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start --history=0

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
# On a 256-colour terminal, more hues: three people, three colours.
vt <<EOF_ || fail "the names' colours"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
type I am here\r
sh printf 'login bob bob\\nsend bob me too\\n' | $CHATC -p $PORT
sh printf 'login carol carol\\nsend carol and me\\n' | $CHATC -p $PORT
wait '^$TS <carol> and me$'
capture-fg '<(alice)>' $T/alice.fg
capture-fg '<(bob)>' $T/bob.fg
capture-fg '<(carol)>' $T/carol.fg
EOF_
a=$(cat "$T/alice.fg") b=$(cat "$T/bob.fg") c=$(cat "$T/carol.fg")
[ "$a" != "$b" ] && [ "$b" != "$c" ] && [ "$a" != "$c" ] ||
	fail "alice, bob and carol share colours: $a $b $c"
for i in $a $b $c; do
	[ "$i" -gt 15 ] 2>/dev/null || fail "colour $i is not one of the 256-colour palette"
done
exit 0
