#!/bin/sh
# tui-suspend.sh: Ctrl-Z, a resize while stopped, then fg: chat-tui lays
# itself out for the new size (a stopped job gets no SIGWINCH from the
# shell).  This needs a shell with job control, so the terminal is
# tmux (on a private socket), not vtrun.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need tmux
need bash
need_tui
start_server

# The socket lives in the scratch directory, unless that path is too
# long for a socket (108 bytes on Linux).
sockdir=$T
[ ${#sockdir} -gt 90 ] && sockdir=$(mktemp -d)
tm() { tmux -S "$sockdir/tmux.sock" -f /dev/null "$@"; }
# screen N REGEX: polls (for up to N tenths of a second) until a line of
# the screen matches REGEX.
screen() {
	_n=0
	while [ "$_n" -lt "$1" ]; do
		tm capture-pane -p -t sus >"$T/screen" 2>/dev/null
		grep -Eq "$2" "$T/screen" && return 0
		sleep 0.1
		_n=$((_n + 1))
	done
	cat "$T/screen" >&2
	return 1
}

# row N REGEX: polls, as screen does, until line N of the screen matches.
row() {
	_n=0
	while [ "$_n" -lt 50 ]; do
		tm capture-pane -p -t sus >"$T/screen" 2>/dev/null
		sed -n "$1p" "$T/screen" | grep -Eq "$2" && return 0
		sleep 0.1
		_n=$((_n + 1))
	done
	cat "$T/screen" >&2
	return 1
}

tm new-session -d -s sus -x 80 -y 24 \
	"env -i HOME=$HOME PATH=$PATH LC_ALL=C.UTF-8 TERM=screen INPUTRC=/dev/null PS1='sh\$ ' bash --norc --noprofile -i"
track "$(tm display-message -p -t sus '#{pid}')"
_stop_tmux() { tm kill-server 2>/dev/null; [ "$sockdir" = "$T" ] || rm -rf "$sockdir"; }
trap '_st=$?; _stop_tmux; (exit $_st); _cleanup' EXIT

screen 50 '^sh\$' || fail "no shell prompt"
tm send-keys -t sus "$TUI --nick alice 127.0.0.1 $PORT" Enter
screen 50 'alice \| 1 online' || fail "chat-tui did not start"
tm send-keys -t sus C-z
screen 50 'Stopped' || fail "Ctrl-Z did not stop chat-tui"
tm resize-window -t sus -x 60 -y 16
tm send-keys -t sus 'fg' Enter
# The status bar on the second last of 16 rows, and the prompt on the last.
screen 50 'alice \| 1 online' || fail "no status bar after fg"
row 15 'alice \| 1 online' || fail "after fg, the status bar is not on row 15 of 16"
row 16 '^>' || fail "after fg, the input line is not on row 16 of 16"
tm send-keys -t sus 'back' Enter
screen 50 '<alice> back' || fail "typing after fg"

tm send-keys -t sus C-d
screen 50 '^sh\$ *$' || fail "chat-tui did not end"
exit 0
