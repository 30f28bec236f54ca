#!/bin/sh
# tui-badbytes.sh: bytes that are not strict UTF-8, typed, pasted or on
# the command line, become U+FFFD (three bytes each) before they are
# shown or sent, and long runs of them neither overflow a buffer nor get
# cut: 250 typed F8 88 80 80 80, 300 pasted F4 90 80 80 (which glibc
# decodes), a host name of 3000 FF bytes.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start

# say() cuts at 1022 bytes, so 340 U+FFFD to a line; on the screen, 66
# columns to a row after the 14 of "HH:MM <alice> ".
R='(\xEF\xBF\xBD)'
chatc_peer bob <<EOF_
expect bob ^<alice> $R{340}\$
next bob ^<alice> $R{340}\$
next bob ^<alice> $R{340}\$
next bob ^<alice> $R{230}\$
next bob ^<alice> $R{340}\$
next bob ^<alice> $R{340}\$
next bob ^<alice> $R{340}\$
next bob ^<alice> $R{180}\$
EOF_
wait_file "$T/bob.ready" || fail "bob did not log in"

typed=$(awk 'BEGIN { for (i = 0; i < 250; i++) printf "\\xF8\\x88\\x80\\x80\\x80" }')
pasted=$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "\\xF4\\x90\\x80\\x80" }')
vt <<EOF_ || fail "invalid bytes typed or pasted went wrong"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 2 online'
type $typed
wait-row -1 '^> <�{76}$'
type \r
wait '^ {14}�{32}$'
expect-count '^ {14}�{10}$' 3
expect-count '^ {14}�{66}$' 14
expect-count '^$TS <alice> �{66}$' 4
paste $pasted\n
wait '^ {14}�{48}$'
expect-count '^ {14}�{10}$' 3
EOF_
chatc_wait bob

# A port of 3000 FF bytes (a host name would go to the resolver) shows
# whole in the notice, and as U+FFFD in the status bar, shortened to fit.
port=$(awk 'BEGIN { for (i = 0; i < 3000; i++) printf "\377" }')
printf '#!/bin/sh\nexec "%s" 127.0.0.1 "%s"\n' "$TUI" "$port" >"$T/badport"
chmod +x "$T/badport"
vt <<EOF_ || fail "a port of invalid bytes went wrong"
size 80x60
spawn $T/badport
wait '^ {10}�{18}: '
expect-count '^ {10}�{70}$' 42
expect-row -2 '127\\.0\\.0\\.1:�+… \\| '
EOF_
