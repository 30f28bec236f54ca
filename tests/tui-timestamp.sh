#!/bin/sh
# tui-timestamp.sh: --timestamp FORMAT (strftime) sets each line's time,
# in the configuration file too; a format longer than 32 bytes is a usage
# error.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun
start_server --history=0

vt <<EOF_ || fail "--timestamp was not used"
size 80x24
spawn $TUI --timestamp '[%H:%M:%S]' --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
type hello\\r
wait '^\\[[0-9]{2}:[0-9]{2}:[0-9]{2}\\] <alice> hello$'
EOF_

mkdir -p "$XDG_CONFIG_HOME/chat-tui"
echo 'timestamp = %d.%m.' >"$XDG_CONFIG_HOME/chat-tui/config"
vt <<EOF_ || fail "timestamp in the configuration file was not used"
size 80x24
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online'
type hello\\r
wait '^[0-9]{2}\\.[0-9]{2}\\. <alice> hello$'
EOF_
rm "$XDG_CONFIG_HOME/chat-tui/config"

LC_ALL=C "$TUI" --timestamp 123456789012345678901234567890123 </dev/null >/dev/null 2>"$T/err"
[ $? -eq 64 ] || fail "an overlong format is not status 64"
grep -q "invalid timestamp format" "$T/err" || fail "an overlong format is not said"
exit 0
