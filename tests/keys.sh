# tests/keys.sh: sourced after tests/lib.sh by tests that need clients
# with keys of their own: a key and certificate per person, and TLS
# connections (openssl s_client) that a script writes to and reads from.
# SPDX-License-Identifier: GPL-3.0-or-later
need_tls
need openssl

# key_make ID: lib.sh's make_key, by the name these tests know it:
# $T/ID.pem (key and self-signed certificate); prints the fingerprint as
# chat-server writes it.
key_make() {
	make_key "$@"
}

# tls_open ID FD [KEY [PORT]]: connects over TLS to PORT ($PORT by
# default) as ID, with KEY's certificate (none when KEY is "-"; ID's own
# by default), writing through file descriptor FD (3 to 9); what it
# receives goes to $T/ID.out.  Waits for the welcome on $PORT.
tls_open() {
	_key=${3:-$1} _port=${4:-$PORT}
	rm -f "$T/$1.in" "$T/$1.out"
	mkfifo "$T/$1.in"
	if [ "$_key" = - ]; then
		openssl s_client -quiet -connect "127.0.0.1:$_port" \
			<"$T/$1.in" >"$T/$1.out" 2>/dev/null &
	else
		openssl s_client -quiet -cert "$T/$_key.pem" -key "$T/$_key.pem" \
			-connect "127.0.0.1:$_port" <"$T/$1.in" >"$T/$1.out" 2>/dev/null &
	fi
	eval "_tls_$1=\$!"
	track $!
	eval "exec $2>\"\$T/\$1.in\""
	eval "_tls_fd_$1=$2"
	[ "$_port" != "$PORT" ] || wait_grep '^-!- welcome ' "$T/$1.out" || fail "$1: no welcome"
}

# tls_send ID LINE: sends LINE and LF.
tls_send() {
	eval "printf '%s\n' \"\$2\" >&\$_tls_fd_$1"
}

# tls_expect ID REGEX: waits for a line that matches REGEX (ERE) in all
# that ID has received; fails saying what came instead.
tls_expect() {
	wait_grep "$2" "$T/$1.out" || fail "$1: no line like $2 in: $(cat "$T/$1.out")"
}

# tls_close ID: closes ID's connection and waits for it to end.
tls_close() {
	eval "_fd=\$_tls_fd_$1 _p=\$_tls_$1"
	eval "exec $_fd>&-"
	kill "$_p" 2>/dev/null
	wait "$_p" 2>/dev/null
	return 0
}
