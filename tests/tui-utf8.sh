#!/bin/sh
# tui-utf8.sh: CJK, emoji and combining marks arrive and leave intact,
# take the right number of columns when wrapped, and keep the input
# line's cursor in the right column.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start

comb=$(printf '\314\201')       # U+0301 COMBINING ACUTE ACCENT
han=$(printf '\344\270\255')    # U+4E2D, two columns
word=$han$han$han$han
wide=
i=0
while [ $i -lt 10 ]; do wide="$wide $word"; i=$((i + 1)); done
wide=${wide# }

chatc_peer bob <<EOF_
expect bob ^-!- nick [^ ]+ \\+?alice\$
send bob 中文 🎉 e\\xcc\\x81 ok
send bob $wide
expect bob ^<alice> 日本🎉e\\xcc\\x81\$
EOF_
wait_file "$T/bob.ready" || fail "bob did not log in"

# 12 columns of "HH:MM <bob> " leave 68: 7 words of 4 wide characters
# and their spaces take 62, and 8 would take 71.
vt <<EOF_ || fail "UTF-8 text went wrong"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait '^$TS <bob> 中文 🎉 e$comb ok$'
wait '^$TS <bob> $word( $word){6}$'
expect '^ {12}$word $word $word$'
type 日本🎉e\\xcc\\x81
wait-row -1 '^> 日本🎉e$comb$'
expect-cursor -1 9
key left
wait-cursor -1 8
key home
wait-cursor -1 2
key end
wait-cursor -1 9
key enter
wait '^$TS <alice> 日本🎉e$comb$'
wait-row -1 '^>$'
EOF_
chatc_wait bob
