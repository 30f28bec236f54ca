#!/bin/sh
# tui-hscroll.sh: an input line longer than the screen scrolls sideways so
# that the cursor stays visible, with wide characters too, and is sent
# whole.  The prompt stays, and '<' and '>' mark the hidden parts.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start

long=
i=10
while [ $i -lt 40 ]; do long="${long}x$i "; i=$((i + 1)); done
long="${long}END"
han=$(printf '\344\270\255')    # U+4E2D, two columns
wide=
i=0
while [ $i -lt 45 ]; do wide="$wide$han"; i=$((i + 1)); done

vt <<EOF_ || fail "the long input line went wrong"
size 40x10
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice'
type $long
wait-row -1 'END$'
expect-gone '^> x10'
expect-row -1 '^> <[^<>]* x39 END$'
expect-attr -1 2 reverse
expect-cursor-after 'x39 END$'
key home
wait-row -1 '^> x10 x11 '
expect-row -1 '^> x10 x11 [^<>]*>$'
expect-attr -1 39 reverse
expect-cursor -1 2
key end
wait-row -1 'END$'
expect-row -1 '^> <'
expect-cursor-after 'x39 END$'
key enter
wait '^$TS <alice> x10 '
expect 'END$'
type $wide
wait-row -1 '$han$'
expect-row -1 '^> <$han+$'
expect-cursor-after '$han$'
EOF_
