#!/bin/sh
# tui-verified.sh: chat-tui shows verified names plainly and marks the
# others: underlined where they speak, with "?" in /who; a name given
# back is said and marked from then on, until its key takes it again;
# replayed lines, whose sender nobody can vouch for now, are not marked.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/keys.sh"
. "$srcdir/tests/tui/common.sh"
key_make carol >/dev/null
tui_start --history 5 --tls-wait 3000

# bob is a plain client; carol has a key, and comes as an address.
chatc_peer bob <<EOF_
send bob before alice
expect bob ^-!- nick [^ ]+ \\+alice\$
send bob hi from bob
expect bob ^<alicia> bye\$
EOF_
wait_file "$T/bob.ready" || fail "bob did not log in"
tls_open carol 4
c="sh printf '%s\\n'"

vt <<EOF_ || fail "the marks did not show"
size 100x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait '^$TS <bob> before alice$'
wait '^$TS <bob> hi from bob$'
$c '/nick carol' >$T/carol.in
wait '^$TS -!- 127\\.0\\.0\\.1:[0-9]+ is now known as carol$'
$c 'hi from carol' >$T/carol.in
wait '^$TS <carol> hi from carol$'
type /who\r
wait '^$TS -!- Online \\(3\\): bob\\? carol alice$'
type /nick alicia\r
wait '^$TS -!- alice is now known as alicia$'
$c '/release' >$T/carol.in
wait '^$TS -!- carol is no longer verified: its owner gave it back$'
$c 'again' >$T/carol.in
wait '^$TS <carol> again$'
type /who\r
wait '^$TS -!- Online \\(3\\): bob\\? carol\\? alicia$'
$c '/nick carol' >$T/carol.in
wait '^$TS -!- carol is verified again$'
$c 'mine again' >$T/carol.in
wait '^$TS <carol> mine again$'
capture-attr '<(carol)> mine again' $T/mine.attr
capture-attr '<(bob)> before' $T/history.attr
capture-attr '<(bob)> hi from bob' $T/bob.attr
capture-attr '<(carol)> hi from carol' $T/carol.attr
capture-attr '<(carol)> again' $T/again.attr
type bye\r
wait '^$TS -!- bob left \\(2 online\\)'
EOF_
chatc_wait bob
tls_close carol
for f in history:none bob:underline carol:none again:underline mine:none; do
	[ "$(cat "$T/${f%:*}.attr")" = "${f#*:}" ] ||
		fail "${f%:*}'s name: $(cat "$T/${f%:*}.attr"), not ${f#*:}"
done
exit 0
