# tests/lib.sh: sourced by every test script.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Gives each test a scratch directory in the build tree, a watchdog so
# that no test runs forever, and helpers to start a chat-server on a free
# loopback port.  Everything started here is killed on exit.

set -u
LC_ALL=C
LANGUAGE=
export LC_ALL LANGUAGE
unset NO_COLOR

: "${top_builddir:=..}" "${top_srcdir:=..}"
SERVER=$top_builddir/src/chat-server
TUI=$top_builddir/src/chat-tui
CHATC=$top_builddir/tests/chatc
VTRUN=$top_builddir/tests/vtrun
# The programs built: configure --disable-tui leaves chat-tui out.
PROGRAMS="chat-server chat-tui"
[ "${build_tui:-yes}" = no ] && PROGRAMS=chat-server

name=$(basename "$0" .sh)
# Absolute, so that HOME and XDG_STATE_HOME below are valid (the XDG
# spec says to ignore relative paths).
T=$(cd "$top_builddir" && pwd)/tests/$name.tmp
rm -rf "$T"
mkdir -p "$T"
HOME=$T/home
XDG_STATE_HOME=$T/home/state
XDG_CONFIG_HOME=$T/home/config
INPUTRC=/dev/null
export HOME XDG_STATE_HOME XDG_CONFIG_HOME INPUTRC
mkdir -p "$HOME"

_pids=
# Remembers a background process to kill when the test ends.
track() { _pids="$_pids $1"; }

_cleanup() {
	_status=$?
	for _p in $_pids; do
		kill "$_p" 2>/dev/null
	done
	for _p in $_pids; do
		# Give each a moment to go, then insist.
		_i=0
		while kill -0 "$_p" 2>/dev/null && [ $_i -lt 20 ]; do
			sleep 0.1; _i=$((_i + 1))
		done
		kill -9 "$_p" 2>/dev/null
	done
	# The group, or the process itself if setsid has not run yet.
	[ -n "${_watchdog:-}" ] && { kill -- "-$_watchdog" || kill "$_watchdog"; } 2>/dev/null
	if [ "$_status" -eq 0 ] || [ "$_status" -eq 77 ]; then
		rm -rf "$T"
	fi
	exit "$_status"
}
trap _cleanup EXIT
trap 'exit 1' INT TERM HUP

# No test may run longer than this many seconds (override per test).
: "${TEST_TIMEOUT:=60}"
# It runs in a process group of its own (setsid), so that killing the
# group at the end takes its sleep along, which would otherwise outlive
# the test by up to TEST_TIMEOUT seconds.
setsid sh -c 'sleep "$1" || exit; echo "$2: timed out after $1 s" >&2; kill -TERM "$3"' \
	sh "$TEST_TIMEOUT" "$name" $$ &
