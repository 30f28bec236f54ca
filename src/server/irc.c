/* irc.c: IRC clients in the room: registration, commands, formatting.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An IRC client is a peer like any other (same thread, flood limit, send
 * queue and line timeout); only its lines are read and written here.  The
 * room is one channel.  Room lines are formatted once per batch for every
 * IRC recipient (ircTranslate), the way room.c formats them once for
 * every line client.
 *
 * Names: an IRC client's nick follows the room's name rules, so that line
 * clients can use it as it is.  A line client that has not chosen a name
 * goes by its address ("127.0.0.1:40722"), which is no nick: IRC clients
 * see "[127-0-0-1]|40722" instead ('.' -> '-', ':' -> '|', '%' -> '^',
 * IPv4 in brackets as IPv6 already is).  No chosen name can look like
 * that, and ircNickOf is a function of the name alone, so every line
 * about someone shows the same nick without a look-up.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

enum {
	IRC_LINE = 512,        /* bytes in a message, CR LF included, tags not */
	IRC_PARAMS = 15,
	USER_MAX = 32,         /* bytes kept of USER's user name */
	REAL_MAX = 128,        /* of the real name */
	AWAY_MAX = ROOM_AWAY_SIZE - 1,
	TAGS_MAX = 64,         /* bytes of our own tags (@time=...) */
};

struct irc {
	char nick[CHAT_NAME_MAX + 1];   /* asked for; the room's name once in */
	char user[USER_MAX + 1];
	char real[REAL_MAX + 1];
	bool gotNick, gotUser, capBusy, invisible;
	bool capTime, capTags, capEcho;
	bool pinged;
	int64_t since;                  /* connected, ms */
	int64_t heard;                  /* last read from, ms */
	const char *quit;               /* why it leaves, once it does */
	char quitText[256];
	char pass[GATE_PASSWORD_MAX + 1];   /* PASS, until registration */
	size_t passLen;
	bool gotPass;
};

static char created[64];

void ircInit(void)
{
	static char host[64];
	if (!serverOpt.ircName) {
		if (gethostname(host, sizeof(host) - 1) || !ircNameValid(host)) {
			strcpy(host, "chat-server");
		}
		serverOpt.ircName = host;
	}
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(created, sizeof(created), "%Y-%m-%d %H:%M:%S UTC", &tm);
}

/* A server name as IRC wants it: no spaces, colons or controls. */
bool ircNameValid(const char *name)
{
	size_t n = strlen(name);
	if (!n || n > 63) return false;
	for (const char *s = name; *s; s++) {
		if (*s <= ' ' || *s >= 0x7f || *s == ':' || *s == ',' || *s == '!' || *s == '@') {
			return false;
		}
	}
	return true;
}

bool ircChannelValid(const char *name)
{
	return name[0] == '#' && name[1] && strlen(name) <= IRC_CHANNEL_MAX
	    && ircNameValid(name);
}

void ircNickOf(const char *name, char *out)
{
	if (wireNameValid(name)) {
		strcpy(out, name);
		return;
	}
	size_t n = 0;
	if (name[0] != '[') out[n++] = '[';
	const char *colon = strrchr(name, ':');
	for (const char *s = name; *s; s++) {
		if (s == colon && name[0] != '[') out[n++] = ']';
		out[n++] = *s == '.' ? '-' : *s == ':' ? '|' : *s == '%' ? '^' : *s;
	}
	out[n] = '\0';
}

struct irc *ircNew(void)
{
	struct irc *irc = xcalloc(1, sizeof(*irc));
	irc->since = irc->heard = utilNow();
	return irc;
}

void ircFree(struct irc *irc)
{
	explicit_bzero(irc->pass, sizeof(irc->pass));
	free(irc);
}

/* A growing buffer of outgoing lines. */
struct buf {
	char *data;
	size_t len, cap;
};

