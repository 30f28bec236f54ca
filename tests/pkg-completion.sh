#!/bin/sh
# pkg-completion.sh: the bash completion offers the programs' options.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need bash
bc=$(pkg-config --variable=completionsdir bash-completion 2>/dev/null)
bc=${bc%/completions}/bash_completion
[ -f "$bc" ] || bc=/usr/share/bash-completion/bash_completion
[ -f "$bc" ] || skip "bash-completion is not installed"

src=$(cd "$top_builddir/src" && pwd)
# tab WORD...: prints what TAB offers for the last word, one a line.
cat >"$T/complete.bash" <<EOS
. "$bc"
. "$srcdir/data/chat-tui.bash"
compopt() { :; }
COMP_WORDS=("\$@")
COMP_CWORD=\$((\$# - 1))
COMP_LINE="\$*"
COMP_POINT=\${#COMP_LINE}
f=\$(complete -p "\$1" | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
[ -n "\$f" ] || exit 1
"\$f" "\$1" "\${!#}" "\${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\n' "\${COMPREPLY[@]}"
EOS
tab() { PATH=$src:$PATH bash "$T/complete.bash" "$@" 2>"$T/err"; }

tab chat-server --m >"$T/out"
grep -qx -- '--max-clients=\{0,1\}' "$T/out" ||
	{ cat "$T/out" "$T/err" >&2; fail "chat-server --m<TAB> does not offer --max-clients"; }
if [ "${build_tui:-yes}" != no ]; then
	tab chat-server --irc-c >"$T/out"
grep -qx -- '--irc-channel=\{0,1\}' "$T/out" ||
	{ cat "$T/out" "$T/err" >&2; fail "chat-server --irc-c<TAB> does not offer --irc-channel"; }
tab chat-server --irc '' >"$T/out"
grep -qx 6667 "$T/out" ||
	{ cat "$T/out" "$T/err" >&2; fail "chat-server --irc <TAB> does not offer 6667"; }
tab chat-tui --n >"$T/out"
	grep -qx -- '--nick=\{0,1\}' "$T/out" ||
		{ cat "$T/out" "$T/err" >&2; fail "chat-tui --n<TAB> does not offer --nick"; }
	: >"$T/logfile"
	tab chat-tui --log "$T/logf" >"$T/out"
	grep -qx -- "$T/logfile" "$T/out" ||
		{ cat "$T/out" "$T/err" >&2; fail "chat-tui --log <TAB> does not offer files"; }
	tab chat-tui --config "$T/logf" >"$T/out"
	grep -qx -- "$T/logfile" "$T/out" ||
		{ cat "$T/out" "$T/err" >&2; fail "chat-tui --config <TAB> does not offer files"; }
	tab chat-tui --password-file "$T/logf" >"$T/out"
	grep -qx -- "$T/logfile" "$T/out" ||
		{ cat "$T/out" "$T/err" >&2; fail "chat-tui --password-file <TAB> does not offer files"; }
	tab chat-tui --hi >"$T/out"
	grep -qx -- '--highlight=\{0,1\}' "$T/out" ||
		{ cat "$T/out" "$T/err" >&2; fail "chat-tui --hi<TAB> does not offer --highlight"; }
	tab chat-tui --hid >"$T/out"
	grep -qx -- '--hide-joins=\{0,1\}' "$T/out" ||
		{ cat "$T/out" "$T/err" >&2; fail "chat-tui --hid<TAB> does not offer --hide-joins"; }
	tab chat-tui --lis >"$T/out"
	grep -qx -- '--listen' "$T/out" ||
		{ cat "$T/out" "$T/err" >&2; fail "chat-tui --lis<TAB> does not offer --listen"; }
	tab chat-tui --hide-joins=sm >"$T/out"
	grep -qx smart "$T/out" ||
		{ cat "$T/out" "$T/err" >&2; fail "chat-tui --hide-joins=sm<TAB> does not offer smart"; }
fi
: >"$T/pwfile"
tab chat-server --pa >"$T/out"
grep -qx -- '--password-file=\{0,1\}' "$T/out" ||
	{ cat "$T/out" "$T/err" >&2; fail "chat-server --pa<TAB> does not offer --password-file"; }
for opt in --password-file --allow; do
	tab chat-server $opt "$T/pwf" >"$T/out"
	grep -qx -- "$T/pwfile" "$T/out" ||
		{ cat "$T/out" "$T/err" >&2; fail "chat-server $opt <TAB> does not offer files"; }
done
tab chat-server localhost '' >"$T/out"
grep -qx 7667 "$T/out" ||
	{ cat "$T/out" "$T/err" >&2; fail "chat-server HOST <TAB> does not offer the port"; }
exit 0
