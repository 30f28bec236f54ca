#!/bin/sh
# tui-args.sh: bad arguments give one message, a pointer to --help and
# status 64, before chat-tui touches the terminal or the network.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need_tui

bad() {
	LC_ALL=C "$TUI" "$@" </dev/null >"$T/out" 2>"$T/err"
	status=$?
	[ "$status" -eq 64 ] || fail "chat-tui $*: status $status, not 64"
	grep -q "^Try 'chat-tui --help'" "$T/err" || fail "chat-tui $*: no pointer to --help"
	[ "$(wc -l <"$T/err")" -eq 2 ] || { cat "$T/err" >&2; fail "chat-tui $*: not one message"; }
	[ -s "$T/out" ] && fail "chat-tui $*: wrote to stdout"
	return 0
}
bad --bogus
bad -x
bad --nick
bad --scrollback=0
bad 127.0.0.1 70000
bad 127.0.0.1 65536
bad 127.0.0.1 0
bad 127.0.0.1 1 extra
grep -q "invalid port '0'" "$T/err" && fail "port 0 without --serve: wrong message"
bad 127.0.0.1 ''
exit 0
