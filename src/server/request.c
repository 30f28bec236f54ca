/* request.c: what a client's line asks for, parsed without side effects.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure: no sockets, no locks, no globals, so that a fuzzer can link this
 * file alone (with src/libchat.a).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server.h"

/* Sorted by name, for bsearch. */
static const struct verb {
	const char *name;
	enum requestType type;
	const char *usage;
} verbs[] = {
	{ "away", REQ_AWAY, NULL },
	{ "ban", REQ_BAN, "usage: /ban NAME [REASON]" },
	{ "bans", REQ_BANS, NULL },
	{ "help", REQ_HELP, NULL },
	{ "kick", REQ_KICK, "usage: /kick NAME [REASON]" },
	{ "me", REQ_ME, "usage: /me TEXT" },
	{ "msg", REQ_MSG, "usage: /msg NAME TEXT" },
	{ "mute", REQ_MUTE, "usage: /mute NAME" },
	{ "nick", REQ_NICK, "usage: /nick NAME" },
	{ "quit", REQ_QUIT, NULL },
	{ "release", REQ_RELEASE, NULL },
	{ "since", REQ_SINCE, NULL },
	{ "unban", REQ_UNBAN, "usage: /unban NAME, KEY or ADDRESS" },
	{ "unmute", REQ_UNMUTE, "usage: /unmute NAME" },
	{ "who", REQ_WHO, NULL },
};

static int verbCompare(const void *key, const void *elem)
{
	return strcasecmp(key, ((const struct verb *)elem)->name);
}

static const struct verb *verbFind(const char *name)
{
	return bsearch(name, verbs, sizeof(verbs) / sizeof(verbs[0]),
	    sizeof(verbs[0]), verbCompare);
}

static char *skipSpaces(char *s)
{
	while (*s == ' ') s++;
	return s;
}

static void trimEnd(char *s)
{
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ') s[--n] = '\0';
}

/* Cuts the first word off s; returns what follows it. */
static char *word(char *s)
{
	char *end = strchr(s, ' ');
	if (!end) return s + strlen(s);
	*end = '\0';
	return skipSpaces(end + 1);
}

static void parseArgs(const struct verb *verb, char *rest, struct request *cmd)
{
	cmd->type = verb->type;
	switch (verb->type) {
	case REQ_ME:
		cmd->text = rest;
		break;
	case REQ_MSG:
		cmd->name = rest;
		cmd->text = word(rest);
		if (!*cmd->name) cmd->text = "";
		break;
	case REQ_KICK:
	case REQ_BAN:
		cmd->name = rest;
		cmd->text = word(rest);
		trimEnd((char *)cmd->text);
		if (!*cmd->text) cmd->text = NULL;
		break;
	case REQ_NICK:
	case REQ_RELEASE:
	case REQ_UNBAN:
	case REQ_MUTE:
	case REQ_UNMUTE:
		trimEnd(rest);
		cmd->name = rest;
		break;
	case REQ_AWAY:
		trimEnd(rest);
		/* fall through */
	case REQ_QUIT:
	case REQ_SINCE:
		cmd->text = *rest ? rest : NULL;
		break;
	default:
		break;
	}
	bool missing = (verb->type == REQ_ME || verb->type == REQ_MSG)
	    ? !*skipSpaces((char *)cmd->text) : verb->usage && !*cmd->name;
	if (missing) {
		cmd->type = REQ_USAGE;
		cmd->text = verb->usage;
	}
}

void requestParse(char *line, struct request *cmd)
{
	memset(cmd, 0, sizeof(*cmd));
	if (!*skipSpaces(line)) {
		cmd->type = REQ_NONE;
	} else if (line[0] != '/' || line[1] == '/') {
		cmd->type = REQ_SAY;
		cmd->text = line[0] == '/' ? line + 1 : line;
	} else {
		char *rest = word(line);
		const struct verb *verb = verbFind(line + 1);
		cmd->name = line;
		if (verb) parseArgs(verb, rest, cmd);
		else cmd->type = REQ_UNKNOWN;
		if (cmd->type == REQ_USAGE) cmd->name = line;
	}
}
