#!/bin/sh
# server-args.sh: --help and --version as the GNU standards say, and bad
# arguments rejected with status 64 and a pointer to --help.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

"$SERVER" --help >"$T/out" 2>"$T/err" || fail "--help exited with status $?"
grep -q '^Usage: chat-server \[OPTION\]\.\.\. \[HOST \[PORT\]\]$' "$T/out" ||
	fail "--help has no usage line"
[ -s "$T/err" ] && fail "--help wrote to stderr"
"$SERVER" --version >"$T/out" || fail "--version exited with status $?"
head -1 "$T/out" | grep -q '^chat-server (chat-tui) [0-9]' || fail "--version's first line"
if [ -w /dev/full ]; then
	"$SERVER" --help >/dev/full 2>/dev/null && fail "--help >/dev/full succeeded"
fi

bad() {
	"$SERVER" "$@" >"$T/out" 2>"$T/err"
	status=$?
	[ "$status" -eq 64 ] || fail "chat-server $*: status $status, not 64"
	grep -q "Try 'chat-server --help'" "$T/err" || fail "chat-server $*: no pointer to --help"
	[ -s "$T/out" ] && fail "chat-server $*: wrote to stdout"
	[ "$(wc -l <"$T/err")" -eq 2 ] || { cat "$T/err" >&2; fail "chat-server $*: not one message"; }
	return 0
}
bad --bogus
bad -x
bad --max-clients
bad --max-clients 0
bad --max-clients=many
bad --history -1
bad --history 1x
bad --send-queue 10
bad --flood -5
bad --max-line 99999
bad --line-timeout ''
bad 127.0.0.1 0 extra
bad ''
bad 127.0.0.1 70000
bad 127.0.0.1 65536

# A port that cannot be had is not a usage error, but it is an error.
"$SERVER" 127.0.0.1 no-such-service 2>"$T/err" && fail "started on a bad port"
[ -s "$T/err" ] || fail "no message for a bad port"
exit 0
