#!/bin/sh
# tui-inject-raw.sh: chat-tui itself neutralises what a server sends, even
# a server that passes escape sequences, controls, bidi overrides and
# invalid UTF-8 through untouched (here vtrun plays that server).
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_loopback
need_vtrun

rlo=$(printf '\342\200\256')    # U+202E RIGHT-TO-LEFT OVERRIDE
csi=$(printf '\302\233')        # U+009B, the C1 CSI
bad=$(printf '\357\277\275')    # U+FFFD, for invalid bytes

vt <<EOF_ || fail "escapes from the server reached the terminal"
size 80x24
listen $T/port
spawn sh -c 'exec $TUI --no-tls --nick alice 127.0.0.1 \$(cat $T/port)'
feed -!- welcome alice: 1 online, /help for commands\\n
wait-received '^/nick alice\$'
feed <bob> m1 clear\\e[2J\\e[Hscreen\\n
feed <bob> m2 title\\e]0;PWNED\\x07 and\\e]2;PWNED\\e\\\\ done\\n
feed <bob> m3 innocent\\r<carol> fake\\r\\n
feed <bob> m4 abc\\x08\\x08\\x08XYZ\\x7f\\n
feed <bob> m5 up\\e[1A\\e[5;1H<carol> moved\\eM\\eD\\n
feed <bob> m6 evil\\xe2\\x80\\xaegnp.exe\\n
feed <bob> m7 c1\\xc2\\x9b2J raw\\x9b2J dcs\\eP1;2|secret\\e\\\\ apc\\e_secret\\e\\\\ end\\n
feed <bob> m8 \\e[31mred\\e[7mrev\\e[0m \\e[?1049l\\e[?25l\\e[?1000h\\e[?2004l\\x07 modes\\n
feed <bob> m9 \\e#8\\ec reset \\xff\\xfe bytes\\n
feed m10 a plain line \\e[2J\\e]0;PWNED\\x07 too\\n
feed <bob> end-marker\\n
wait '^$TS <bob> end-marker$'
expect-row 0 '^$TS -!- Welcome'
expect-count '^$TS <bob> m[1-9] ' 9
expect '^$TS m10 a plain line +too$'
expect '^$TS <bob> m9 +reset $bad+ bytes$'
expect-gone 'PWNED|secret'
expect-gone '^ *($TS )?<carol>'
expect-gone '$rlo|$csi'
expect-gone 'EEEEEEEE'
expect-match-attr redrev -color,-reverse
expect-modes altscreen,cursor,paste,-mouse
expect-title '^$'
expect-bells 0
expect-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:[0-9]+ \\| alice'
expect-row -1 '^>$'
expect-cursor -1 2
EOF_
