/* handle.c: lines from the server, parsed and turned into scrollback entries.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every line is sanitised before it is parsed, so nothing from the network
 * reaches the terminal raw.  Notices are rendered in the user's language;
 * the wire protocol itself is fixed English.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

static int whoSilent;   /* /who replies we asked for ourselves */
static bool awaySilent; /* the away lines after such a reply */
/* What the server calls us.  namesSelf is what we show: the name asked for
 * with /nick on connecting, until the server answers. */
static char serverName[CHAT_ADDRNAME_MAX + 1];
static bool nickPending;
static char wantNick[CHAT_ADDRNAME_MAX + 1];   /* /who replies we asked for ourselves */

static bool isSelf(const char *name)
{
	return (*namesSelf && !wireNameCompare(name, namesSelf)) ||
	    (*serverName && !wireNameCompare(name, serverName));
}

static struct entry *message(const struct wireMsg *m, enum entryKind kind)
{
	if (kind != KIND_PRIVATE_SENT && !isSelf(m->name) && ignoreHas(m->name)) return NULL;
	time_t when = m->history ? m->when : time(NULL);
	if (m->id && (m->history ? resumeReplayed(m) : resumeSeen(m->id))) return NULL;
	if (kind == KIND_CHAT && isSelf(m->name)) kind = KIND_SELF;
	/* Who said a replayed line, and whether they were verified then,
	 * nobody knows now: only live lines are marked. */
	struct entry *e = entryFormat(kind, when, m->name, m->text);
	e->id = m->id;
	if (!m->history && namesUnverified(m->name)) e->flags |= ENTRY_UNVERIFIED;
	if (m->history) e->flags |= ENTRY_HISTORY;
	/* A private message is for you alone: at least as loud as a mention. */
	if (kind == KIND_PRIVATE && !isSelf(m->name)) e->flags |= ENTRY_MENTION;
	if (kind != KIND_PRIVATE_SENT) {
		completeSpoke(m->name);
		if (!m->history) viewSpoke(m->name);
	}
	/* What was said before we came is in the log already, or was never
	 * ours; only a gap filled after a reconnect is new. */
	if (m->history && !resumeNew()) e->flags |= ENTRY_NOLOG;
	if (kind != KIND_SELF && kind != KIND_PRIVATE_SENT && !isSelf(m->name) &&
	    namesMentioned(m->text)) {
		e->flags |= ENTRY_MENTION;
	}
	return e;
}

static struct entry *onWelcome(const struct wireMsg *m)
{
	snprintf(serverName, sizeof(serverName), "%s", m->name);
	if (!nickPending) snprintf(namesSelf, sizeof(namesSelf), "%s", m->name);
	namesOnline = m->count;
	namesAdd(serverName, false);
	connGate(false);
	whoSilent++;
	connSend("/who", 0);
	/* TRANSLATORS: the server's greeting; %s is your name, %ld how many are online. */
	return entryNotice(KIND_NOTICE, _("Welcome, %s! %ld online. Type /help for help."),
	    m->name, m->count);
}

static struct entry *onJoin(const struct wireMsg *m)
{
	namesOnline = m->count;
	namesAdd(m->name, m->verified);
	/* TRANSLATORS: %s is a name, %ld how many are online now. */
	struct entry *e = entryNotice(KIND_NOTICE, _("%s joined (%ld online)"), m->name, m->count);
	/* Quiet until it speaks (viewSpoke). */
	e->flags |= ENTRY_JOIN | ENTRY_QUIET;
	return e;
}

/* The name we asked for was taken: ask again once its holder lets go. */
static bool nickTaken;

static void nickFreed(const char *name)
{
	if (!nickTaken || !tuiOpt.nick || wireNameCompare(name, tuiOpt.nick)) return;
	nickTaken = false;
	char line[CHAT_NAME_MAX + 8];
	snprintf(line, sizeof(line), "/nick %s", tuiOpt.nick);
	nickPending = true;
	connSend(line, 0);
}

static struct entry *onQuit(const struct wireMsg *m)
{
	nickFreed(m->name);
	namesOnline = m->count;
	namesRemove(m->name);
	struct entry *e;
	if (!*m->text) {
		/* TRANSLATORS: %s is a name, %ld how many are online now. */
		e = entryNotice(KIND_NOTICE, _("%s left (%ld online)"), m->name, m->count);
	} else {
		/* TRANSLATORS: %s is a name, %ld how many are online now, the last %s the reason. */
		e = entryNotice(KIND_NOTICE, _("%s left (%ld online): %s"),
		    m->name, m->count, m->text);
	}
	e->flags |= ENTRY_JOIN | (viewQuiet(m->name) ? ENTRY_QUIET : 0);
	return e;
}

