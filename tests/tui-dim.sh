#!/bin/sh
# tui-dim.sh: replayed history and lines typed while disconnected are
# dimmed; live lines are not.  libvterm does not keep the dim attribute,
# so this test reads the screen through tmux (on a private socket).
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need tmux
need_tui
start_server --history 10

"$CHATC" -p "$PORT" <<'END' || fail "could not leave history"
login a alice
send a words from before
close a
END

# The socket lives in the scratch directory, not in /tmp/tmux-UID, unless
# that path is too long for a socket (108 bytes on Linux).
sockdir=$T
[ ${#sockdir} -gt 90 ] && sockdir=$(mktemp -d)
tm() { tmux -S "$sockdir/tmux.sock" -f /dev/null "$@"; }
# screen N REGEX: polls (for up to N tenths of a second) until a line of
# the screen, with its attributes as escape sequences, matches REGEX.
screen() {
	_n=0
	while [ "$_n" -lt "$1" ]; do
		tm capture-pane -p -e -t dim >"$T/screen" 2>/dev/null
		grep -Eq "$2" "$T/screen" && return 0
		sleep 0.1
		_n=$((_n + 1))
	done
	cat "$T/screen" >&2
	return 1
}

tm new-session -d -s dim -x 80 -y 24 \
	"env LC_ALL=C.UTF-8 TERM=screen-256color $TUI --nick zed 127.0.0.1 $PORT"
track "$(tm display-message -p -t dim '#{pid}')"
_stop_tmux() {
	tm kill-server 2>/dev/null
	[ "$sockdir" = "$T" ] || rm -rf "$sockdir"
}
trap '_st=$?; _stop_tmux; (exit $_st); _cleanup' EXIT

# dimmed TEXT: whether TEXT, on the screen last captured, is drawn dim.
# tmux writes only what changes from one cell to the next, across line
# ends too, so every SGR sequence before TEXT counts.
dimmed() {
	awk -v text="$1" '
	function sgr(s,    n, i, p) {
		while (match(s, /\033\[[0-9;]*m/)) {
			n = split(substr(s, RSTART + 2, RLENGTH - 3), p, ";")
			if (n == 0) dim = 0
			for (i = 1; i <= n; i++) {
				if (p[i] == "" || p[i] == "0" || p[i] == "22") dim = 0
				else if (p[i] == "2") dim = 1
			}
			s = substr(s, RSTART + RLENGTH)
		}
	}
	index($0, text) {
		sgr(substr($0, 1, index($0, text) - 1))
		found = 1
		exit
	}
	{ sgr($0) }
	END { exit !(found && dim) }' "$T/screen"
}

screen 100 'words from before' || fail "the history line never showed"
dimmed 'words from before' || { cat "$T/screen" >&2; fail "the replayed line is not dimmed"; }

"$CHATC" -p "$PORT" <<'END' || fail "bob could not speak"
login b bob
send b a live line
END
screen 100 'a live line' || fail "the live line never showed"
cat -v "$T/screen" >&2; dimmed "a live line" && { cat "$T/screen" >&2; fail "a live line is dimmed"; }

# Typed while the server is away: pending, so dimmed.
stop_server || fail "chat-server exited with status $?"
screen 100 'reconnecting' || fail "no reconnecting state"
tm send-keys -t dim 'typed while away' Enter
screen 50 'typed while away' || fail "the pending line never showed"
dimmed 'typed while away' || { cat "$T/screen" >&2; fail "a pending line is not dimmed"; }
exit 0
