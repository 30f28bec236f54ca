/* command.c: doing what a client's line asks for (parsed in request.c).
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

static void say(struct peer *p, enum wireType type, const char *text)
{
	if (roomSay(p, type, text)) return;
	/* After the lines before it, so that a client counting its acks
	 * knows which one this is. */
	roomFlush(p);
	roomError(p, "too-long", NULL, "that message is too long");
}

static const char *helpLines[] = {
	"commands: /nick NAME, /me TEXT, /msg NAME TEXT, /who, /away [TEXT], /release [NAME], /quit [REASON], /help",
	"a line that starts with // sends the rest of it, starting with /",
	"any other line is a message to everyone",
	"a name is 1 to 16 letters, digits, '-' or '_', starting with a letter",
	"a name taken over TLS with a client key belongs to that key; /release gives it back",
};

static void help(struct peer *p)
{
	struct wireMsg m;
	wireInit(&m, WIRE_INFO);
	for (size_t i = 0; i < sizeof(helpLines) / sizeof(helpLines[0]); i++) {
		m.text = helpLines[i];
		roomReply(p, &m);
	}
	if (!opIs(p->key)) return;
	m.text = "operators: /kick NAME [REASON], /ban NAME [REASON], /unban NAME, KEY or ADDRESS,"
	    " /bans, /mute NAME, /unmute NAME";
	roomReply(p, &m);
}

/* What a muted client may not do: say anything others see. */
static bool silenced(struct peer *p, enum requestType type)
{
	if (type != REQ_SAY && type != REQ_ME && type != REQ_MSG && type != REQ_NICK &&
	    type != REQ_AWAY)
		return false;
	if (!opMuted(p)) return false;
	roomFlush(p);
	roomError(p, "muted", NULL, "an operator has muted you: nobody sees what you say");
	return true;
}

/* The owner gives a name back: its own, or the one it names. */
static void release(struct peer *p, const char *name)
{
	if (*name && !wireNameValid(name)) {
		roomError(p, "name-invalid", name,
		    "a name is 1 to 16 letters, digits, '-' or '_', starting with a letter");
		return;
	}
	if (!*name) name = p->name;
	struct wireMsg m;
	char text[CHAT_ADDRNAME_MAX + 64];
	enum ownedResult r = roomUnown(name, p->key);
	if (r == OWNED_OTHER && opIs(p->key)) {
		opFree(p, name);
		return;
	}
	switch (r) {
	case OWNED_FREED:
		wireInit(&m, WIRE_INFO);
		snprintf(text, sizeof(text), "%s belongs to nobody now", name);
		m.text = text;
		roomReply(p, &m);
		break;
	case OWNED_NOT:
		roomError(p, "not-owned", name, "nobody owns that name");
		break;
	case OWNED_OTHER:
		roomError(p, "name-owned", name, "that name belongs to another key");
		break;
	case OWNED_FAILED:
		roomError(p, "not-saved", name, clusterOn()
		    ? "names cannot be checked with the other servers now; try again later"
		    : "the server could not write its names file");
		break;
	}
}

/* /away TEXT marks p as away, /away alone as here again; both answer
 * with what everyone else would be told of it. */
static void away(struct peer *p, const char *text)
{
	char now[ROOM_AWAY_SIZE];
	roomAway(p, text);
	roomAwayOf(p, now);
	struct wireMsg m;
	wireInit(&m, *now ? WIRE_AWAY : WIRE_BACK);
	strcpy(m.name, p->name);
	m.text = now;
	roomReply(p, &m);
}

bool commandRun(struct peer *p, char *line, const char **reason)
{
	struct request cmd;
	requestParse(line, &cmd);
	if (silenced(p, cmd.type)) return true;
	/* What the room sees keeps the order it was sent in. */
	if (cmd.type != REQ_SAY && cmd.type != REQ_ME && cmd.type != REQ_NONE) roomFlush(p);
	switch (cmd.type) {
	case REQ_NONE: break;
	case REQ_SAY: say(p, WIRE_CHAT, cmd.text); break;
	case REQ_ME: say(p, WIRE_ACTION, cmd.text); break;
	case REQ_MSG: roomPrivate(p, cmd.name, cmd.text); break;
	case REQ_WHO: roomWho(p); break;
	case REQ_NICK: roomNick(p, cmd.name); break;
	case REQ_HELP: help(p); break;
	case REQ_SINCE: roomSince(p); break;
	case REQ_RELEASE: release(p, cmd.name); break;
	case REQ_AWAY: away(p, cmd.text); break;
	case REQ_KICK:
	case REQ_BAN:
		if (cmd.text) utf8Cut((char *)cmd.text, SERVER_REASON_MAX);
		/* Fall through. */
	case REQ_UNBAN:
	case REQ_BANS:
	case REQ_MUTE:
	case REQ_UNMUTE:
		opRun(p, &cmd);
		break;
	case REQ_UNKNOWN:
		roomError(p, "unknown-command", cmd.name, "type /help for the commands");
		break;
	case REQ_USAGE:
		roomError(p, "usage", cmd.name, cmd.text);
		break;
	case REQ_QUIT:
		if (cmd.text) utf8Cut((char *)cmd.text, SERVER_REASON_MAX);
		*reason = cmd.text ? cmd.text : "quit";
		return false;
	}
	return true;
}
