/* handle.c: lines from the server, parsed and turned into scrollback entries.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every line is sanitised before it is parsed, so nothing from the network
 * reaches the terminal raw.  Notices are rendered in the user's language;
 * the wire protocol itself is fixed English.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "tui.h"

char namesSelf[CHAT_ADDRNAME_MAX + 1];
long namesOnline;
static int whoSilent;   /* /who replies we asked for ourselves */
/* What the server calls us.  namesSelf is what we show: the name asked for
 * with /nick on connecting, until the server answers. */
static char serverName[CHAT_ADDRNAME_MAX + 1];
static bool nickPending;
static char wantNick[CHAT_ADDRNAME_MAX + 1];   /* /who replies we asked for ourselves */

/* Something curses can draw in the columns wrap.c counts: code points
 * wcwidth does not know become U+FFFD, or '?' outside UTF-8 locales. */
static size_t displayable(char *dst, const char *src, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = src[i];
		/* The common case, and cheap: printable ASCII. */
		if (c >= 0x20 && c < 0x7F) {
			dst[n++] = c;
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = wrapDecode(src + i, len - i, &cp);
		if (cp < 0x80) {
			dst[n++] = (cp < 0x20 || cp == 0x7F) ? '?' : (char)cp;
		} else if (!tuiUtf8) {
			dst[n++] = '?';
		} else if (cp == 0xFFFD || wcwidth((wchar_t)cp) < 0) {
			n += utf8Encode(dst + n, 0xFFFD);
		} else {
			memcpy(dst + n, src + i, k);
			n += k;
		}
		i += k;
	}
	return n;
}

static uint8_t hue(const char *name)
{
	uint32_t h = 2166136261u;
	for (; *name; name++) {
		unsigned char c = *name;
		if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
		h = (h ^ c) * 16777619u;
	}
	return h % 6;
}

/* "HH:MM " PRE NAME POST TEXT, with the hanging indent under TEXT. */
static struct entry *build(enum entryKind kind, time_t when, const char *pre,
    const char *name, const char *post, const char *text)
{
	static time_t lastWhen = -1;
	static char stamp[16];
	if (when != lastWhen) {
		struct tm tm;
		localtime_r(&when, &tm);
		strftime(stamp, sizeof(stamp), "%H:%M ", &tm);
		lastWhen = when;
	}
	size_t sl = strlen(stamp), pl = strlen(pre), nl = strlen(name),
	    ql = strlen(post), tl = strlen(text);
	size_t max = sl + 2 * (pl + ql) + 2 * (nl + tl) + 1;
	char stackBuf[2048];
	char *buf = max <= sizeof(stackBuf) ? stackBuf : xmalloc(max);
	size_t n = 0;
	memcpy(buf, stamp, sl);
	n += sl;
	n += displayable(buf + n, pre, pl);
	size_t nameOff = n;
	n += displayable(buf + n, name, nl);
	size_t nameLen = n - nameOff;
	n += displayable(buf + n, post, ql);
	size_t textOff = n;
	n += displayable(buf + n, text, tl);
	struct entry *e = entryNew(buf, n);
	if (buf != stackBuf) free(buf);
	e->when = when;
	e->kind = kind;
	e->nameOff = nameOff;
	e->nameLen = nameLen;
	e->textOff = textOff;
	e->indent = wrapWidth(e->text, textOff);
	e->hue = hue(name);
	return e;
}

struct entry *entryFormat(enum entryKind kind, time_t when, const char *name,
    const char *text)
{
	static const struct {
		const char *pre, *post;
	} frames[] = {
		[KIND_CHAT] = { "<", "> " },
		[KIND_SELF] = { "<", "> " },
		[KIND_ACTION] = { "* ", " " },
		[KIND_PRIVATE] = { "*", "* " },
		[KIND_PRIVATE_SENT] = { "-> *", "* " },
		[KIND_NOTICE] = { "", " " },
		[KIND_ERROR] = { "", " " },
		[KIND_RAW] = { "", "" },
	};
	if (kind == KIND_NOTICE || kind == KIND_ERROR) name = "-!-";
	if (kind == KIND_RAW) name = "";
	return build(kind, when, frames[kind].pre, name, frames[kind].post, text);
}

