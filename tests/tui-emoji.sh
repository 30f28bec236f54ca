#!/bin/sh
# tui-emoji.sh: emoji sequences that many terminals draw as one glyph
# (a ZWJ family, a heart with VS16, a thumb with a skin tone) are shown
# without their joiners, selectors and modifiers, so that each emoji
# takes the columns wcwidth gives it and curses and the terminal agree
# on every cell of the row; what was sent arrives whole.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start

man=$(printf '\360\237\221\250') woman=$(printf '\360\237\221\251')
girl=$(printf '\360\237\221\247') zwj=$(printf '\342\200\215')
heart=$(printf '\342\235\244') vs16=$(printf '\357\270\217')
thumb=$(printf '\360\237\221\215') tone=$(printf '\360\237\217\275')
family=$man$zwj$woman$zwj$girl

chatc_peer bob <<EOF_
expect bob ^-!- nick [^ ]+ \\+?alice\$
send bob A $family B $heart$vs16 C $thumb$tone D
expect bob ^<alice> E $family F\$
EOF_
wait_file "$T/bob.ready" || fail "bob did not log in"

vt <<EOF_ || fail "emoji sequences went wrong"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait '^$TS <bob> A .* D$'
expect '^$TS <bob> A $man$woman$girl B $heart C $thumb D$'
expect-gone '$zwj|$vs16|$tone'
type E $family F\r
wait '^$TS <alice> E $man$woman$girl F$'
EOF_
chatc_wait bob
exit 0