static struct entry *onNick(const struct wireMsg *m)
{
	nickFreed(m->name);
	namesRename(m->name, m->name2, m->verified);
	completeRename(m->name, m->name2);
	viewRename(m->name, m->name2);
	if (*serverName && !wireNameCompare(m->name, serverName)) {
		snprintf(serverName, sizeof(serverName), "%s", m->name2);
		snprintf(namesSelf, sizeof(namesSelf), "%s", m->name2);
		nickPending = false;
		if (wireNameValid(m->name2)) {
			snprintf(wantNick, sizeof(wantNick), "%s", m->name2);
			tuiOpt.nick = wantNick;
		}
	}
	if (!strcmp(m->name, m->name2) && m->verified) {
		/* TRANSLATORS: %s is a name its owner's key took again. */
		return entryNotice(KIND_NOTICE, _("%s is verified again"), m->name2);
	}
	if (!strcmp(m->name, m->name2)) {
		/* TRANSLATORS: %s is a name its owner gave back (/release)
		 * while using it. */
		return entryNotice(KIND_NOTICE, _("%s is no longer verified: its owner gave it back"), m->name2);
	}
	/* TRANSLATORS: a change of name: the old name, then the new one. */
	return entryNotice(KIND_NOTICE, _("%s is now known as %s"), m->name, m->name2);
}

static struct entry *onWho(const struct wireMsg *m)
{
	namesOnline = m->count;
	namesReplace(m->text);
	awaySilent = whoSilent > 0;
	if (whoSilent) {
		whoSilent--;
		return NULL;
	}
	char shown[CHAT_WIRE_MAX + CHAT_WIRE_MAX / 2];
	namesShowList(shown, sizeof(shown), m->text);
	/* TRANSLATORS: the answer to /who: %ld is how many, %s their names. */
	return entryNotice(KIND_NOTICE, _("Online (%ld): %s"), m->count, shown);
}

/* /away's answers, and who is away after /who or /msg. */
static struct entry *onAway(const struct wireMsg *m)
{
	if (isSelf(m->name)) {
		/* TRANSLATORS: after /away TEXT; %s is that text. */
		return entryNotice(KIND_NOTICE, _("You are marked as away: %s"), m->text);
	}
	if (awaySilent) return NULL;
	/* TRANSLATORS: %s is a name, the second %s what they left as a reason. */
	return entryNotice(KIND_NOTICE, _("%s is away: %s"), m->name, m->text);
}

static struct entry *onBack(const struct wireMsg *m)
{
	if (isSelf(m->name)) {
		return entryNotice(KIND_NOTICE, "%s", _("You are no longer marked as away."));
	}
	/* TRANSLATORS: %s is a name. */
	return entryNotice(KIND_NOTICE, _("%s is back"), m->name);
}

void handleConnected(bool nickSent)
{
	whoSilent = 0;
	awaySilent = false;
	nickPending = nickSent;
	nickTaken = false;
	serverName[0] = '\0';
	namesMarks = false;
}

/* The /nick we sent on connecting was refused: show the name we have,
 * and when it was taken, say that we will take it back. */
static void nickRefused(const struct wireMsg *m)
{
	if (!nickPending || !*serverName || strncmp(m->code, "name-", 5)) return;
	nickPending = false;
	snprintf(namesSelf, sizeof(namesSelf), "%s", serverName);
	if (strcmp(m->code, "name-taken") || !tuiOpt.nick) return;
	nickTaken = true;
	uiDirtyStatus();
	/* TRANSLATORS: the first %s is the name you asked for, the second the
	 * name the server gave you meanwhile. */
	uiPush(entryNotice(KIND_NOTICE, _("%s is taken: you are %s until it is free, then chat-tui takes it back (or choose another name with /nick NAME)."),
	    tuiOpt.nick, serverName));
}

static struct entry *onError(const struct wireMsg *m)
{
	char text[CHAT_WIRE_MAX];
	errorsFormat(text, sizeof(text), m);
	/* TRANSLATORS: %s says what went wrong. */
	return entryNotice(KIND_ERROR, _("Error: %s"), text);
}

/* The server's usual words add nothing to ours; other words are its reason. */
static struct entry *onShutdown(const struct wireMsg *m)
{
	if (!*m->text || !strcasecmp(m->text, "server is shutting down")) {
		return entryNotice(KIND_NOTICE, "%s", _("The server is shutting down."));
	}
	/* TRANSLATORS: %s is the server's reason (in English). */
	return entryNotice(KIND_NOTICE, _("The server is shutting down: %s"), m->text);
}

/* An operator's act, said in the user's language; an unknown verb
 * (from a newer server) as the server said it. */
