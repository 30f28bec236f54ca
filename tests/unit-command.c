/* unit-command.c: commandParse, the server's reading of a client line.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "server.h"

static const struct {
	const char *line;
	enum commandType type;
	const char *name, *text;
} cases[] = {
	{ "", CMD_NONE, NULL, NULL },
	{ "   ", CMD_NONE, NULL, NULL },
	{ "hello", CMD_SAY, NULL, "hello" },
	{ " hello ", CMD_SAY, NULL, " hello " },
	{ "//etc", CMD_SAY, NULL, "/etc" },
	{ "//", CMD_SAY, NULL, "/" },
	{ "/me waves", CMD_ME, "/me", "waves" },
	{ "/ME waves", CMD_ME, "/ME", "waves" },
	{ "/me", CMD_USAGE, "/me", "usage: /me TEXT" },
	{ "/me   ", CMD_USAGE, "/me", "usage: /me TEXT" },
	{ "/msg bob hi there", CMD_MSG, "bob", "hi there" },
	{ "/msg  bob   hi", CMD_MSG, "bob", "hi" },
	{ "/msg bob", CMD_USAGE, "/msg", "usage: /msg NAME TEXT" },
	{ "/msg", CMD_USAGE, "/msg", "usage: /msg NAME TEXT" },
	{ "/nick alice", CMD_NICK, "alice", NULL },
	{ "/nick alice  ", CMD_NICK, "alice", NULL },
	{ "/nick a b", CMD_NICK, "a b", NULL },
	{ "/nick", CMD_USAGE, "/nick", "usage: /nick NAME" },
	{ "/who", CMD_WHO, "/who", NULL },
	{ "/who ignored", CMD_WHO, "/who", NULL },
	{ "/help", CMD_HELP, "/help", NULL },
	{ "/quit", CMD_QUIT, "/quit", NULL },
	{ "/quit gone fishing", CMD_QUIT, "/quit", "gone fishing" },
	{ "/bogus x", CMD_UNKNOWN, "/bogus", NULL },
	{ "/", CMD_UNKNOWN, "/", NULL },
	{ "/ x", CMD_UNKNOWN, "/", NULL },
	{ "/mee", CMD_UNKNOWN, "/mee", NULL },
	{ "/m", CMD_UNKNOWN, "/m", NULL },
};

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

int main(void)
{
	int failed = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char line[256];
		snprintf(line, sizeof(line), "%s", cases[i].line);
		struct command cmd;
		commandParse(line, &cmd);
		if (cmd.type != cases[i].type || !same(cmd.name, cases[i].name) ||
		    !same(cmd.text, cases[i].text)) {
			fprintf(stderr, "FAIL: \"%s\": type %d name %s text %s\n", cases[i].line,
			    cmd.type, cmd.name ? cmd.name : "(null)", cmd.text ? cmd.text : "(null)");
			failed = 1;
		}
	}
	return failed;
}
