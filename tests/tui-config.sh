#!/bin/sh
# tui-config.sh: $XDG_CONFIG_HOME/chat-tui/config sets long options, one
# a line (host and port too); the command line wins; -c FILE reads
# another; an unknown option or a bad line is an error with the line
# number and status 64; a -c FILE that is missing is status 66.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun
start_server --history=0

mkdir -p "$T/xdg/chat-tui"
cat >"$T/xdg/chat-tui/config" <<EOF_
# the usual room
host = 127.0.0.1
port $PORT
nick=carol
  highlight = lunch
highlight   coffee
EOF_
cat >"$T/bob.chatc" <<EOF_
login bob bob
send bob anyone for lunch?
send bob coffee first
send bob lunchbox is not it
EOF_

vt <<EOF_ || fail "the configuration file was not used"
size 80x24
env XDG_CONFIG_HOME=$T/xdg
spawn $TUI
wait-row -2 '127\\.0\\.0\\.1:$PORT \\| carol \\| 1 online \\| TLS$'
sh $CHATC -p $PORT $T/bob.chatc >$T/bob.out 2>&1
wait '<bob> lunchbox is not it$'
expect-match-attr '<bob> (anyone for lunch\\?)' reverse
expect-match-attr '<bob> (coffee first)' reverse
expect-match-attr '<bob> (lunchbox is not it)' -reverse
wait-row -2 '\\| mentions: 2 \\| TLS$'
EOF_

vt <<EOF_ || fail "the command line did not win"
size 80x24
env XDG_CONFIG_HOME=$T/xdg
spawn $TUI --nick dave
wait-row -2 '127\\.0\\.0\\.1:$PORT \\| dave \\| 1 online \\| TLS$'
EOF_

printf 'nick = erin\n' >"$T/other"
vt <<EOF_ || fail "-c FILE was not used"
size 80x24
env XDG_CONFIG_HOME=$T/xdg
spawn $TUI -c $T/other 127.0.0.1 $PORT
wait-row -2 '127\\.0\\.0\\.1:$PORT \\| erin \\| 1 online \\| TLS$'
EOF_

# bad FILE CONTENT MESSAGE: chat-tui -c FILE exits 64 saying MESSAGE.
bad() {
	printf "$2" >"$T/$1"
	LC_ALL=C "$TUI" -c "$T/$1" </dev/null >"$T/out" 2>"$T/err"
	st=$?
	[ $st -eq 64 ] || fail "$1: status $st, not 64"
	grep -qx "chat-tui: $T/$1:$3" "$T/err" || { cat "$T/err" >&2; fail "$1: wrong message"; }
}
bad unknown '# fine\nnick = erin\n\ncolour = red\n' "4: unknown option 'colour'"
bad novalue 'nick\n' "1: 'nick' needs a value"
bad value 'no-bell = yes\n' "1: 'no-bell' takes no value"
bad config 'config = /etc/passwd\n' "1: unknown option 'config'"
LC_ALL=C "$TUI" -c "$T/missing" </dev/null >"$T/out" 2>"$T/err"
[ $? -eq 66 ] || fail "a missing -c FILE is not status 66"
grep -q "missing: No such file or directory" "$T/err" || fail "a missing -c FILE is not said"
# The default file is read only when there is one.
XDG_CONFIG_HOME=$T/none LC_ALL=C "$TUI" --version >/dev/null || fail "no default file is an error"
exit 0