static struct entry *onMod(const struct wireMsg *m)
{
	const char *op = m->name2, *why = m->text;
	if (!strcmp(m->code, "kick") && *why) {
		/* TRANSLATORS: the name, the operator's name, then the reason. */
		return entryNotice(KIND_NOTICE, _("%s was kicked out by %s: %s"), m->name, op, why);
	} else if (!strcmp(m->code, "kick")) {
		/* TRANSLATORS: the name, then the operator's name. */
		return entryNotice(KIND_NOTICE, _("%s was kicked out by %s"), m->name, op);
	} else if (!strcmp(m->code, "ban") && *why) {
		/* TRANSLATORS: the name, the operator's name, then the reason. */
		return entryNotice(KIND_NOTICE, _("%s was banned by %s: %s"), m->name, op, why);
	} else if (!strcmp(m->code, "ban")) {
		/* TRANSLATORS: the name, then the operator's name. */
		return entryNotice(KIND_NOTICE, _("%s was banned by %s"), m->name, op);
	} else if (!strcmp(m->code, "unban")) {
		/* TRANSLATORS: the name, then the operator's name. */
		return entryNotice(KIND_NOTICE, _("%s is no longer banned (lifted by %s)"), m->name, op);
	} else if (!strcmp(m->code, "mute")) {
		/* TRANSLATORS: the name, then the operator's name. */
		return entryNotice(KIND_NOTICE, _("%s was muted by %s"), m->name, op);
	} else if (!strcmp(m->code, "unmute")) {
		/* TRANSLATORS: the name, then the operator's name. */
		return entryNotice(KIND_NOTICE, _("%s may speak again (unmuted by %s)"), m->name, op);
	} else if (!strcmp(m->code, "free")) {
		/* TRANSLATORS: a name that a key owned, then the operator's name. */
		return entryNotice(KIND_NOTICE, _("The name %s belongs to nobody now (freed by %s)"), m->name, op);
	}
	return entryNotice(KIND_NOTICE, "%s %s by %s%s%s", m->code, m->name, op,
	    *why ? ": " : "", why);
}

void handleLine(const char *line, size_t len)
{
	handleLineAt(line, len, 0);
}

uint64_t handleLineAt(const char *line, size_t len, uint64_t replace)
{
	char stackBuf[SANITIZE_SIZE(1024)];
	size_t size = SANITIZE_SIZE(len);
	char *clean = size <= sizeof(stackBuf) ? stackBuf : xmalloc(size);
	sanitize(clean, size, line, len);
	static struct wireMsg m;
	wireParse(clean, &m);
	struct entry *e = NULL;
	uint64_t seq = 0;
	if (m.type == WIRE_ERROR && !strcmp(m.code, "full")) {
		if (clean != stackBuf) free(clean);
		connRefused();
		return 0;
	}
	connWelcomed();
	if (m.type == WIRE_ERROR && (!strcmp(m.code, "banned") || !strcmp(m.code, "not-allowed"))) {
		connBarred();
	}
	if (m.type == WIRE_IDS) {
		/* It handles the lines held until now, which reuse m. */
		uint64_t base = m.id, from = m.idFrom, to = m.idTo, last = m.idLast;
		if (clean != stackBuf) free(clean);
		resumeIds(base, from, to, last);
		uiDirtyStatus();
		return 0;
	}
	/* Asked before the join, which the held lines wait for. */
	if (m.type == WIRE_ERROR && passwordError(&m)) {
		if (clean != stackBuf) free(clean);
		return 0;
	}
	if (m.type != WIRE_HELLO && resumeHold(clean, strlen(clean))) {
		if (clean != stackBuf) free(clean);
		return 0;
	}
	switch (m.type) {
	case WIRE_CHAT: e = message(&m, KIND_CHAT); break;
	case WIRE_ACTION: e = message(&m, KIND_ACTION); break;
	case WIRE_PRIVATE: e = message(&m, KIND_PRIVATE); break;
	case WIRE_PRIVATE_SENT: e = message(&m, KIND_PRIVATE_SENT); break;
	case WIRE_WELCOME: e = onWelcome(&m); break;
	case WIRE_JOIN: e = onJoin(&m); break;
	case WIRE_QUIT: e = onQuit(&m); break;
	case WIRE_NICK: e = onNick(&m); break;
	case WIRE_WHO: e = onWho(&m); break;
	case WIRE_HELLO:
		/* Before resumeHello sends anything. */
		if (wireCap(m.text, "password", NULL, 0)) connGate(true);
		resumeHello(m.text);
		namesMarks = wireCap(m.text, "verified", NULL, 0);
		break;
	case WIRE_IDS: break;
	case WIRE_OK: resumeOk(m.id, m.idLast); break;
	case WIRE_AWAY: e = onAway(&m); break;
	case WIRE_BACK: e = onBack(&m); break;
	case WIRE_ERROR:
		if (!strcmp(m.code, "too-long")) resumeRefused();
		uiPush(onError(&m));
		nickRefused(&m);
		break;
	case WIRE_INFO: e = entryNotice(KIND_NOTICE, "%s", m.text); break;
	case WIRE_SHUTDOWN:
		e = onShutdown(&m);
		break;
	case WIRE_MOD: e = onMod(&m); break;
	case WIRE_RAW:
		e = entryFormat(KIND_RAW, time(NULL), "", m.text);
		if (namesMentioned(m.text)) e->flags |= ENTRY_MENTION;
		break;
	}
	if (m.type != WIRE_WHO && m.type != WIRE_AWAY) awaySilent = false;
	if (clean != stackBuf) free(clean);
	uint64_t id = e ? e->id : 0;
	if (e && replace) seq = uiReplace(replace, e);
	else if (e) seq = uiPush(e);
	if (id) unreadNumbered(seq, id);
	if (e && m.type == WIRE_JOIN) viewJoined(m.name, seq);
	if (m.type >= WIRE_WELCOME) uiDirtyStatus();
	return seq;
}
