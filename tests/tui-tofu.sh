#!/bin/sh
# tui-tofu.sh: trust on first use.  The first connection shows the
# server's fingerprint and remembers it in known_hosts; /fingerprint
# shows it again and the status bar says TLS.  When the server comes back
# on the same port with another key, chat-tui refuses it on reconnect,
# showing both fingerprints and the line to delete; once that line is
# deleted, the next try trusts the new key.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun
start_server
old=$("$SERVER" --fingerprint) || fail "--fingerprint failed"
new=$("$SERVER" --state-dir "$T/other" --fingerprint) || fail "--fingerprint failed"
known=$XDG_STATE_HOME/chat-tui/known_hosts

vt <<EOF_
size 250x40
spawn $TUI --nick alice 127.0.0.1 $PORT
wait 'First connection to 127\\.0\\.0\\.1:$PORT: its key has the fingerprint'
wait '$old'
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT \\| alice \\| 1 online \\| TLS$'
type /fingerprint\r
wait 'key: $old \\(trusted on first use, in'
sh kill $SERVER_PID
wait 'Disconnected'
sh "$SERVER" --state-dir "$T/other" --port-file "$T/port2" 127.0.0.1 $PORT >/dev/null 2>>"$T/server2.log" & echo \$! >"$T/pid2"
wait 'Cannot connect to 127\\.0\\.0\\.1:$PORT: THE SERVER.S KEY HAS CHANGED' 15000
expect '^$TS -!- Remembered key: $old$'
expect '^$TS -!- Key shown now:  $new$'
expect 'delete line 1 of .*known_hosts:$'
expect '^$TS -!- 127\\.0\\.0\\.1:$PORT $old$'
expect-gone 'connected \\|'
sh sed -i 1d "$known"
wait-row -2 '^ ?connected \\| 127\\.0\\.0\\.1:$PORT \\| alice \\| 1 online \\| TLS$' 20000
wait 'First connection to 127\\.0\\.0\\.1:$PORT: its key has the fingerprint'
type /quit\r
expect-exit 0
EOF_
status=$?
[ -s "$T/pid2" ] && track "$(cat "$T/pid2")"
[ $status -eq 0 ] || fail "trust on first use went wrong"
[ "$(cat "$known")" = "127.0.0.1:$PORT $new" ] || fail "known_hosts is wrong: $(cat "$known")"
