/* unit-request.c: requestParse, the server's reading of a client line.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "server.h"
#include "unit.h"

static const struct {
	const char *line;
	enum requestType type;
	const char *name, *text;
} cases[] = {
	{ "", REQ_NONE, NULL, NULL },
	{ "   ", REQ_NONE, NULL, NULL },
	{ "hello", REQ_SAY, NULL, "hello" },
	{ " hello ", REQ_SAY, NULL, " hello " },
	{ "//etc", REQ_SAY, NULL, "/etc" },
	{ "//", REQ_SAY, NULL, "/" },
	{ "/me waves", REQ_ME, "/me", "waves" },
	{ "/ME waves", REQ_ME, "/ME", "waves" },
	{ "/me", REQ_USAGE, "/me", "usage: /me TEXT" },
	{ "/me   ", REQ_USAGE, "/me", "usage: /me TEXT" },
	{ "/msg bob hi there", REQ_MSG, "bob", "hi there" },
	{ "/msg  bob   hi", REQ_MSG, "bob", "hi" },
	{ "/msg bob", REQ_USAGE, "/msg", "usage: /msg NAME TEXT" },
	{ "/msg", REQ_USAGE, "/msg", "usage: /msg NAME TEXT" },
	{ "/nick alice", REQ_NICK, "alice", NULL },
	{ "/nick alice  ", REQ_NICK, "alice", NULL },
	{ "/nick a b", REQ_NICK, "a b", NULL },
	{ "/nick", REQ_USAGE, "/nick", "usage: /nick NAME" },
	{ "/release", REQ_RELEASE, "", NULL },
	{ "/release ada  ", REQ_RELEASE, "ada", NULL },
	{ "/RELEASE a b", REQ_RELEASE, "a b", NULL },
	{ "/who", REQ_WHO, "/who", NULL },
	{ "/away", REQ_AWAY, "/away", NULL },
	{ "/away   ", REQ_AWAY, "/away", NULL },
	{ "/AWAY  gone to lunch  ", REQ_AWAY, "/AWAY", "gone to lunch" },
	{ "/who ignored", REQ_WHO, "/who", NULL },
	{ "/help", REQ_HELP, "/help", NULL },
	{ "/quit", REQ_QUIT, "/quit", NULL },
	{ "/since", REQ_SINCE, "/since", NULL },
	{ "/quit gone fishing", REQ_QUIT, "/quit", "gone fishing" },
	{ "/bogus x", REQ_UNKNOWN, "/bogus", NULL },
	{ "/", REQ_UNKNOWN, "/", NULL },
	{ "/ x", REQ_UNKNOWN, "/", NULL },
	{ "/mee", REQ_UNKNOWN, "/mee", NULL },
	{ "/m", REQ_UNKNOWN, "/m", NULL },
	{ "/kick bob", REQ_KICK, "bob", NULL },
	{ "/kick bob  ", REQ_KICK, "bob", NULL },
	{ "/kick  bob  go away now ", REQ_KICK, "bob", "go away now" },
	{ "/kick", REQ_USAGE, "/kick", "usage: /kick NAME [REASON]" },
	{ "/kick   ", REQ_USAGE, "/kick", "usage: /kick NAME [REASON]" },
	{ "/BAN bob spam", REQ_BAN, "bob", "spam" },
	{ "/ban", REQ_USAGE, "/ban", "usage: /ban NAME [REASON]" },
	{ "/unban SHA256:AB:CD ", REQ_UNBAN, "SHA256:AB:CD", NULL },
	{ "/unban ::1", REQ_UNBAN, "::1", NULL },
	{ "/unban", REQ_USAGE, "/unban", "usage: /unban NAME, KEY or ADDRESS" },
	{ "/bans", REQ_BANS, "/bans", NULL },
	{ "/mute bob", REQ_MUTE, "bob", NULL },
	{ "/mute", REQ_USAGE, "/mute", "usage: /mute NAME" },
	{ "/unmute bob ", REQ_UNMUTE, "bob", NULL },
	{ "/unmute", REQ_USAGE, "/unmute", "usage: /unmute NAME" },
};

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char line[256];
		snprintf(line, sizeof(line), "%s", cases[i].line);
		struct request cmd;
		requestParse(line, &cmd);
		if (cmd.type != cases[i].type || !same(cmd.name, cases[i].name) ||
		    !same(cmd.text, cases[i].text)) {
			FAIL("\"%s\": type %d name %s text %s", cases[i].line,
			    cmd.type, cmd.name ? cmd.name : "(null)", cmd.text ? cmd.text : "(null)");
		}
	}
	return unitStatus();
}
