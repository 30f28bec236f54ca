#!/bin/sh
# tui-moderation.sh: chat-tui as an operator (its own key named by --op):
# Tab completes the operators' commands; their results show as notices in
# words, errors too; a client that is not one is told so.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need_tls
. "$srcdir/tests/tui/common.sh"
fp=$("$TUI" --fingerprint) || fail "--fingerprint failed"
tui_start --op "$fp"

chatc_peer bob <<EOF_
expect bob ^-!- mute bob by alice\$
send bob hush
expect bob ^-!- error muted:
mark $T/bob.muted
expect bob ^-!- unmute bob by alice\$
send bob /kick alice
expect bob ^-!- error not-operator /kick:
mark $T/bob.refused
expect bob ^-!- kick bob by alice: enough\$
expect-closed bob
EOF_

vt <<EOF_ || fail "moderation on screen went wrong"
size 100x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice'
wait-file $T/bob.ready
type /mu
key tab
wait-row -1 '^> /mute$'
type bob\r
wait '^$TS -!- bob was muted by alice$'
wait-file $T/bob.muted
expect-gone 'hush'
type /unm
key tab
wait-row -1 '^> /unmute$'
type bob\r
wait '^$TS -!- bob may speak again \\(unmuted by alice\\)$'
wait-file $T/bob.refused
type /mute nobody\r
wait '^$TS -!- Error: Nobody called nobody is online\\.$'
type /ki
key tab
wait-row -1 '^> /kick$'
type bo
key tab
wait-row -1 '^> /kick bob$'
type enough\r
wait '^$TS -!- bob was kicked out by alice: enough$'
wait '^$TS -!- bob left \\([0-9]+ online\\): kicked by alice: enough$'
type /ban\r
wait '^$TS -!- Error: Usage: /ban NAME \\[REASON\\]$'
type /bans\r
wait '^$TS -!- 0 bans$'
EOF_
chatc_wait bob

# Not an operator: the error in words.
vt <<EOF_ || fail "a refusal on screen went wrong"
size 100x24
env XDG_STATE_HOME=$T/other
spawn $TUI --nick carol 127.0.0.1 $PORT
wait-row -2 'carol'
type /unban bob\r
wait '^$TS -!- Error: Only operators may use /unban\\.$'
EOF_
exit 0