struct entry *entryNotice(enum entryKind kind, const char *fmt, ...)
{
	char text[CHAT_WIRE_MAX + 256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	return entryFormat(kind, time(NULL), NULL, text);
}

static bool wordChar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool namesMentioned(const char *text)
{
	size_t n = strlen(namesSelf);
	if (!n) return false;
	for (const char *p = text; (p = strcasestr(p, namesSelf)); p++) {
		bool before = p > text && wordChar(p[-1]);
		if (!before && !wordChar(p[n])) return true;
	}
	return false;
}

static bool isSelf(const char *name)
{
	return (*namesSelf && !nameCompare(name, namesSelf)) ||
	    (*serverName && !nameCompare(name, serverName));
}

/* Names in the room, for Tab completion. */
static char **names;
static size_t nnames, namesCap;

static ssize_t namesFind(const char *name)
{
	for (size_t i = 0; i < nnames; i++) {
		if (!nameCompare(names[i], name)) return i;
	}
	return -1;
}

void namesAdd(const char *name)
{
	if (!*name || namesFind(name) >= 0) return;
	if (nnames == namesCap) {
		namesCap = namesCap ? 2 * namesCap : 64;
		names = xrealloc(names, namesCap * sizeof(*names));
	}
	names[nnames++] = xstrdup(name);
}

void namesRemove(const char *name)
{
	ssize_t i = namesFind(name);
	if (i < 0) return;
	free(names[i]);
	names[i] = names[--nnames];
}

void namesRename(const char *old, const char *name)
{
	namesRemove(old);
	namesAdd(name);
}

void namesClear(void)
{
	for (size_t i = 0; i < nnames; i++) free(names[i]);
	free(names);
	names = NULL;
	nnames = namesCap = 0;
}

const char *namesMatch(const char *prefix, size_t *index)
{
	size_t n = strlen(prefix);
	while (*index < nnames) {
		const char *name = names[(*index)++];
		if (!strncasecmp(name, prefix, n)) return name;
	}
	return NULL;
}

static void learnWho(const char *list)
{
	char *copy = xstrdup(list), *save = NULL;
	for (size_t i = 0; i < nnames; i++) free(names[i]);
	nnames = 0;
	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		namesAdd(w);
	}
	free(copy);
}

static struct entry *message(const struct wireMsg *m, enum entryKind kind)
{
	time_t when = m->history ? m->when : time(NULL);
	if (kind == KIND_CHAT && isSelf(m->name)) kind = KIND_SELF;
	struct entry *e = entryFormat(kind, when, m->name, m->text);
	if (m->history) e->flags |= ENTRY_HISTORY;
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
	namesAdd(serverName);
	whoSilent++;
	connSend("/who", 0);
	/* TRANSLATORS: the server's greeting; %s is your name, %ld how many are online. */
	return entryNotice(KIND_NOTICE, _("Welcome, %s! %ld online. Type /help for help."),
	    m->name, m->count);
}

static struct entry *onJoin(const struct wireMsg *m)
{
	namesOnline = m->count;
	namesAdd(m->name);
	/* TRANSLATORS: %s is a name, %ld how many are online now. */
	return entryNotice(KIND_NOTICE, _("%s joined (%ld online)"), m->name, m->count);
}

static struct entry *onQuit(const struct wireMsg *m)
{
	namesOnline = m->count;
	namesRemove(m->name);
	if (!*m->text) {
		/* TRANSLATORS: %s is a name, %ld how many are online now. */
		return entryNotice(KIND_NOTICE, _("%s left (%ld online)"), m->name, m->count);
	}
	/* TRANSLATORS: %s is a name, %ld how many are online now, the last %s the reason. */
	return entryNotice(KIND_NOTICE, _("%s left (%ld online): %s"),
	    m->name, m->count, m->text);
}

static struct entry *onNick(const struct wireMsg *m)
{
	namesRename(m->name, m->name2);
	if (*serverName && !nameCompare(m->name, serverName)) {
		snprintf(serverName, sizeof(serverName), "%s", m->name2);
		snprintf(namesSelf, sizeof(namesSelf), "%s", m->name2);
		nickPending = false;
		if (nameValid(m->name2)) {
			snprintf(wantNick, sizeof(wantNick), "%s", m->name2);
			tuiOpt.nick = wantNick;
		}
	}
	/* TRANSLATORS: a change of name: the old name, then the new one. */
	return entryNotice(KIND_NOTICE, _("%s is now known as %s"), m->name, m->name2);
}

static struct entry *onWho(const struct wireMsg *m)
{
	namesOnline = m->count;
	learnWho(m->text);
	if (whoSilent) {
		whoSilent--;
		return NULL;
	}
	/* TRANSLATORS: the answer to /who: %ld is how many, %s their names. */
	return entryNotice(KIND_NOTICE, _("Online (%ld): %s"), m->count, m->text);
}

void handleConnected(bool nickSent)
{
	whoSilent = 0;
	nickPending = nickSent;
	serverName[0] = '\0';
}

/* The /nick we sent on connecting was refused: show the name we have. */
static void nickRefused(const struct wireMsg *m)
{
	if (!nickPending || !*serverName || strncmp(m->code, "name-", 5)) return;
	nickPending = false;
	snprintf(namesSelf, sizeof(namesSelf), "%s", serverName);
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

void handleLine(const char *line, size_t len)
{
	char stackBuf[SANITIZE_SIZE(1024)];
	size_t size = SANITIZE_SIZE(len);
	char *clean = size <= sizeof(stackBuf) ? stackBuf : xmalloc(size);
	sanitize(clean, line, len);
	static struct wireMsg m;
	wireParse(clean, &m);
	struct entry *e = NULL;
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
	case WIRE_ERROR:
		nickRefused(&m);
		e = onError(&m);
		break;
	case WIRE_INFO: e = entryNotice(KIND_NOTICE, "%s", m.text); break;
	case WIRE_SHUTDOWN:
		e = onShutdown(&m);
		break;
	case WIRE_RAW:
		e = entryFormat(KIND_RAW, time(NULL), "", m.text);
		if (namesMentioned(m.text)) e->flags |= ENTRY_MENTION;
		break;
	}
	if (clean != stackBuf) free(clean);
	if (e) uiPush(e);
	if (m.type >= WIRE_WELCOME) uiDirtyStatus();
}
