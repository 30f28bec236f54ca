#!/bin/sh
# tui-barred.sh: a server that will not take chat-tui back (its key is not
# on --allow's list; a ban is told the same way) gets one try, not a
# reconnect every few seconds: the reason is shown, the status bar says
# "refused", and chat-tui stays open to read until you quit.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need_tls
. "$srcdir/tests/tui/common.sh"
. "$srcdir/tests/keys.sh"
need openssl
key_make ada >"$T/allow"
tui_start --allow "$T/allow" --tls-wait 3000

vt <<EOF_ || fail "chat-tui went on trying"
size 80x12
spawn $TUI --nick alice 127.0.0.1 $PORT
wait 'admits only the keys on its list'
wait 'will not connect again'
wait-row -2 '^ refused \\|'
type /quit\\r
wait-exit 0
EOF_
[ "$(grep -c 'not on the list (--allow)' "$T/server.log")" = 1 ] ||
	fail "chat-tui came back: $(cat "$T/server.log")"
exit 0