static void bufAdd(struct buf *b, const char *s, size_t n)
{
	if (!n) return;
	if (b->len + n > b->cap) {
		b->cap = b->cap * 2 > b->len + n ? b->cap * 2 : b->len + n + 1024;
		b->data = xrealloc(b->data, b->cap);
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
}

/* Appends one message, cut at a character boundary if it is too long
 * (only replies with the client's own text can be). */
static void bufLine(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bufLine(struct buf *b, const char *fmt, ...)
{
	char line[TAGS_MAX + IRC_LINE + 1];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0) return;
	size_t len = (size_t)n < IRC_LINE - 2 ? (size_t)n : IRC_LINE - 2;
	while (len && ((unsigned char)line[len] & 0xC0) == 0x80) len--;
	memcpy(line + len, "\r\n", 2);
	bufAdd(b, line, len + 2);
}

/* ":NICK!chat@SERVER": the same for every line about a name. */
static void prefix(char *out, size_t size, const char *name)
{
	char nick[IRC_NICK_SIZE];
	ircNickOf(name, nick);
	snprintf(out, size, ":%s!chat@%s", nick, serverOpt.ircName);
}

/* A PRIVMSG whose text may need several messages: split at character
 * boundaries, none of it lost, each piece within IRC_LINE. */
static void bufSay(struct buf *b, const char *tags, const char *name, const char *target,
    bool action, const char *mark, const char *text)
{
	char from[IRC_NICK_SIZE + 80];
	prefix(from, sizeof(from), name);
	const char *pre = action ? "\001ACTION " : "", *post = action ? "\001" : "";
	size_t head = strlen(from) + strlen(" PRIVMSG ") + strlen(target) + 2;
	size_t room = IRC_LINE - 2 - head - strlen(pre) - strlen(mark) - strlen(post);
	size_t len = strlen(text);
	do {
		size_t n = len < room ? len : room;
		while (n < len && n && ((unsigned char)text[n] & 0xC0) == 0x80) n--;
		bufAdd(b, tags, strlen(tags));
		bufLine(b, "%s PRIVMSG %s :%s%s%.*s%s", from, target, pre, mark, (int)n, text, post);
		text += n;
		len -= n;
	} while (len);
}

/* One wire line the room saw, as IRC clients see it. */
static void translate(struct buf *b, const struct wireMsg *m)
{
	char from[IRC_NICK_SIZE + 80], nick[IRC_NICK_SIZE];
	const char *text = m->text ? m->text : "";
	const char *chan = serverOpt.ircChannel;
	switch (m->type) {
	case WIRE_CHAT: bufSay(b, "", m->name, chan, false, "", text); break;
	case WIRE_ACTION: bufSay(b, "", m->name, chan, true, "", text); break;
	case WIRE_JOIN:
		prefix(from, sizeof(from), m->name);
		bufLine(b, "%s JOIN %s", from, chan);
		break;
	case WIRE_QUIT:
		prefix(from, sizeof(from), m->name);
		bufLine(b, "%s QUIT :%s", from, *text ? text : "quit");
		break;
	case WIRE_NICK:
		/* The same name, no longer verified: nothing IRC can say. */
		if (!strcmp(m->name, m->name2)) break;
		prefix(from, sizeof(from), m->name);
		ircNickOf(m->name2, nick);
		bufLine(b, "%s NICK %s", from, nick);
		break;
	case WIRE_SHUTDOWN:
		bufLine(b, ":%s NOTICE %s :shutdown: %s", serverOpt.ircName, chan, text);
		bufLine(b, "ERROR :Closing link: %s", text);
		break;
	case WIRE_INFO:
		bufLine(b, ":%s NOTICE %s :%s", serverOpt.ircName, chan, text);
		break;
	case WIRE_MOD:
		ircNickOf(m->name, nick);
		ircNickOf(m->name2, from);
		bufLine(b, ":%s NOTICE %s :%s %s by %s%s%s", serverOpt.ircName, chan, m->code, nick,
		    from, *text ? ": " : "", text);
		break;
	default:
		break;
	}
}

char *ircTranslate(const char *wire, size_t len, size_t *outLen)
{
	struct buf b = {0};
	char line[CHAT_WIRE_MAX];
	for (enum frameResult r; (r = frameSplit(&wire, &len, line, sizeof(line))); ) {
		if (r != FRAME_LINE) continue;
		struct wireMsg m;
		wireParse(line, &m);
		translate(&b, &m);
	}
	*outLen = b.len;
	return b.data;
}

static void flushBuf(struct peer *p, struct buf *b)
{
	if (b->len) peerSend(p, b->data, b->len, NULL);
	free(b->data);
	*b = (struct buf) {0};
}

/* The nick that numerics are addressed to. */
static const char *me(const struct peer *p)
{
	return p->joined ? p->name : p->irc->gotNick ? p->irc->nick : "*";
}

static void numeric(struct peer *p, const char *num, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void numeric(struct peer *p, const char *num, const char *fmt, ...)
{
	char rest[IRC_LINE + 1];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(rest, sizeof(rest), fmt, ap);
	va_end(ap);
	struct buf b = {0};
	bufLine(&b, ":%s %s %s %s", serverOpt.ircName, num, me(p), rest);
	flushBuf(p, &b);
}

static void notice(struct peer *p, const char *text)
{
	struct buf b = {0};
	bufLine(&b, ":%s NOTICE %s :%s", serverOpt.ircName, me(p), text);
	flushBuf(p, &b);
}

static void timeTag(char *tag, size_t size, time_t when)
{
	struct tm tm;
	gmtime_r(&when, &tm);
	strftime(tag, size, "@time=%Y-%m-%dT%H:%M:%S.000Z ", &tm);
}

/* A line for p alone: history, private messages, notices. */
void ircReply(struct peer *p, const struct wireMsg *m)
{
	struct irc *irc = p->irc;
	struct buf b = {0};
	const char *text = m->text ? m->text : "";
	bool action = m->type == WIRE_ACTION;
	if (m->history && irc->capTime) {
		char tag[TAGS_MAX];
		timeTag(tag, sizeof(tag), m->when);
		bufSay(&b, tag, m->name, serverOpt.ircChannel, action, "", text);
	} else if (m->history) {
		char mark[40];
		struct tm tm;
		gmtime_r(&m->when, &tm);
		strftime(mark, sizeof(mark), "[%Y-%m-%dT%H:%M:%SZ] ", &tm);
		bufSay(&b, "", m->name, serverOpt.ircChannel, action, mark, text);
	} else if (m->type == WIRE_PRIVATE) {
		bufSay(&b, "", m->name, p->name, false, "", text);
	} else if (m->type == WIRE_PRIVATE_SENT) {
		char nick[IRC_NICK_SIZE];
		ircNickOf(m->name, nick);
		if (irc->capEcho) bufSay(&b, "", p->name, nick, false, "", text);
	} else if (m->type == WIRE_INFO) {
		bufLine(&b, ":%s NOTICE %s :%s", serverOpt.ircName, me(p), text);
	} else if (m->type != WIRE_WELCOME && m->type != WIRE_WHO) {
		translate(&b, m);
	}
	flushBuf(p, &b);
}

void ircError(struct peer *p, const char *code, const char *arg, const char *text)
{
	char nick[IRC_NICK_SIZE];
	if (!arg) arg = "";
	if (!strcmp(code, "name-taken")) {
		numeric(p, "433", "%s :Nickname is already in use", arg);
	} else if (!strcmp(code, "name-invalid")) {
		numeric(p, "432", "%s :Erroneous nickname: %s", *arg ? arg : "*", text);
	} else if (!strcmp(code, "not-operator")) {
		numeric(p, "482", "%s :You're not channel operator", serverOpt.ircChannel);
	} else if (!strcmp(code, "no-such-name")) {
		ircNickOf(arg, nick);
		numeric(p, "401", "%s :No such nick", nick);
	} else if (!strcmp(code, "full") || !strcmp(code, "banned")) {
		struct buf b = {0};
		bufLine(&b, "ERROR :Closing link: %s", text);
		flushBuf(p, &b);
	} else {
		char line[IRC_LINE];
		snprintf(line, sizeof(line), "%s: %s", code, text);
		notice(p, line);
	}
}

size_t ircRefusal(char *buf, size_t size, const char *text)
{
	int n = snprintf(buf, size, "ERROR :Closing link: %s\r\n", text);
	return n > 0 && (size_t)n < size ? (size_t)n : 0;
}

void ircAwayReply(struct peer *p, const char *name, const char *away)
{
	char nick[IRC_NICK_SIZE];
	ircNickOf(name, nick);
	if (p->irc) {
		numeric(p, "301", "%s :%s", nick, away);
		return;
	}
	struct wireMsg m;
	wireInit(&m, WIRE_AWAY);
	snprintf(m.name, sizeof(m.name), "%s", name);
	m.text = away;
	roomReply(p, &m);
}

bool ircEcho(const struct peer *p)
{
	return p->irc && p->irc->capEcho;
}

/* NAMES: as many 353 lines as the names need. */
struct names {
	struct peer *p;
	struct buf b;
	char list[IRC_LINE];
	size_t len, room;
};

static void namesFlush(struct names *n)
{
	if (!n->len) return;
	bufLine(&n->b, ":%s 353 %s = %s :%s", serverOpt.ircName, me(n->p),
	    serverOpt.ircChannel, n->list);
	n->len = 0;
}

static void namesAdd(const struct peer *q, void *ctx)
{
	struct names *n = ctx;
	char nick[IRC_NICK_SIZE];
	ircNickOf(q->name, nick);
	size_t len = strlen(nick);
	if (n->len && n->len + 1 + len > n->room) namesFlush(n);
	if (n->len) n->list[n->len++] = ' ';
	memcpy(n->list + n->len, nick, len + 1);
	n->len += len;
}

static void names(struct peer *p, bool locked)
{
	struct names n = { .p = p };
	n.room = IRC_LINE - 2 - strlen(serverOpt.ircName) - strlen(serverOpt.ircChannel)
	    - strlen(me(p)) - 16;
	if (locked) roomEachLocked(namesAdd, &n);
	else roomEach(namesAdd, &n);
	namesFlush(&n);
	bufLine(&n.b, ":%s 366 %s %s :End of /NAMES list", serverOpt.ircName, me(p),
	    serverOpt.ircChannel);
	flushBuf(p, &n.b);
}

/* Called by roomJoin, roomLock held for writing, before the history. */
void ircWelcome(struct peer *p, long online)
{
	const char *s = serverOpt.ircName, *nick = p->name;
	struct buf b = {0};
	bufLine(&b, ":%s 001 %s :Welcome to the chat room on %s, %s", s, nick, s, nick);
	bufLine(&b, ":%s 002 %s :Your host is %s, running chat-server %s", s, nick, s,
	    PACKAGE_VERSION);
	bufLine(&b, ":%s 003 %s :This server was created %s", s, nick, created);
	bufLine(&b, ":%s 004 %s %s chat-server-%s i nt", s, nick, s, PACKAGE_VERSION);
	bufLine(&b, ":%s 005 %s CASEMAPPING=ascii CHANTYPES=# CHANNELLEN=%zu NICKLEN=%d"
	    " NETWORK=%s CHANMODES=,,,nt PREFIX=() MAXTARGETS=1 AWAYLEN=%d"
	    " :are supported by this server", s, nick, strlen(serverOpt.ircChannel),
	    CHAT_NAME_MAX, s, AWAY_MAX);
	bufLine(&b, ":%s 422 %s :There is no message of the day", s, nick);
	bufLine(&b, ":%s!chat@%s JOIN %s", nick, s, serverOpt.ircChannel);
	bufLine(&b, ":%s NOTICE %s :%ld online; lines from chat-tui and nc users appear here too",
	    s, serverOpt.ircChannel, online);
	flushBuf(p, &b);
	names(p, true);
}

/* One client message: its parameters sanitised, the command upper case. */
struct msg {
	char *cmd;
	char *params[IRC_PARAMS];
	int n;
	bool ctcp;          /* the last parameter was \001...\001 */
};

/* Cuts line up in place; false when there is no command. */
static bool split(char *line, struct msg *m)
{
	m->n = 0;
	if (*line == '@') {
		line = strchr(line, ' ');
		if (!line) return false;
	}
	while (*line == ' ') line++;
	if (*line == ':') {
		line = strchr(line, ' ');
		if (!line) return false;
		while (*line == ' ') line++;
	}
	if (!*line) return false;
	m->cmd = line;
	line += strcspn(line, " ");
	while (*line) {
		*line++ = '\0';
		while (*line == ' ') line++;
		if (!*line) break;
		if (*line == ':' || m->n == IRC_PARAMS - 1) {
			m->params[m->n++] = line + (*line == ':');
			break;
		}
		m->params[m->n++] = line;
		line += strcspn(line, " ");
	}
	return true;
}

/* mIRC formatting (bold, colours...) is not text: remove it before
 * sanitising, which would leave the colour numbers behind. */
static void stripFormatting(char *s)
{
	char *out = s;
	while (*s) {
		char c = *s++;
		if (c == '\003') {
			for (int i = 0; i < 2 && *s >= '0' && *s <= '9'; i++) s++;
			if (s[0] == ',' && s[1] >= '0' && s[1] <= '9') {
				s++;
				for (int i = 0; i < 2 && *s >= '0' && *s <= '9'; i++) s++;
			}
		} else if (c == '\004') {
			for (int i = 0; i < 6 && *s && strchr("0123456789abcdefABCDEF", *s); i++) s++;
		} else if (!strchr("\002\017\021\026\035\036\037", c)) {
			*out++ = c;
		}
	}
	*out = '\0';
}

/* Each parameter is sanitised into out, which has room for all of them
 * (SANITIZE_SIZE of the line, plus a NUL each); the CTCP markers of the
 * last one are taken off first, since sanitising removes them. */
static bool parse(char *line, struct msg *m, char *out, size_t size)
{
	if (!split(line, m)) return false;
	m->ctcp = false;
	if (m->n) {
		char *last = m->params[m->n - 1];
		size_t len = strlen(last);
		if (last[0] == '\001') {
			m->ctcp = true;
			if (len > 1 && last[len - 1] == '\001') last[len - 1] = '\0';
			m->params[m->n - 1] = last + 1;
		}
	}
	for (int i = -1; i < m->n; i++) {
		char **param = i < 0 ? &m->cmd : &m->params[i];
		stripFormatting(*param);
		size_t n = sanitize(out, size, *param, strlen(*param));
		*param = out;
		out += n + 1;
		size -= n + 1;
	}
	for (char *c = m->cmd; *c; c++) {
		if (*c >= 'a' && *c <= 'z') *c -= 'a' - 'A';
	}
	return true;
}

static bool isChannel(const char *target)
{
	return !wireNameCompare(target, serverOpt.ircChannel);
}

static void needMore(struct peer *p, const char *cmd)
{
	numeric(p, "461", "%s :Not enough parameters", cmd);
}

/* The room's password (peer.c has refused plain text already): 464 and
 * goodbye when it is missing or wrong, a wrong one only after gate.c's
 * delay, as a line client's. */
static bool passed(struct peer *p)
{
	struct irc *irc = p->irc;
	if (!gateLocked()) return true;
	enum gateResult res = GATE_WRONG;
	int64_t wait = 0;
	if (irc->gotPass) {
		while ((res = gateTry(p->addr, irc->pass, irc->passLen, &wait)) == GATE_WAIT) {
			if (!peerPause(p, wait)) break;
		}
		explicit_bzero(irc->pass, sizeof(irc->pass));
	}
	if (res == GATE_RIGHT) return true;
	if (res == GATE_WAIT || (irc->gotPass && !peerPause(p, wait))) {
		irc->quit = "shutdown";
		return false;
	}
	struct buf b = {0};
	if (irc->gotPass) {
		serverLog(LOG_INFO, _("%s: wrong password"), p->addr);
		bufLine(&b, ":%s 464 %s :Password incorrect", serverOpt.ircName, me(p));
		bufLine(&b, "ERROR :Closing link: wrong password");
		irc->quit = "wrong password";
	} else {
		bufLine(&b, ":%s 464 %s :Password required: send PASS before NICK and USER",
		    serverOpt.ircName, me(p));
		bufLine(&b, "ERROR :Closing link: this room has a password");
		irc->quit = "no password given";
	}
	flushBuf(p, &b);
	return false;
}

static void tryRegister(struct peer *p)
{
	struct irc *irc = p->irc;
	if (p->joined || !irc->gotNick || !irc->gotUser || irc->capBusy) return;
	if (!passed(p)) return;
	atomic_fetch_add(&roomArriving, 1);
	switch (roomJoin(p, irc->nick)) {
	case ROOM_JOINED: break;
	case ROOM_TAKEN:
		irc->gotNick = false;
		numeric(p, "433", "%s :Nickname is already in use", irc->nick);
		break;
	case ROOM_CLOSED:
		irc->quit = "shutdown";
		break;
	}
}

static void cmdNick(struct peer *p, struct msg *m)
{
	if (m->n < 1 || !*m->params[0]) {
		numeric(p, "431", ":No nickname given");
		return;
	}
	const char *nick = m->params[0];
	if (p->joined && opMuted(p)) {
		roomError(p, "muted", NULL, "an operator has muted you: nobody sees what you say");
		return;
	}
	if (p->joined) {
		roomNick(p, nick);
		return;
	}
	if (!wireNameValid(nick)) {
		numeric(p, "432", "%s :Erroneous nickname: a name is 1 to 16 letters, digits,"
		    " '-' or '_', starting with a letter", nick);
		return;
	}
	strcpy(p->irc->nick, nick);
	p->irc->gotNick = true;
	tryRegister(p);
}

static void cmdUser(struct peer *p, struct msg *m)
{
	struct irc *irc = p->irc;
	if (p->joined) {
		numeric(p, "462", ":You may not reregister");
		return;
	}
	if (m->n < 4) {
		needMore(p, "USER");
		return;
	}
	snprintf(irc->user, sizeof(irc->user), "%s", m->params[0]);
	snprintf(irc->real, sizeof(irc->real), "%s", m->params[3]);
	/* A user name is one word, as it sits in WHO replies. */
	for (char *c = irc->user; *c; c++) {
		if (*c == ' ') *c = '_';
	}
	if (!*irc->user) strcpy(irc->user, "user");
	irc->gotUser = true;
	tryRegister(p);
}

static void cmdPass(struct peer *p, struct msg *m)
{
	struct irc *irc = p->irc;
	if (p->joined) {
		numeric(p, "462", ":You may not reregister");
	} else if (m->n < 1) {
		needMore(p, "PASS");
	} else {
		/* Checked at registration (tryRegister); none is needed when
		 * the room has no password. */
		snprintf(irc->pass, sizeof(irc->pass), "%s", m->params[0]);
		irc->passLen = strlen(irc->pass);
		irc->gotPass = true;
	}
}

static const char capsOffered[] = "echo-message message-tags server-time";

static bool capSet(struct irc *irc, const char *name, bool on)
{
	if (!strcmp(name, "server-time")) irc->capTime = on;
	else if (!strcmp(name, "message-tags")) irc->capTags = on;
	else if (!strcmp(name, "echo-message")) irc->capEcho = on;
	else return false;
	return true;
}

static void capReply(struct peer *p, const char *sub, const char *list)
{
	struct buf b = {0};
	bufLine(&b, ":%s CAP %s %s :%s", serverOpt.ircName, me(p), sub, list);
	flushBuf(p, &b);
}

/* All or nothing, as the spec says: check every name, then apply. */
static void capReq(struct peer *p, char *list)
{
	struct irc *irc = p->irc;
	bool oldTime = irc->capTime, oldTags = irc->capTags, oldEcho = irc->capEcho;
	char copy[IRC_LINE];
	snprintf(copy, sizeof(copy), "%s", list);
	bool ok = true;
	for (char *save, *cap = strtok_r(list, " ", &save); cap; cap = strtok_r(NULL, " ", &save)) {
		bool off = *cap == '-';
		if (!capSet(irc, cap + off, !off)) ok = false;
	}
	if (!ok) irc->capTime = oldTime, irc->capTags = oldTags, irc->capEcho = oldEcho;
	capReply(p, ok ? "ACK" : "NAK", copy);
}

static void cmdCap(struct peer *p, struct msg *m)
{
	struct irc *irc = p->irc;
	const char *sub = m->n ? m->params[0] : "";
	if (!strcasecmp(sub, "LS")) {
		if (!p->joined) irc->capBusy = true;
		capReply(p, "LS", capsOffered);
	} else if (!strcasecmp(sub, "LIST")) {
		char list[64];
		snprintf(list, sizeof(list), "%s%s%s", irc->capEcho ? "echo-message " : "",
		    irc->capTags ? "message-tags " : "", irc->capTime ? "server-time" : "");
		capReply(p, "LIST", list);
	} else if (!strcasecmp(sub, "REQ") && m->n > 1) {
		if (!p->joined) irc->capBusy = true;
		capReq(p, m->params[1]);
	} else if (!strcasecmp(sub, "END")) {
		irc->capBusy = false;
		tryRegister(p);
	} else {
		numeric(p, "410", "%s :Invalid CAP command", *sub ? sub : "*");
	}
}

static void say(struct peer *p, struct msg *m, bool isNotice)
{
	if (m->n < 2 || !*m->params[1]) {
		if (!isNotice) numeric(p, m->n ? "412" : "411", ":No %s given",
		    m->n ? "text to send" : "recipient");
		return;
	}
	char *text = m->params[1];
	bool action = m->ctcp;
	if (action && (strncmp(text, "ACTION", 6) || (text[6] && text[6] != ' '))) {
		if (!isNotice) notice(p, "CTCP is not supported here, only ACTION (/me)");
		return;
	}
	if (action) text += text[6] ? 7 : 6;
	if (opMuted(p)) {
		roomFlush(p);
		if (!isNotice) roomError(p, "muted", NULL, "an operator has muted you: nobody sees what you say");
		return;
	}
	/* As for line clients, what counts is the text once sanitised. */
	if (strlen(text) > (size_t)serverOpt.maxLine) {
		char why[96];
		snprintf(why, sizeof(why), "lines are limited to %ld bytes; that one was dropped",
		    serverOpt.maxLine);
		roomError(p, "too-long", NULL, why);
		return;
	}
	const char *target = m->params[0];
	if (isChannel(target)) {
		if (!roomSay(p, action ? WIRE_ACTION : WIRE_CHAT, text)) roomError(p, "too-long", NULL, "that message is too long");
		return;
	}
	roomFlush(p);
	if (*target == '#') {
		numeric(p, "403", "%s :No such channel; %s is the only one", target,
		    serverOpt.ircChannel);
		return;
	}
	/* No private actions on the line side: say it in words. */
	char words[SANITIZE_SIZE(SERVER_LINE_MAX) + CHAT_NAME_MAX + 4];
	if (action) snprintf(words, sizeof(words), "* %s %s", p->name, text);
	roomPrivate(p, target, action ? words : text);
}

static void cmdPrivmsg(struct peer *p, struct msg *m)
{
	say(p, m, false);
}

static void cmdNotice(struct peer *p, struct msg *m)
{
	say(p, m, true);
}

static void cmdJoin(struct peer *p, struct msg *m)
{
	if (m->n < 1) {
		needMore(p, "JOIN");
		return;
	}
	char *save;
	for (char *c = strtok_r(m->params[0], ",", &save); c; c = strtok_r(NULL, ",", &save)) {
		if (isChannel(c)) continue;   /* already there, always */
		numeric(p, "403", "%s :No such channel; %s is the only one", c,
		    serverOpt.ircChannel);
	}
}

static void cmdPart(struct peer *p, struct msg *m)
{
	if (m->n < 1) {
		needMore(p, "PART");
		return;
	}
	if (!isChannel(m->params[0])) {
		numeric(p, "442", "%s :You're not on that channel", m->params[0]);
		return;
	}
	char text[IRC_LINE];
	snprintf(text, sizeof(text), "%s is the only channel here and cannot be left;"
	    " use QUIT to leave the room", serverOpt.ircChannel);
	notice(p, text);
}

static void cmdPing(struct peer *p, struct msg *m)
{
	struct buf b = {0};
	bufLine(&b, ":%s PONG %s :%s", serverOpt.ircName, serverOpt.ircName,
	    m->n ? m->params[0] : "");
	flushBuf(p, &b);
}

static void cmdPong(struct peer *p, struct msg *m)
{
	(void)p, (void)m;
}

static void cmdQuit(struct peer *p, struct msg *m)
{
	struct irc *irc = p->irc;
	snprintf(irc->quitText, sizeof(irc->quitText), "%s",
	    m->n && *m->params[0] ? m->params[0] : "quit");
	irc->quit = irc->quitText;
	struct buf b = {0};
	bufLine(&b, "ERROR :Closing link: %s (%s)", me(p), irc->quit);
	flushBuf(p, &b);
}

static void cmdTopic(struct peer *p, struct msg *m)
{
	if (m->n < 1) {
		needMore(p, "TOPIC");
	} else if (!isChannel(m->params[0])) {
		numeric(p, "403", "%s :No such channel", m->params[0]);
	} else if (m->n > 1) {
		numeric(p, "482", "%s :There are no channel operators here;"
		    " the topic cannot be set", serverOpt.ircChannel);
	} else {
		numeric(p, "331", "%s :No topic is set", serverOpt.ircChannel);
	}
}

static void cmdNames(struct peer *p, struct msg *m)
{
	if (!m->n || isChannel(m->params[0])) {
		names(p, false);
	} else {
		numeric(p, "366", "%s :End of /NAMES list", m->params[0]);
	}
}

static void cmdList(struct peer *p, struct msg *m)
{
	(void)m;
	numeric(p, "321", "Channel :Users  Name");
	numeric(p, "322", "%s %ld :", serverOpt.ircChannel, roomCount());
	numeric(p, "323", ":End of /LIST");
}

/* What WHO and WHOIS say about someone; line clients are away with
 * /away as IRC clients are with AWAY. */
static void describe(const struct peer *q, char *user, char *real, char *away)
{
	if (q->irc) {
		strcpy(user, q->irc->user);
		strcpy(real, q->irc->real);
	} else {
		strcpy(user, "chat");
		snprintf(real, REAL_MAX + 1, "line client at %s", q->addr);
	}
	roomAwayOf(q, away);
}

struct who {
	struct peer *p;
	struct buf b;
	const char *mask;   /* a nick, or NULL for everyone */
	bool found;
};

static void whoAdd(const struct peer *q, void *ctx)
{
	struct who *w = ctx;
	char nick[IRC_NICK_SIZE], user[USER_MAX + 1], real[REAL_MAX + 1], away[AWAY_MAX + 1];
	ircNickOf(q->name, nick);
	if (w->mask && wireNameCompare(nick, w->mask)) return;
	describe(q, user, real, away);
	bufLine(&w->b, ":%s 352 %s %s %s %s %s %s %c :0 %s", serverOpt.ircName, me(w->p),
	    serverOpt.ircChannel, user, serverOpt.ircName, serverOpt.ircName, nick,
	    *away ? 'G' : 'H', real);
}

static void cmdWho(struct peer *p, struct msg *m)
{
	const char *mask = m->n ? m->params[0] : "*";
	struct who w = { .p = p };
	if (!isChannel(mask) && strcmp(mask, "*") && strcmp(mask, "0")) w.mask = mask;
	roomEach(whoAdd, &w);
	bufLine(&w.b, ":%s 315 %s %s :End of /WHO list", serverOpt.ircName, me(p), mask);
	flushBuf(p, &w.b);
}

static void whoisAdd(const struct peer *q, void *ctx)
{
	struct who *w = ctx;
	char nick[IRC_NICK_SIZE], user[USER_MAX + 1], real[REAL_MAX + 1], away[AWAY_MAX + 1];
	ircNickOf(q->name, nick);
	if (wireNameCompare(nick, w->mask)) return;
	w->found = true;
	describe(q, user, real, away);
	const char *s = serverOpt.ircName, *to = me(w->p);
	bufLine(&w->b, ":%s 311 %s %s %s %s * :%s", s, to, nick, user, s, real);
	bufLine(&w->b, ":%s 319 %s %s :%s", s, to, nick, serverOpt.ircChannel);
	bufLine(&w->b, ":%s 312 %s %s %s :%s", s, to, nick, s,
	    q->irc ? "an IRC client" : "a line client (chat-tui or nc)");
	if (*away) bufLine(&w->b, ":%s 301 %s %s :%s", s, to, nick, away);
	/* RPL_WHOISACCOUNT: the name is verified, its key's own. */
	if (q->verified) bufLine(&w->b, ":%s 330 %s %s %s :is logged in as", s, to, nick, nick);
}

static void cmdWhois(struct peer *p, struct msg *m)
{
	if (m->n < 1) {
		numeric(p, "431", ":No nickname given");
		return;
	}
	/* WHOIS [SERVER] NICK */
	struct who w = { .p = p, .mask = m->params[m->n > 1] };
	roomEach(whoisAdd, &w);
	if (!w.found) bufLine(&w.b, ":%s 401 %s %s :No such nick", serverOpt.ircName, me(p), w.mask);
	bufLine(&w.b, ":%s 318 %s %s :End of /WHOIS list", serverOpt.ircName, me(p), w.mask);
	flushBuf(p, &w.b);
}

static void cmdMode(struct peer *p, struct msg *m)
{
	struct irc *irc = p->irc;
	if (m->n < 1) {
		needMore(p, "MODE");
	} else if (isChannel(m->params[0])) {
		if (m->n == 1) numeric(p, "324", "%s +nt", serverOpt.ircChannel);
		else if (!strcmp(m->params[1], "b") || !strcmp(m->params[1], "+b")) {
			numeric(p, "368", "%s :End of channel ban list", serverOpt.ircChannel);
		} else {
			numeric(p, "482", "%s :There are no channel operators here",
			    serverOpt.ircChannel);
		}
	} else if (wireNameCompare(m->params[0], p->name)) {
		numeric(p, "502", ":Cannot change mode for other users");
	} else if (m->n == 1) {
		numeric(p, "221", "%s", irc->invisible ? "+i" : "+");
	} else if (!strcmp(m->params[1], "+i") || !strcmp(m->params[1], "-i")) {
		/* Harmless, and some clients set it on connecting. */
		irc->invisible = m->params[1][0] == '+';
		struct buf b = {0};
		bufLine(&b, ":%s MODE %s :%s", p->name, p->name, m->params[1]);
		flushBuf(p, &b);
	} else {
		numeric(p, "501", ":Unknown MODE flag");
	}
}

static void cmdAway(struct peer *p, struct msg *m)
{
	/* Others read the away text in WHO and WHOIS: it is said too. */
	if (opMuted(p)) {
		roomError(p, "muted", NULL, "an operator has muted you: nobody sees what you say");
		return;
	}
	const char *text = m->n ? m->params[0] : "";
	roomAway(p, text);
	if (*text) numeric(p, "306", ":You have been marked as being away");
	else numeric(p, "305", ":You are no longer marked as being away");
}

/* KICK #chat NICK [:REASON]: an operator's /kick.  One nick at a time,
 * as MAXTARGETS=1 says. */
static void cmdKick(struct peer *p, struct msg *m)
{
	if (m->n < 2) {
		needMore(p, "KICK");
		return;
	}
	if (!isChannel(m->params[0])) {
		numeric(p, "403", "%s :No such channel; %s is the only one", m->params[0],
		    serverOpt.ircChannel);
		return;
	}
	char *reason = m->n > 2 && *m->params[2] ? m->params[2] : NULL;
	if (reason) utf8Cut(reason, SERVER_REASON_MAX);
	struct request cmd = { .type = REQ_KICK, .name = m->params[1], .text = reason };
	roomFlush(p);
	opRun(p, &cmd);
}

static void cmdMotd(struct peer *p, struct msg *m)
{
	(void)m;
	numeric(p, "422", ":There is no message of the day");
}

static const struct {
	const char *name;
	void (*fn)(struct peer *p, struct msg *m);
	bool before;   /* allowed before registration */
} commands[] = {   /* sorted for bsearch */
	{ "AWAY", cmdAway, false },
	{ "CAP", cmdCap, true },
	{ "JOIN", cmdJoin, false },
	{ "KICK", cmdKick, false },
	{ "LIST", cmdList, false },
	{ "MODE", cmdMode, false },
	{ "MOTD", cmdMotd, false },
	{ "NAMES", cmdNames, false },
	{ "NICK", cmdNick, true },
	{ "NOTICE", cmdNotice, false },
	{ "PART", cmdPart, false },
	{ "PASS", cmdPass, true },
	{ "PING", cmdPing, true },
	{ "PONG", cmdPong, true },
	{ "PRIVMSG", cmdPrivmsg, false },
	{ "QUIT", cmdQuit, true },
	{ "TOPIC", cmdTopic, false },
	{ "USER", cmdUser, true },
	{ "WHO", cmdWho, false },
	{ "WHOIS", cmdWhois, false },
};

static int compare(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

bool ircLine(struct peer *p, char *line, size_t len, const char **reason)
{
	size_t size = SANITIZE_SIZE(len) + IRC_PARAMS + 1;
	char *out = xmalloc(size);
	struct msg m;
	if (!parse(line, &m, out, size)) {
		free(out);
		return true;
	}
	if (strlen(m.cmd) > 32) m.cmd[32] = '\0';
	const void *found = bsearch(m.cmd, commands, sizeof(commands) / sizeof(commands[0]),
	    sizeof(commands[0]), compare);
	int i = found ? (int)((const char *)found - (const char *)commands) / (int)sizeof(commands[0]) : -1;
	/* What the room sees keeps the order it was sent in. */
	if (i < 0 || commands[i].fn != cmdPrivmsg) roomFlush(p);
	if (i < 0) {
		numeric(p, "421", "%s :Unknown command", *m.cmd ? m.cmd : "*");
	} else if (!p->joined && !commands[i].before) {
		numeric(p, "451", ":You have not registered");
	} else {
		commands[i].fn(p, &m);
	}
	free(out);
	if (!p->irc->quit) return true;
	*reason = p->irc->quit;
	return false;
}

/* Registration within --line-timeout, and a PING after --keepalive
 * seconds of silence (answered or not: TCP keepalive finds the dead).
 * Returns how long until the next thing to do, in ms, or -1. */
int64_t ircTick(struct peer *p, int64_t now, int64_t heard, const char **reason)
{
	struct irc *irc = p->irc;
	int64_t wait = -1;
	if (!p->joined && serverOpt.lineTimeout) {
		int64_t left = irc->since + serverOpt.lineTimeout * 1000 - now;
		if (left <= 0) {
			struct buf b = {0};
			bufLine(&b, "ERROR :Closing link: registration not finished within"
			    " %ld seconds", serverOpt.lineTimeout);
			flushBuf(p, &b);
			*reason = "registration timed out";
			return -1;
		}
		wait = left;
	}
	if (!p->joined || !serverOpt.keepalive) return wait;
	if (heard > irc->heard) irc->pinged = false, irc->heard = heard;
	int64_t left = irc->heard + serverOpt.keepalive * 1000 - now;
	if (left <= 0 && !irc->pinged) {
		struct buf b = {0};
		bufLine(&b, "PING :%s", serverOpt.ircName);
		flushBuf(p, &b);
		irc->pinged = true;
	}
	if (irc->pinged) return wait;
	return wait < 0 || left < wait ? left : wait;
}
