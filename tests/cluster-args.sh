#!/bin/sh
# cluster-args.sh: --cluster, --room and --node: --version says whether
# they are built in; bad values are usage errors (64); a Redis that is
# not there at start is refused with one clear message (69), without
# listening meanwhile.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

"$SERVER" --version >"$T/out" || fail "--version exited with status $?"
if ! grep -q '^#define HAVE_REDIS 1' "$top_builddir/config.h"; then
	grep -q '^Redis cluster (--cluster): not built in$' "$T/out" ||
		fail "--version does not say that --cluster is not built in"
	"$SERVER" --cluster redis://127.0.0.1 2>"$T/err"
	status=$?
	[ "$status" -eq 78 ] || fail "--cluster without Redis support: status $status, not 78"
	grep -q "built without Redis" "$T/err" || fail "--cluster without Redis support: $(cat "$T/err")"
	exit 0
fi
grep -q '^Redis cluster (--cluster): built in$' "$T/out" ||
	fail "--version does not say that --cluster is built in"

bad() {
	"$SERVER" "$@" >"$T/out" 2>"$T/err"
	status=$?
	[ "$status" -eq 64 ] || fail "chat-server $*: status $status, not 64"
	grep -q "Try 'chat-server --help'" "$T/err" || fail "chat-server $*: no pointer to --help"
	[ "$(wc -l <"$T/err")" -eq 2 ] || { cat "$T/err" >&2; fail "chat-server $*: not one message"; }
	return 0
}
bad --cluster ''
bad --cluster 127.0.0.1:6379
bad --cluster http://127.0.0.1
bad --cluster redis://
bad --cluster redis://127.0.0.1:0
bad --cluster redis://127.0.0.1:65536
bad --cluster redis://127.0.0.1:x
bad --cluster redis://127.0.0.1/db
bad --cluster 'redis://[::1'
bad --cluster unix://relative
bad --cluster unix:///
bad --room chat
bad --node a
bad --cluster redis://127.0.0.1 --room ''
bad --cluster redis://127.0.0.1 --room 'a b'
bad --cluster redis://127.0.0.1 --room 'a}b'
bad --cluster redis://127.0.0.1 --node ''
bad --cluster redis://127.0.0.1 --node 'a b'

# No Redis at start: a Unix socket that is not there.
need_loopback
"$SERVER" --cluster "unix://$T/no-such.sock" --port-file "$T/port" 127.0.0.1 0 \
	>"$T/out" 2>"$T/err"
status=$?
[ "$status" -eq 69 ] || fail "no Redis at start: status $status, not 69"
grep -q "cannot reach Redis at $T/no-such.sock: " "$T/err" ||
	fail "no Redis at start: $(cat "$T/err")"
[ -e "$T/port" ] && fail "no Redis at start, and yet the port file was written"
exit 0
