#!/bin/sh
# server-log-prefix.sh: the log line's prefix is as long as the program's
# name makes it (a symlink of 250 bytes, or exec -a): the line comes out
# whole, with no overflow of the buffer it is built in.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

long=$(awk 'BEGIN { for (i = 0; i < 250; i++) printf "x" }')
ln -s "$(cd "$(dirname "$SERVER")" && pwd)/chat-server" "$T/$long" ||
	skip "cannot make a symlink with a long name here"
SERVER=$T/$long
start_server
grep -q "^[0-9T:-]*Z $long: listening on 127\\.0\\.0\\.1:$PORT\$" "$T/server.log" || {
	cat "$T/server.log" >&2
	fail "the log line with a long program name is not whole"
}
stop_server
