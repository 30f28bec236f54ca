#!/bin/sh
# tui-url.sh: /copy N puts the Nth URL on the screen, from the bottom, in
# the clipboard with OSC 52; /open N runs $BROWSER with the URL as its
# one argument, never through a shell.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun
start_server --history=0

cat >"$T/browser.sh" <<EOF_
#!/bin/sh
printf '%s|' "\$@" >"$T/opened"
EOF_
chmod +x "$T/browser.sh"

cat >"$T/bob.chatc" <<EOF_
login bob bob
send bob see https://example.org/a, and (http://x.test/b?q=\$(touch%20pwned)).
send bob no link here
expect bob ^<alice> bye\$
EOF_

vt <<EOF_ || fail "/open or /copy went wrong"
size 80x24
env BROWSER=$T/browser.sh
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
sh $CHATC -p $PORT $T/bob.chatc >$T/bob.out 2>&1 &
wait '<bob> no link here$'
type /copy 2\\r
wait '-!- Copied https://example\\.org/a$'
type /copy\\r
wait '-!- Copied http://x\\.test/b\\?q=\\\$\\(touch%20pwned\\)$'
type /open\\r
wait '-!- Opening http://x\\.test/b'
wait-file $T/opened
type /open 3\\r
wait '-!- No URL 3 on the screen\\.$'
type /open x\\r
wait '-!- Usage: /open \\[N\\] or /copy \\[N\\]$'
type bye\\r
EOF_
[ "$(cat "$T/opened")" = 'http://x.test/b?q=$(touch%20pwned)|' ] || fail "\$BROWSER got '$(cat "$T/opened")'"
esc=$(printf '\033') bel=$(printf '\007')
a=$(printf 'https://example.org/a' | base64 -w0)
grep -q "$esc]52;c;$a$bel" "$T/raw" || fail "no OSC 52 with the first URL"
exit 0
