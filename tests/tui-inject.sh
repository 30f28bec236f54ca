#!/bin/sh
# tui-inject.sh: escape sequences, control characters and bidi overrides
# from another client reach the screen as harmless text: they neither
# clear it, set the title, change the terminal's modes, ring the bell or
# colour text, nor fake a line from someone else.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start

{
	echo "login bob bob"
	echo "mark $T/bob.ready"
	cat <<'EOF_'
expect bob ^-!- nick [^ ]+ \+?alice$
send bob m1 clear\e[2J\e[Hscreen
send bob m2 title\e]0;PWNED\x07 and\e]2;PWNED\e\\ done
send bob m3 innocent\r<carol> fake
send bob m4 abc\x08\x08\x08XYZ
send bob m5 up\e[1A\e[5;1H<carol> moved\eM\eD
send bob m6 evil\xe2\x80\xaegnp.exe isolate\xe2\x81\xa6x\xe2\x81\xa9
send bob m7 c1\xc2\x9b2J raw\x9b2J dcs\eP1;2|secret\e\\ apc\e_secret\e\\ end
send bob m8 \e[31mred\e[7mrev\e[0m \e[?1049l\e[?25l\e[?1000h\e[?2004l\x07 modes
send bob m9 \e#8\ec reset
send bob end-marker
EOF_
} >"$T/bob.in"
chatc_bg bob <"$T/bob.in"
wait_file "$T/bob.ready" || fail "bob did not log in"

rlo=$(printf '\342\200\256')    # U+202E RIGHT-TO-LEFT OVERRIDE
lri=$(printf '\342\201\246')    # U+2066 LEFT-TO-RIGHT ISOLATE
csi=$(printf '\302\233')        # U+009B, the C1 CSI

vt <<EOF_ || fail "injected escapes got through"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait '^$TS <bob> end-marker$'
expect '^$TS -!- Welcome'
expect '^$TS <bob> m1 '
expect '^$TS <bob> m2 '
expect '^$TS <bob> m3 '
expect '^$TS <bob> m4 '
expect '^$TS <bob> m5 '
expect '^$TS <bob> m6 '
expect '^$TS <bob> m7 '
expect '^$TS <bob> m8 '
expect '^$TS <bob> m9 '
expect-count ' m[1-9] ' 9
expect-gone 'PWNED|secret'
expect-gone '^ *($TS )?<carol>'
expect-gone '$rlo|$lri|$csi'
expect-gone 'EEEEEEEE'
expect-match-attr redrev -color,-reverse
expect-modes altscreen,cursor,paste,-mouse
expect-title '^$'
expect-bells 0
expect-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT \\| alice'
expect-row -1 '^>$'
expect-cursor -1 2
EOF_
chatc_wait bob
