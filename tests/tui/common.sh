# tests/tui/common.sh: sourced by the tui-*.sh tests after tests/lib.sh.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The screen tests run chat-tui under tests/vtrun (a pseudo-terminal and
# libvterm, see the top of vtrun.c for its script language) against a real
# chat-server; other people in the room are tests/chatc scripts.  The
# agreed layout at W x H: rows 0 .. H-3 scrollback, row -2 the status bar,
# row -1 the input line with the prompt "> ".

need_tui

# need_vtrun: skips the test when vtrun could not be built.
need_vtrun() {
	[ -x "$VTRUN" ] || skip "vtrun was not built (libvterm-dev is missing)"
}

# tui_start [OPTION]...: the opening of most screen tests: skips without
# vtrun, then starts chat-server with the options given.
tui_start() {
	need_vtrun
	start_server "$@"
}

# A scrollback line's timestamp.
TS='[0-9][0-9]:[0-9][0-9]'

# chatc_bg NAME: runs the chatc script on stdin in the background as NAME,
# against $PORT; chatc_wait NAME checks that it ended well.
chatc_bg() {
	cat >"$T/$1.chatc"
	"$CHATC" -p "$PORT" "$T/$1.chatc" >"$T/$1.out" 2>&1 &
	eval "_chatc_$1=\$!"
	track $!
}

# chatc_peer NAME: chatc_bg NAME, with the script on stdin preceded by
# logging in as NAME and creating $T/NAME.ready once in the room (a
# ready file left by an earlier NAME of the same test is removed first).
chatc_peer() {
	rm -f "$T/$1.ready"
	{ printf 'login %s %s\nmark %s/%s.ready\n' "$1" "$1" "$T" "$1"; cat; } >"$T/$1.in"
	chatc_bg "$1" <"$T/$1.in"
}

# words FROM TO: "wFROM ... wTO-1", a line that wraps.
words() {
	_w= _i=$1
	while [ "$_i" -lt "$2" ]; do _w="$_w w$_i"; _i=$((_i + 1)); done
	echo "${_w# }"
}

chatc_wait() {
	eval "_p=\$_chatc_$1"
	wait "$_p" || { cat "$T/$1.out" >&2; fail "$1 (chatc) failed"; }
}

# chatc_run: runs the chatc script on stdin now, against $PORT.
chatc_run() {
	"$CHATC" -p "$PORT" >"$T/chatc.out" 2>&1 || {
		cat "$T/chatc.out" >&2
		fail "chatc failed"
	}
}

# vt [VTRUN OPTION]...: runs the vtrun script on stdin; the raw output of
# the program goes to $T/raw, for when it fails.
vt() {
	"$VTRUN" -l "$T/raw" "$@"
}
