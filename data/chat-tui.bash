# chat-tui.bash: bash completion for chat-tui and chat-server.     -*- sh -*-
# Copyright (C) 2026 The chat-tui authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installed twice, as completions/chat-tui and completions/chat-server,
# so that bash-completion finds it by either name.  The options come
# from the program's own --help, so they never fall out of date.

# Prints, one a line, the options that take an argument ("--log=FILE",
# "-l, --log FILE"), long and short forms.
_chat_tui_argopts()
{
	LC_ALL=C "$1" --help 2>/dev/null | awk '
		/^[[:space:]]*-/ && match($0, /--[[:alnum:]-]+[= ][[:upper:][]/) {
			print substr($0, RSTART, RLENGTH - 2)
			if (match($0, /^[[:space:]]*-[[:alnum:]],/))
				print substr($0, RSTART + RLENGTH - 3, 2)
		}'
}

_chat_tui()
{
	local cur prev words cword split
	_init_completion -s || return

	case $prev in
	--help | --version | -h | -V)
		return
		;;
	--log | --port-file | -l | --tls-cert | --tls-key | --config | -c | --password-file | --allow)
		_filedir
		return
		;;
	--notify)
		COMPREPLY=($(compgen -c -- "$cur"))
		return
		;;
	--irc)
		COMPREPLY=($(compgen -W "6667 localhost:6667" -- "$cur"))
		return
		;;
	--irc-channel)
		COMPREPLY=($(compgen -W "#chat" -- "$cur"))
		return
		;;
	--state-dir)
		_filedir -d
		return
		;;
	--cluster)
		COMPREPLY=($(compgen -W "redis://localhost:6379 unix:///run/redis/redis-server.sock" -- "$cur"))
		return
		;;
	--room)
		COMPREPLY=($(compgen -W "chat" -- "$cur"))
		return
		;;
	--nick | -n)
		COMPREPLY=($(compgen -W "${USER-}" -- "$cur"))
		return
		;;
	--hide-joins)
		# Its argument is optional, so only --hide-joins=WHICH takes it.
		if $split; then
			COMPREPLY=($(compgen -W "all smart" -- "$cur"))
			return
		fi
		;;
	esac
	local argopts=" $(_chat_tui_argopts "$1" | tr '\n' ' ') "
	# Any other option with an argument: a number or a name, nothing to offer.
	[[ $prev == -* && $argopts == *" $prev "* ]] && return
	$split && return

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W '$(_parse_help "$1")' -- "$cur"))
		[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
		return
	fi

	# HOST, then PORT.
	local i npos=0
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-*=*) ;;
		-*) [[ $argopts == *" ${words[i]} "* ]] && ((i++)) ;;
		*) ((npos++)) ;;
		esac
	done
	case $npos in
	0) _known_hosts_real -- "$cur" ;;
	1) COMPREPLY=($(compgen -W 7667 -- "$cur")) ;;
	esac
} &&
	complete -F _chat_tui chat-tui chat-server

# ex: filetype=sh
