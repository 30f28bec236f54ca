#!/bin/sh
# tui-listen.sh: --listen keeps line mode listening after standard input
# ends, printing what others say until the server goes away (then exit
# 0); on a terminal too, where Ctrl-D ends the input and not the run.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
start_server --history=0

# Standard input is empty from the start: a logger.
"$TUI" --listen --nick logger 127.0.0.1 "$PORT" </dev/null >"$T/out" 2>"$T/err" &
tui=$!
track $tui
wait_grep '^-!- nick [^ ]+ \+?logger$' "$T/out" || { cat "$T/out" "$T/err" >&2; fail "the logger did not join"; }
"$CHATC" -p "$PORT" <<END || fail "bob could not talk to the logger"
login b bob
send b hello logger
send b /msg logger just for you
expect b ^-> \*logger\* just for you\$
END
wait_grep '^<bob> hello logger$' "$T/out" || { cat "$T/out" >&2; fail "--listen stopped listening at the end of stdin"; }
wait_grep '^\*bob\* just for you$' "$T/out" || { cat "$T/out" >&2; fail "a private message was not printed"; }
kill -0 $tui 2>/dev/null || fail "--listen ended early"
stop_server || fail "chat-server exited with status $?"
wait $tui || fail "--listen did not exit 0 when the server went away: $(cat "$T/err")"
grep -q '^-!- shutdown: ' "$T/out" || fail "the shutdown was not printed"

# On a terminal: line mode all the same; Ctrl-D ends what is sent, and
# what comes after is still shown.
need_vtrun
start_server --history=0
chatc_peer bob <<EOF_
expect bob ^<term> typed here\$
send bob after the end
EOF_
wait_file "$T/bob.ready" || fail "bob did not log in"
vt <<EOF_ || fail "--listen on a terminal"
size 80x24
spawn $TUI --listen --nick term 127.0.0.1 $PORT
wait '^-!- nick [^ ]+ \\+?term$'
expect-gone '^> '
type typed here\\r
key ctrl-d
wait '^<bob> after the end$'
EOF_
chatc_wait bob
exit 0
