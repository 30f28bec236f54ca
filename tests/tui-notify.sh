#!/bin/sh
# tui-notify.sh: while the terminal does not have the focus, a mention or
# a private message sets the title's counts, asks for a desktop
# notification (OSC 777 in VTE, OSC 9 in iTerm2) and runs --notify CMD
# with the sender and the text as arguments, never through a shell;
# nothing of that while the terminal has the focus.  What you say resets
# the counts.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/tui/common.sh"
need_vtrun
start_server --history=0

cat >"$T/notify.sh" <<EOF_
#!/bin/sh
printf '%s|' "\$@" >>"$T/notified"
echo >>"$T/notified"
EOF_
chmod +x "$T/notify.sh"

cat >"$T/bob.chatc" <<EOF_
login bob bob
mark $T/bob.ready
expect bob ^<alice> x\$
send bob alice: hi \$(touch $T/pwned) \`touch $T/pwned\`; touch $T/pwned
expect bob ^<alice> y\$
send bob /msg alice psst
expect bob ^<alice> z\$
send bob alice: you are back
expect bob ^<alice> done\$
EOF_

vt <<EOF_ || fail "notifications went wrong"
size 80x24
env VTE_VERSION=7600
spawn $TUI --nick alice --notify '$T/notify.sh first' 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online \\| TLS$'
sh $CHATC -p $PORT $T/bob.chatc >$T/bob.out 2>&1 &
wait-file $T/bob.ready
wait 'is now known as bob$'
type \\e[O
type x\\r
wait-file $T/notified
wait-title '^chat-tui \\| unread: 1 \\| mentions: 1$'
sleep 1100
type y\\r
wait '\\*bob\\* psst$'
wait-title '^chat-tui \\| unread: 1 \\| mentions: 1$'
type \\e[I
type z\\r
wait '<bob> alice: you are back$'
wait-title '^chat-tui \\| mentions: 1$'
type done\\r
wait-title '^chat-tui$'
EOF_
cat >"$T/want" <<EOF_
first|bob|alice: hi \$(touch $T/pwned) \`touch $T/pwned\`; touch $T/pwned|
first|bob|psst|
EOF_
diff "$T/want" "$T/notified" || fail "--notify did not get the right arguments"
[ ! -e "$T/pwned" ] || fail "--notify went through a shell"
esc=$(printf '\033') bel=$(printf '\007')
grep -q "$esc]777;notify;bob;alice: hi " "$T/raw" || fail "no OSC 777 notification"
grep -q "$esc]777;notify;bob;psst$bel" "$T/raw" || fail "no OSC 777 for the private message"
grep -q "$esc]777;notify;bob;alice: you are back" "$T/raw" && fail "a notification while looking"
grep -q "$esc]9;" "$T/raw" && fail "OSC 9 in a VTE terminal"

# iTerm2 takes OSC 9; a plain xterm neither.
cat >"$T/bob2.chatc" <<EOF_
login bob bob
mark $T/bob2.ready
expect bob ^<alice> x\$
send bob alice: ping
expect bob ^<alice> done\$
EOF_
for prog in iTerm.app none; do
	rm -f "$T/bob2.ready"
	vt <<EOF_ || fail "the notification in $prog went wrong"
size 80x24
env -VTE_VERSION
env TERM_PROGRAM=$prog
spawn $TUI --nick alice 127.0.0.1 $PORT
wait-row -2 'alice \\| 1 online \\| TLS$'
sh $CHATC -p $PORT $T/bob2.chatc >$T/bob2.out 2>&1 &
wait-file $T/bob2.ready
type \\e[O
type x\\r
wait '<bob> alice: ping$'
type done\\r
EOF_
	if [ $prog = iTerm.app ]; then
		grep -q "$esc]9;bob: alice: ping$bel" "$T/raw" || fail "no OSC 9 in iTerm2"
	else
		grep -q "$esc]9;\|$esc]777;" "$T/raw" && fail "a notification a plain xterm does not take"
	fi
done
exit 0
