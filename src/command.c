/* command.c: what a client's line asks for, and doing it.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server.h"

enum { REASON_MAX = 200 };   /* bytes of a /quit reason */

/* Sorted by name, for bsearch. */
static const struct verb {
	const char *name;
	enum commandType type;
	const char *usage;
} verbs[] = {
	{ "help", CMD_HELP, NULL },
	{ "me", CMD_ME, "usage: /me TEXT" },
	{ "msg", CMD_MSG, "usage: /msg NAME TEXT" },
	{ "nick", CMD_NICK, "usage: /nick NAME" },
	{ "quit", CMD_QUIT, NULL },
	{ "who", CMD_WHO, NULL },
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

static void parseArgs(const struct verb *verb, char *rest, struct command *cmd)
{
	cmd->type = verb->type;
	switch (verb->type) {
	case CMD_ME:
		cmd->text = rest;
		break;
	case CMD_MSG:
		cmd->name = rest;
		cmd->text = word(rest);
		if (!*cmd->name) cmd->text = "";
		break;
	case CMD_NICK:
		trimEnd(rest);
		cmd->name = rest;
		break;
	case CMD_QUIT:
		cmd->text = *rest ? rest : NULL;
		break;
	default:
		break;
	}
	bool missing = (verb->type == CMD_ME || verb->type == CMD_MSG)
	    ? !*skipSpaces((char *)cmd->text) : verb->type == CMD_NICK && !*cmd->name;
	if (missing) {
		cmd->type = CMD_USAGE;
		cmd->text = verb->usage;
	}
}

void commandParse(char *line, struct command *cmd)
{
	memset(cmd, 0, sizeof(*cmd));
	if (!*skipSpaces(line)) {
		cmd->type = CMD_NONE;
	} else if (line[0] != '/' || line[1] == '/') {
		cmd->type = CMD_SAY;
		cmd->text = line[0] == '/' ? line + 1 : line;
	} else {
		char *rest = word(line);
		const struct verb *verb = verbFind(line + 1);
		cmd->name = line;
		if (verb) parseArgs(verb, rest, cmd);
		else cmd->type = CMD_UNKNOWN;
		if (cmd->type == CMD_USAGE) cmd->name = line;
	}
}

/* Cuts s to at most max bytes without splitting a UTF-8 sequence. */
static void truncateText(char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max) return;
	while (max && ((unsigned char)s[max] & 0xC0) == 0x80) max--;
	s[max] = '\0';
}

static void say(struct peer *p, enum wireType type, const char *text)
{
	struct wireMsg m;
	msgInit(&m, type);
	m.text = text;
	strcpy(m.name, p->name);
	if (!roomSay(p, &m)) roomError(p, "too-long", NULL, "that message is too long");
}

static const char *helpLines[] = {
	"commands: /nick NAME, /me TEXT, /msg NAME TEXT, /who, /quit [REASON], /help",
	"a line that starts with // sends the rest of it, starting with /",
	"any other line is a message to everyone",
	"a name is 1 to 16 letters, digits, '-' or '_', starting with a letter",
};

static void help(struct peer *p)
{
	struct wireMsg m;
	msgInit(&m, WIRE_INFO);
	for (size_t i = 0; i < sizeof(helpLines) / sizeof(helpLines[0]); i++) {
		m.text = helpLines[i];
		roomReply(p, &m);
	}
}

bool commandRun(struct peer *p, char *line, const char **reason)
{
	struct command cmd;
	commandParse(line, &cmd);
	/* What the room sees keeps the order it was sent in. */
	if (cmd.type != CMD_SAY && cmd.type != CMD_ME && cmd.type != CMD_NONE) roomFlush(p);
	switch (cmd.type) {
	case CMD_NONE: break;
	case CMD_SAY: say(p, WIRE_CHAT, cmd.text); break;
	case CMD_ME: say(p, WIRE_ACTION, cmd.text); break;
	case CMD_MSG: roomPrivate(p, cmd.name, cmd.text); break;
	case CMD_WHO: roomWho(p); break;
	case CMD_NICK: roomNick(p, cmd.name); break;
	case CMD_HELP: help(p); break;
	case CMD_UNKNOWN:
		roomError(p, "unknown-command", cmd.name, "type /help for the commands");
		break;
	case CMD_USAGE:
		roomError(p, "usage", cmd.name, cmd.text);
		break;
	case CMD_QUIT:
		if (cmd.text) truncateText((char *)cmd.text, REASON_MAX);
		*reason = cmd.text ? cmd.text : "quit";
		return false;
	}
	return true;
}
