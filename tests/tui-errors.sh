#!/bin/sh
# tui-errors.sh: the server's errors name their subject and are said in
# the user's language (from the code on the wire, not the server's
# English); the server's shutdown is said once, not twice.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
tui_start --max-line 64

chatc_peer bob <<EOF_
expect bob ^-!- quit alice
EOF_
wait_file "$T/bob.ready" || fail "bob did not log in"

vt <<EOF_ || fail "the errors in English"
size 100x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 2 online'
type /nick bob\r
wait '^$TS -!- Error: The name bob is in use\\.$'
type /nick 1x\r
wait '^$TS -!- Error: 1x is not a valid name: '
type /msg nobody hi\r
wait '^$TS -!- Error: Nobody called nobody is online\\.$'
type /frobnicate\r
wait '^$TS -!- Error: Unknown command /frobnicate: type /help for the commands\\.$'
type /me\r
wait '^$TS -!- Error: Usage: /me TEXT$'
type /me 0123456789012345678901234567890123456789012345678901234567890123456789\r
wait '^$TS -!- Error: Lines are limited to 64 bytes: that one was not delivered\\.$'
key ctrl-d
EOF_
chatc_wait bob

# The catalogues as make built them.
grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h" || exit 0
for lang in de fr; do
	gmo=$top_builddir/po/$lang.gmo
	[ -f "$gmo" ] || gmo=$srcdir/po/$lang.gmo
	mkdir -p "$T/locale/$lang/LC_MESSAGES"
	cp "$gmo" "$T/locale/$lang/LC_MESSAGES/chat-tui.mo"
done

chatc_bg bob <<EOF_
login bob bob
mark $T/bob2.ready
expect bob ^-!- quit alice
EOF_
wait_file "$T/bob2.ready" || fail "bob did not log in"
vt <<EOF_ || fail "the errors in German"
size 100x24
env CHAT_TUI_LOCALEDIR=$T/locale
env LANGUAGE=de
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 2 '
type /nick bob\r
wait '^$TS -!- Fehler: Der Name bob ist vergeben\\.$'
type /msg nobody hi\r
wait '^$TS -!- Fehler: Niemand namens nobody ist online\\.$'
key ctrl-d
EOF_
chatc_wait bob

chatc_bg bob <<EOF_
login bob bob
mark $T/bob3.ready
expect bob ^-!- quit alice
EOF_
wait_file "$T/bob3.ready" || fail "bob did not log in"
vt <<EOF_ || fail "the errors in French, or the shutdown"
size 100x24
env CHAT_TUI_LOCALEDIR=$T/locale
env LANGUAGE=fr
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 2 '
type /nick bob\r
wait '^$TS -!- Erreur : Le nom bob est déjà pris\\.$'
sh kill -TERM $SERVER_PID
wait '^$TS -!- Le serveur s.arrête\\.$'
expect-gone 'arrête : '
EOF_
exit 0
