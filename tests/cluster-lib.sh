# tests/cluster-lib.sh: sourced by the cluster-*.sh tests after lib.sh.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# start_redis starts a redis-server of the test's own on loopback, with
# its scratch directory and no persistence; start_node starts a
# chat-server of the cluster on it.  Both are killed when the test ends.
# The tests skip when chat-server has no --cluster or redis-server is
# not installed.

grep -q '^#define HAVE_REDIS 1' "$top_builddir/config.h" ||
	skip "chat-server is built without Redis (no hiredis, or --without-redis)"
need redis-server
need redis-cli

# redis_pid: the process id of the redis-server on REDIS_PORT, if any.
redis_pid() {
	redis-cli -p "$REDIS_PORT" info server 2>/dev/null | tr -d '\r' | sed -n 's/^process_id://p'
}

# start_redis [OPTION]...: sets REDIS_PORT, REDIS_PID and REDIS_URL.
# redis-server cannot take port 0, so a free port is found by trying:
# one from a range of our own, again when it was taken.  Reuses
# REDIS_PORT when it is set (a restart).
start_redis() {
	_tries=0
	while :; do
		_tries=$((_tries + 1))
		[ "$_tries" -gt 20 ] && fail "redis-server did not start: $(tail -3 "$T/redis.log")"
		if [ -z "${REDIS_KEEP_PORT:-}" ] || [ -z "${REDIS_PORT:-}" ]; then
			REDIS_PORT=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 30000 ))
		fi
		: > "$T/redis.log"
		redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
			--dir "$T" --logfile "$T/redis.log" --daemonize no "$@" &
		REDIS_PID=$!
		track "$REDIS_PID"
		# Ours, not another test's that has the port: a redis-server
		# that could not bind it answers nothing, but the other one
		# answers while ours is still on its way out.
		_i=0
		while [ $_i -lt 100 ]; do
			[ "$(redis_pid)" = "$REDIS_PID" ] && break
			kill -0 "$REDIS_PID" 2>/dev/null || break
			sleep 0.1; _i=$((_i + 1))
		done
		if kill -0 "$REDIS_PID" 2>/dev/null && [ "$(redis_pid)" = "$REDIS_PID" ]; then
			break
		fi
		kill -9 "$REDIS_PID" 2>/dev/null
		wait "$REDIS_PID" 2>/dev/null
		# Taken by someone else: another port (unless it must be this one).
		[ -n "${REDIS_KEEP_PORT:-}" ] && sleep 0.2
	done
	REDIS_URL=redis://127.0.0.1:$REDIS_PORT
}

# rcli ARG...: redis-cli on the test's Redis.
rcli() { redis-cli -p "$REDIS_PORT" "$@"; }

# start_node N [OPTION]...: chat-server node N of the cluster on
# 127.0.0.1 and a free port, named nodeN; sets PORTN and PIDN.  Its
# stderr goes to $T/nodeN.log.
start_node() {
	_n=$1
	shift
	need_loopback
	rm -f "$T/port$_n"
	"$SERVER" --port-file "$T/port$_n" --cluster "$REDIS_URL" --node "node$_n" \
		"$@" 127.0.0.1 0 2>>"$T/node$_n.log" &
	eval "PID$_n=\$!"
	track "$!"
	wait_file "$T/port$_n" || { cat "$T/node$_n.log" >&2; fail "node $_n did not start"; }
	eval "PORT$_n=\$(sed -n 1p \"\$T/port\$_n\")"
}
