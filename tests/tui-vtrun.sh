#!/bin/sh
# tui-vtrun.sh: the screen harness itself reads the screen, sends keys,
# follows terminal modes, fails when a check does not hold and leaves
# nothing running.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
[ -x "$VTRUN" ] || skip "vtrun was not built (libvterm-dev is missing)"

"$VTRUN" <<'EOF_' || fail "vtrun misread a simple program"
size 40x10
spawn sh -c "stty -icanon -echo; printf 'hello\\n日本語 x\\ne\\314\\201 ok\\n\\033[7mrev\\033[m \\033[31mred\\033[m\\n\\033[?1h\\033[?2004h\\033]0;T\\007\\a'; exec cat -v"
wait '^hello$'
expect-row 1 '^日本語 x$'
expect-row 2 '^e. ok$'
expect-row -7 '^rev red$'
expect-cursor -6 0
expect-attr 3 0 reverse,-color
expect-match-attr red fg=1,-reverse
expect-title ^T$
expect-bells 1
key up left home pageup shift-up ctrl-a alt-x
type \n
wait-row 4 '^\^\[OA\^\[OD\^\[OH\^\[\[5~\^\[\[1;2A\^A\^\[x$'
paste a\nb
type \n
wait-row 5 '^\^\[\[200~a$'
wait-row 6 '^b\^\[\[201~$'
resize 30x5
signal TERM
expect-exit TERM
EOF_

# A check that does not hold fails, and shows the screen.
"$VTRUN" sh -c 'echo one; exec sleep 30' >"$T/out" 2>&1 <<'EOF_' &&
wait one
expect-row 0 two
EOF_
	fail "a false check passed"
grep -q '^  0 -24|one$' "$T/out" || fail "no screen after a failed check"

# The terminal modes a program leaves behind are seen.
"$VTRUN" sh -c 'printf "\033[?2004h\n"' 2>/dev/null <<'EOF_' &&
expect-exit 0
expect-restored
EOF_
	fail "bracketed paste left on went unseen"

# Nothing it started outlives it, even what escaped to another session.
"$VTRUN" sh -c "setsid sleep 30 & echo \$! >'$T/pid'; echo started; exec sleep 31" <<'EOF_' ||
wait started
EOF_
	fail "vtrun failed"
kill -0 "$(cat "$T/pid")" 2>/dev/null && fail "something vtrun started outlived it"
exit 0