_watchdog=$!

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
need() { command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed"; }
# need_tls: skips the test when configure was told --disable-tls.
need_tls() {
	grep -q '^#define HAVE_TLS 1' "$top_builddir/config.h" ||
		skip "chat-server is built without TLS (--disable-tls)"
}
# need_tui: skips the test when configure was told --disable-tui.
need_tui() {
	[ "${build_tui:-yes}" = no ] && skip "chat-tui is not built (--disable-tui)"
	[ -x "$TUI" ] || fail "$TUI was not built"
}

# Waits (up to $2 tenths of a second, default 100) for a file to exist
# and be non-empty.
wait_file() {
	_i=0
	while [ ! -s "$1" ]; do
		[ "$_i" -ge "${2:-100}" ] && return 1
		sleep 0.1; _i=$((_i + 1))
	done
}

# need_loopback: fails, saying why, unless TCP over 127.0.0.1 works; a
# build in a network namespace whose lo is down would otherwise fail
# every networking test with its own "Network is unreachable".
need_loopback() {
	"$CHATC" -L 2>"$T/loopback" && return
	fail "loopback is down ($(cat "$T/loopback")): these tests need 127.0.0.1; in a network namespace, run 'ip link set lo up' first"
}

# Waits (up to $3 tenths of a second, default 100) until a line of file
# $2 matches the extended regex $1.
wait_grep() {
	_i=0
	until grep -Eq "$1" "$2" 2>/dev/null; do
		[ "$_i" -ge "${3:-100}" ] && return 1
		sleep 0.1; _i=$((_i + 1))
	done
}

# wait_count N REGEX FILE [TRIES]: waits (up to TRIES tenths of a
# second, default 300) until N lines or more of FILE match REGEX (grep's
# basic syntax).
wait_count() {
	_i=0
	until [ "$(grep -c "$2" "$3" 2>/dev/null)" -ge "$1" ]; do
		[ "$_i" -ge "${4:-300}" ] && return 1
		sleep 0.1; _i=$((_i + 1))
	done
}

# wait_grep_after N REGEX FILE [TRIES]: as wait_grep, among the lines of
# FILE after its first N (wc -l before the command whose answer it is):
# an older line that matches, someone else's, must not answer for it.
wait_grep_after() {
	_i=0
	until tail -n "+$(($1 + 1))" "$3" 2>/dev/null | grep -Eq "$2"; do
		[ "$_i" -ge "${4:-100}" ] && return 1
		sleep 0.1; _i=$((_i + 1))
	done
}

# chatc_logins N CONN NICK: the chatc lines that log in N clients,
# CONN1 as NICK1 up to CONNN as NICKN.
chatc_logins() {
	_l=1
	while [ $_l -le "$1" ]; do echo "login $2$_l $3$_l"; _l=$((_l + 1)); done
}

# room_talk N LINES PREFIX [TIMEOUT]: a chatc script in which N clients
# log in as PREFIXn1 ... PREFIXnN, send LINES lines "l 1" ... round
# robin, each send a write of its own, and each must get every other's
# lines in order.
room_talk() {
	echo "timeout ${4:-60}"
	chatc_logins "$1" c "$3n"
	_j=1
	while [ $_j -le "$2" ]; do
		_i=1
		while [ $_i -le "$1" ]; do echo "send c$_i l $_j"; _i=$((_i + 1)); done
		_j=$((_j + 1))
	done
	_i=1
	while [ $_i -le "$1" ]; do
		_k=1
		while [ $_k -le "$1" ]; do
			[ $_k -ne $_i ] && echo "expect-seq c$_i <$3n$_k> l $2"
			_k=$((_k + 1))
		done
		_i=$((_i + 1))
	done
}

# relay_counts N: sends the server SIGUSR2, waits until its log holds the
# Nth relay count line, and prints that line's four figures: "LINES
# BATCHES PASSES SHARED" (room lines relayed, batches read, passes sent,
# passes shared); nothing when the line does not have all four.
relay_counts() {
	kill -USR2 "$SERVER_PID"
	wait_count "$1" ': room lines relayed: ' "$T/server.log" ||
		fail "no relay counts on SIGUSR2: $(tail -3 "$T/server.log")"
	grep ': room lines relayed: ' "$T/server.log" | sed -n "$1p" | sed -n \
		's/.*: room lines relayed: \([0-9]*\), batches read: \([0-9]*\), passes sent: \([0-9]*\), shared: \([0-9]*\)$/\1 \2 \3 \4/p'
}

# start_server [OPTION]...: starts chat-server on 127.0.0.1 and a free
# port; sets PORT and SERVER_PID, and IRC_PORT when an option was
# --irc 127.0.0.1:0.  Its stderr goes to $T/server.log.
start_server() {
	need_loopback
	rm -f "$T/port"
	"$SERVER" --port-file "$T/port" "$@" 127.0.0.1 0 2>>"$T/server.log" &
	SERVER_PID=$!
	track "$SERVER_PID"
	wait_file "$T/port" || { cat "$T/server.log" >&2; fail "chat-server did not start"; }
	PORT=$(sed -n 1p "$T/port")
	IRC_PORT=$(sed -n 2p "$T/port")
}

# stop_server: SIGTERM, then waits for it; returns its exit status.
stop_server() {
	kill -TERM "$SERVER_PID"
	wait "$SERVER_PID"
}

# make_key ID: a client key and its self-signed certificate, both in
# $T/ID.pem; prints the fingerprint as chat-server writes it.
make_key() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=$1" -keyout "$T/$1.key" -out "$T/$1.crt" >/dev/null 2>&1 || fail "no key $1"
	cat "$T/$1.key" "$T/$1.crt" >"$T/$1.pem"
	echo "SHA256:$(openssl x509 -in "$T/$1.crt" -noout -fingerprint -sha256 | sed 's/.*=//')"
}

# tls_open ID [KEY]: connects ID to chat-server on $PORT over TLS
# (openssl s_client), with the key of make_key KEY if one is given, and
# waits for the welcome.  What it receives goes to $T/ID.out; tls_say ID
# LINE sends a line; tls_close ID ends it.
tls_open() {
	rm -f "$T/$1.in" "$T/$1.out"
	mkfifo "$T/$1.in"
	if [ -n "${2:-}" ]; then
		set -- "$1" -cert "$T/$2.pem" -key "$T/$2.pem"
	fi
	_id=$1
	shift
	openssl s_client -quiet "$@" -connect "127.0.0.1:$PORT" \
		<"$T/$_id.in" >"$T/$_id.out" 2>"$T/$_id.err" &
	eval "_tls_$_id=\$!"
	track $!
	# Holds the pipe open: s_client's input must not end.
	sleep 3600 >"$T/$_id.in" &
	eval "_hold_$_id=\$!"
	track $!
	wait_grep '^-!- (welcome |error )' "$T/$_id.out" ||
		fail "$_id: no welcome: $(cat "$T/$_id.out" "$T/$_id.err")"
}
tls_say() { printf '%s\n' "$2" >>"$T/$1.in"; }
tls_close() {
	eval "kill \$_tls_$1 \$_hold_$1" 2>/dev/null
	eval "wait \$_tls_$1 \$_hold_$1" 2>/dev/null
	return 0
}
# tls_gone ID: waits (10 s at most) for the server to close ID.
tls_gone() {
	_i=0
	while eval "kill -0 \$_tls_$1" 2>/dev/null; do
		[ $_i -ge 100 ] && return 1
		sleep 0.1; _i=$((_i + 1))
	done
}
