/* wire.c: the wire protocol's lines, parsed and formatted, and name rules.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stddef.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "chat.h"

static bool isAlpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool isDigit(char c)
{
	return c >= '0' && c <= '9';
}

static bool nameChar(char c)
{
	return isAlpha(c) || isDigit(c) || c == '-' || c == '_';
}

bool wireNameValid(const char *name)
{
	if (!isAlpha(name[0])) return false;
	size_t n = 1;
	while (nameChar(name[n])) n++;
	return !name[n] && n <= CHAT_NAME_MAX;
}

static char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int wireNameCompare(const char *a, const char *b)
{
	while (*a && fold(*a) == fold(*b)) a++, b++;
	return (unsigned char)fold(*a) - (unsigned char)fold(*b);
}

/* A name derived from an address: "127.0.0.1:5555", "[fe80::1%eth0]:5555". */
static bool addrNameValid(const char *name)
{
	size_t len = strlen(name);
	const char *colon = strrchr(name, ':');
	if (len > CHAT_ADDRNAME_MAX || !colon || !colon[1]) return false;
	if (strspn(colon + 1, "0123456789") != strlen(colon + 1) || strlen(colon + 1) > 5) return false;
	size_t host = colon - name;
	if (name[0] != '[') return host && strspn(name, "0123456789.") == host;
	if (host < 3 || name[host - 1] != ']') return false;
	for (size_t i = 1; i < host - 1; i++) {
		if (!nameChar(name[i]) && !strchr(".:%", name[i])) return false;
	}
	return true;
}

bool wireAnyNameValid(const char *name)
{
	return wireNameValid(name) || addrNameValid(name);
}

/* The longest token: a name and the colon after it. */
enum { TOKEN_MAX = CHAT_ADDRNAME_MAX + 1 };

/* Copies the token at s, up to (not including) the byte stop, into out
 * (TOKEN_MAX + 1 bytes); returns what follows stop, or NULL. */
static const char *takeToken(const char *s, char stop, char *out)
{
	if (!s) return NULL;
	size_t n = 0;
	while (s[n] && s[n] != stop && s[n] != ' ') n++;
	if (s[n] != stop || !n || n > TOKEN_MAX) return NULL;
	memcpy(out, s, n);
	out[n] = '\0';
	return s + n + 1;
}

/* Takes a token that ends in a colon, without the colon. */
static const char *takeColon(const char *s, char *out)
{
	s = takeToken(s, ' ', out);
	size_t n = s ? strlen(out) : 0;
	if (n < 2 || out[n - 1] != ':') return NULL;
	out[n - 1] = '\0';
	return s;
}

/* A name, then the byte stop; returns what follows, or NULL. */
static const char *takeName(const char *s, char stop, char *out)
{
	char tok[TOKEN_MAX + 1];
	s = takeToken(s, stop, tok);
	if (!s || !wireAnyNameValid(tok)) return NULL;
	strcpy(out, tok);
	return s;
}

/* A name followed by ": " (the name itself may hold colons); returns
 * what follows the space. */
static const char *takeNameColon(const char *s, char *out)
{
	char tok[TOKEN_MAX + 1];
	s = takeColon(s, tok);
	if (!s || !wireAnyNameValid(tok)) return NULL;
	strcpy(out, tok);
	return s;
}

static const char *skip(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	return s && !strncmp(s, prefix, n) ? s + n : NULL;
}

/* A count as the server writes it: no sign, no leading zero. */
static const char *takeCount(const char *s, long *out)
{
	if (!s || !isDigit(s[0])) return NULL;
	size_t n = 0;
	long c = 0;
	while (isDigit(s[n]) && n < 9) c = c * 10 + (s[n++] - '0');
	if (isDigit(s[n]) || (s[0] == '0' && n > 1)) return NULL;
	*out = c;
	return s + n;
}

/* Space-separated names, maybe none, each maybe with the verified mark. */
static bool nameList(const char *s)
{
	char buf[CHAT_ADDRNAME_MAX + 1];
	while (*s) {
		if (*s == WIRE_VERIFIED) s++;
		const char *end = strchr(s, ' ');
		if (!end) end = s + strlen(s);
		if (end == s || (size_t)(end - s) > CHAT_ADDRNAME_MAX) return false;
		memcpy(buf, s, end - s);
		buf[end - s] = '\0';
		if (!wireAnyNameValid(buf)) return false;
		s = *end ? end + 1 : end;
		if (*end && !*s) return false;
	}
	return true;
}

static bool codeValid(const char *code)
{
	size_t n = 0;
	while (nameChar(code[n])) n++;
	return n && !code[n];
}

/* An error argument: printable ASCII without spaces, maybe none. */
static bool argValid(const char *arg)
{
	size_t n = 0;
	for (; arg[n]; n++) {
		if (arg[n] <= ' ' || arg[n] > '~') return false;
	}
	return n <= CHAT_ADDRNAME_MAX;
}

/* An ID as the server writes it: 1 to 18 digits, no leading zero. */
static const char *takeId(const char *s, uint64_t *out)
{
	if (!s || !isDigit(s[0]) || (s[0] == '0' && isDigit(s[1]))) return NULL;
	size_t n = 0;
	uint64_t v = 0;
	while (isDigit(s[n]) && n < 18) v = v * 10 + (s[n++] - '0');
	if (isDigit(s[n])) return NULL;
	*out = v;
	return s + n;
}

/* "#ID " in front of a room line, if there is one.  IDs start at 1: 0
 * means none, and "#0 " is text that wireFormat would not write back. */
static const char *takeLineId(const char *s, uint64_t *out)
{
	const char *rest = skip(takeId(skip(s, "#"), out), " ");
	if (!rest || !*out) {
		*out = 0;
		return s;
	}
	return rest;
}

typedef bool Parser(const char *s, struct wireMsg *m);

/* OPEN NAME CLOSE AFTER TEXT: the shape of every line someone says. */
static bool said(const char *s, const char *open, char close, const char *after,
    struct wireMsg *m)
{
	s = skip(takeName(skip(s, open), close, m->name), after);
	if (!s) return false;
	m->text = s;
	return true;
}

static bool parseChat(const char *s, struct wireMsg *m)
{
	return said(s, "<", '>', " ", m);
}

static bool parseAction(const char *s, struct wireMsg *m)
{
	return said(s, "* ", ' ', "", m);
}

static bool parsePrivate(const char *s, struct wireMsg *m)
{
	return said(s, "*", '*', " ", m);
}

static bool parsePrivateSent(const char *s, struct wireMsg *m)
{
	return parsePrivate(skip(s, "-> "), m);
}

static bool parseWelcome(const char *s, struct wireMsg *m)
{
	s = takeNameColon(skip(s, "-!- welcome "), m->name);
	s = takeCount(s, &m->count);
	s = skip(s, " online, /help for commands");
	return s && !*s;
}

/* The verified mark in front of a name, if it is there. */
static const char *takeMark(const char *s, bool *verified)
{
	*verified = s && *s == WIRE_VERIFIED;
	return *verified ? s + 1 : s;
}

static bool parseJoin(const char *s, struct wireMsg *m)
{
	s = takeNameColon(takeMark(skip(s, "-!- join "), &m->verified), m->name);
	s = takeCount(s, &m->count);
	s = skip(s, " online");
	return s && !*s;
}

static bool parseQuit(const char *s, struct wireMsg *m)
{
	s = takeNameColon(skip(s, "-!- quit "), m->name);
	s = takeCount(s, &m->count);
	s = skip(s, " online (");
	size_t n = s ? strlen(s) : 0;
	if (!n || s[n - 1] != ')' || n > sizeof(m->reason)) return false;
	memcpy(m->reason, s, n - 1);
	m->reason[n - 1] = '\0';
	m->text = m->reason;
	return true;
}

static bool parseNick(const char *s, struct wireMsg *m)
{
	s = takeMark(takeName(skip(s, "-!- nick "), ' ', m->name), &m->verified);
	size_t n = s ? strlen(s) : 0;
	if (!n || n > CHAT_ADDRNAME_MAX) return false;
	memcpy(m->name2, s, n + 1);
	return wireAnyNameValid(m->name2);
}

static bool parseWho(const char *s, struct wireMsg *m)
{
	s = takeCount(skip(s, "-!- who "), &m->count);
	s = skip(s, ": ");
	if (!s || !nameList(s)) return false;
	m->text = s;
	return true;
}

static bool parseError(const char *s, struct wireMsg *m)
{
	char tok[TOKEN_MAX + 1], arg[TOKEN_MAX + 1] = "";
	s = skip(s, "-!- error ");
	const char *colon = takeColon(s, tok);
	if (colon) {
		s = colon;
	} else {
		s = takeColon(takeToken(s, ' ', tok), arg);
		if (!s || !argValid(arg)) return false;
	}
	if (strlen(tok) >= sizeof(m->code) || !codeValid(tok)) return false;
	strcpy(m->code, tok);
	strcpy(m->name2, arg);
	m->text = s;
	return true;
}

static bool parseInfo(const char *s, struct wireMsg *m)
{
	m->text = skip(s, "-!- info: ");
	return m->text;
}

static bool parseShutdown(const char *s, struct wireMsg *m)
{
	m->text = skip(s, "-!- shutdown: ");
	return m->text;
}

static bool parseHello(const char *s, struct wireMsg *m)
{
	m->text = skip(s, "-!- hello: ");
	return m->text;
}

static bool parseIds(const char *s, struct wireMsg *m)
{
	s = takeId(skip(s, "-!- ids "), &m->id);
	s = takeId(skip(s, " "), &m->idFrom);
	s = takeId(skip(s, " "), &m->idTo);
	s = takeId(skip(s, " "), &m->idLast);
	return s && !*s && m->id && m->idFrom;
}

static bool parseOk(const char *s, struct wireMsg *m)
{
	s = takeId(skip(s, "-!- ok "), &m->id);
	s = takeId(skip(s, " "), &m->idLast);
	return s && !*s && m->id && m->idLast;
}

static bool parseAway(const char *s, struct wireMsg *m)
{
	s = takeNameColon(skip(s, "-!- away "), m->name);
	if (!s || !*s) return false;
	m->text = s;
	return true;
}

static bool parseBack(const char *s, struct wireMsg *m)
{
	s = skip(s, "-!- back ");
	size_t n = s ? strlen(s) : 0;
	if (!n || n > CHAT_ADDRNAME_MAX) return false;
	memcpy(m->name, s, n + 1);
	return wireAnyNameValid(m->name);
}

/* What an operator did; every verb is a word no other notice starts with. */
static const char *modVerbs[] = { "kick", "ban", "unban", "mute", "unmute", "free" };

static bool modVerbValid(const char *verb)
{
	for (size_t i = 0; i < sizeof(modVerbs) / sizeof(modVerbs[0]); i++) {
		if (!strcmp(verb, modVerbs[i])) return true;
	}
	return false;
}

/* "-!- VERB NAME by OPERATOR", and ": REASON" when there is one. */
static bool parseMod(const char *s, struct wireMsg *m)
{
	char verb[TOKEN_MAX + 1];
	s = takeToken(skip(s, "-!- "), ' ', verb);
	if (!s || strlen(verb) >= sizeof(m->code) || !modVerbValid(verb)) return false;
	strcpy(m->code, verb);
	s = skip(takeName(s, ' ', m->name), "by ");
	char tok[TOKEN_MAX + 1];
	const char *reason = takeColon(s, tok);
	/* An empty reason is written without its ": ", so "by OP: " is no notice. */
	if (reason && *reason && wireAnyNameValid(tok)) {
		strcpy(m->name2, tok);
		m->text = reason;
		return true;
	}
	if (!s || !wireAnyNameValid(s)) return false;
	strcpy(m->name2, s);
	return true;
}

static const struct {
	enum wireType type;
	Parser *parse;
} parsers[] = {
	{ WIRE_CHAT, parseChat },
	{ WIRE_ACTION, parseAction },
	{ WIRE_PRIVATE, parsePrivate },
	{ WIRE_PRIVATE_SENT, parsePrivateSent },
	{ WIRE_WELCOME, parseWelcome },
	{ WIRE_JOIN, parseJoin },
	{ WIRE_QUIT, parseQuit },
	{ WIRE_NICK, parseNick },
	{ WIRE_WHO, parseWho },
	{ WIRE_ERROR, parseError },
	{ WIRE_INFO, parseInfo },
	{ WIRE_SHUTDOWN, parseShutdown },
	{ WIRE_HELLO, parseHello },
	{ WIRE_IDS, parseIds },
	{ WIRE_OK, parseOk },
	{ WIRE_AWAY, parseAway },
	{ WIRE_BACK, parseBack },
	{ WIRE_MOD, parseMod },
};

static const char timeFormat[] = "[%Y-%m-%dT%H:%M:%SZ] ";
enum { TIME_LEN = WIRE_TIME_LEN };
_Static_assert(sizeof("[2026-11-26T12:00:00Z] ") - 1 == TIME_LEN, "the time mark's length");

/* The replay prefix, only in the exact form formatTime writes. */
static const char *parseTime(const char *s, time_t *when)
{
	static const char pattern[] = "[dddd-dd-ddTdd:dd:ddZ] ";
	for (size_t i = 0; i < TIME_LEN; i++) {
		if (pattern[i] == 'd' ? !isDigit(s[i]) : s[i] != pattern[i]) return NULL;
	}
	struct tm tm = { 0 };
	int n = 0;
	sscanf(s, "[%4d-%2d-%2dT%2d:%2d:%2dZ]%n", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n);
	if (n != TIME_LEN - 1) return NULL;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*when = timegm(&tm);
	char again[TIME_LEN + 1];
	struct tm check;
	if (!gmtime_r(when, &check)) return NULL;
	strftime(again, sizeof(again), timeFormat, &check);
	return memcmp(again, s, TIME_LEN) ? NULL : s + TIME_LEN;
}

/* Clears what a parser may have set; the reason buffer (the last
 * field) is large and needs only its first byte cleared. */
static void clear(struct wireMsg *m)
{
	memset(m, 0, offsetof(struct wireMsg, reason));
	m->reason[0] = '\0';
}

void wireParse(const char *line, struct wireMsg *m)
{
	clear(m);
	if (line[0] == '[') {
		const char *rest = parseTime(line, &m->when);
		if (rest) rest = takeLineId(rest, &m->id);
		if (rest && (parseChat(rest, m) || parseAction(rest, m))) {
			m->type = rest[0] == '<' ? WIRE_CHAT : WIRE_ACTION;
			m->history = true;
			return;
		}
		clear(m);
	}
	if (line[0] == '#') {
		const char *rest = takeLineId(line, &m->id);
		if (m->id && (parseChat(rest, m) || parseAction(rest, m))) {
			m->type = rest[0] == '<' ? WIRE_CHAT : WIRE_ACTION;
			return;
		}
		clear(m);
	}
	/* Every other line of the grammar starts with '<', '*' or '-'. */
	bool maybe = line[0] == '<' || line[0] == '*' || line[0] == '-';
	for (size_t i = 0; maybe && i < sizeof(parsers) / sizeof(parsers[0]); i++) {
		if (parsers[i].parse(line, m)) {
			m->type = parsers[i].type;
			if (!m->text) m->text = "";
			return;
		}
		clear(m);
	}
	m->type = WIRE_RAW;
	m->text = line;
}

/* What each type needs to be well-formed. */
static const struct {
	bool name, name2, list;
} needs[] = {
	[WIRE_CHAT] = { .name = true },
	[WIRE_ACTION] = { .name = true },
	[WIRE_PRIVATE] = { .name = true },
	[WIRE_PRIVATE_SENT] = { .name = true },
	[WIRE_WELCOME] = { .name = true },
	[WIRE_JOIN] = { .name = true },
	[WIRE_QUIT] = { .name = true },
	[WIRE_NICK] = { .name = true, .name2 = true },
	[WIRE_WHO] = { .list = true },
	[WIRE_ERROR] = { .name = false },
	[WIRE_INFO] = { .name = false },
	[WIRE_SHUTDOWN] = { .name = false },
	[WIRE_HELLO] = { .name = false },
	[WIRE_IDS] = { .name = false },
	[WIRE_OK] = { .name = false },
	[WIRE_AWAY] = { .name = true },
	[WIRE_BACK] = { .name = true },
	[WIRE_MOD] = { .name = true, .name2 = true },
};

static bool formatValid(const struct wireMsg *m, const char *text)
{
	if ((unsigned)m->type >= sizeof(needs) / sizeof(needs[0])) return false;
	if (strchr(text, '\n') || m->count < 0 || m->count > 999999999) return false;
	if (needs[m->type].name && !wireAnyNameValid(m->name)) return false;
	if (needs[m->type].name2 && !wireAnyNameValid(m->name2)) return false;
	if (needs[m->type].list && !nameList(text)) return false;
	if (m->type == WIRE_AWAY && !*text) return false;
	if (m->type == WIRE_ERROR) {
		if (!memchr(m->code, '\0', sizeof(m->code)) || !codeValid(m->code)) return false;
		if (!argValid(m->name2)) return false;
	}
	if (m->verified && m->type != WIRE_JOIN && m->type != WIRE_NICK) return false;
	if (m->type == WIRE_MOD && (!memchr(m->code, '\0', sizeof(m->code)) || !modVerbValid(m->code)))
		return false;
	bool room = m->type == WIRE_CHAT || m->type == WIRE_ACTION;
	bool ids = m->type == WIRE_IDS || m->type == WIRE_OK;
	if (m->id > WIRE_ID_MAX || m->idFrom > WIRE_ID_MAX || m->idTo > WIRE_ID_MAX ||
	    m->idLast > WIRE_ID_MAX) {
		return false;
	}
	if (ids && (!m->id || (m->type == WIRE_OK ? !m->idLast : !m->idFrom))) return false;
	if (m->id && !room && !ids) return false;
	if (m->history) return room;
	return true;
}

/* snprintf(buf, size, "%s%s%s%s", a, b, c, d), for the lines of the
 * room, which every reader formats and which printf made costly. */
static int concat(char *buf, size_t size, const char *a, const char *b, const char *c,
    const char *d)
{
	const char *part[] = { a, b, c, d };
	size_t len[4], n = 0;
	for (int i = 0; i < 4; i++) n += len[i] = strlen(part[i]);
	if (n > INT_MAX) return -1;
	if (n < size) {
		size_t at = 0;
		for (int i = 0; i < 4; at += len[i++]) memcpy(buf + at, part[i], len[i]);
		buf[at] = '\0';
	} else if (size) {
		buf[0] = '\0';     /* the caller sees the length and gives up */
	}
	return n;
}

static int formatBody(char *buf, size_t size, const struct wireMsg *m, const char *text)
{
	const char *name1 = m->name, *name2 = m->name2;
	long c = m->count;
	const char *mark = m->verified ? (const char[]){ WIRE_VERIFIED, '\0' } : "";
	switch (m->type) {
	case WIRE_RAW: return snprintf(buf, size, "%s", text);
	case WIRE_CHAT: return concat(buf, size, "<", name1, "> ", text);
	case WIRE_ACTION: return concat(buf, size, "* ", name1, " ", text);
	case WIRE_PRIVATE: return snprintf(buf, size, "*%s* %s", name1, text);
	case WIRE_PRIVATE_SENT: return snprintf(buf, size, "-> *%s* %s", name1, text);
	case WIRE_WELCOME:
		return snprintf(buf, size, "-!- welcome %s: %ld online, /help for commands", name1, c);
	case WIRE_JOIN: return snprintf(buf, size, "-!- join %s%s: %ld online", mark, name1, c);
	case WIRE_QUIT: return snprintf(buf, size, "-!- quit %s: %ld online (%s)", name1, c, text);
	case WIRE_NICK: return snprintf(buf, size, "-!- nick %s %s%s", name1, mark, name2);
	case WIRE_WHO: return snprintf(buf, size, "-!- who %ld: %s", c, text);
	case WIRE_ERROR:
		return snprintf(buf, size, "-!- error %s%s%s: %s", m->code,
		    name2[0] ? " " : "", name2, text);
	case WIRE_INFO: return snprintf(buf, size, "-!- info: %s", text);
	case WIRE_SHUTDOWN: return snprintf(buf, size, "-!- shutdown: %s", text);
	case WIRE_HELLO: return snprintf(buf, size, "-!- hello: %s", text);
	case WIRE_IDS:
		return snprintf(buf, size, "-!- ids %llu %llu %llu %llu", (unsigned long long)m->id,
		    (unsigned long long)m->idFrom, (unsigned long long)m->idTo,
		    (unsigned long long)m->idLast);
	case WIRE_OK:
		return snprintf(buf, size, "-!- ok %llu %llu", (unsigned long long)m->id,
		    (unsigned long long)m->idLast);
	case WIRE_AWAY: return snprintf(buf, size, "-!- away %s: %s", name1, text);
	case WIRE_BACK: return snprintf(buf, size, "-!- back %s", name1);
	case WIRE_MOD:
		return snprintf(buf, size, "-!- %s %s by %s%s%s", m->code, name1, name2,
		    *text ? ": " : "", text);
	}
	return -1;
}

size_t wireSaid(char *buf, size_t size, enum wireType type, const char *name, const char *text)
{
	if (type != WIRE_CHAT && type != WIRE_ACTION) return 0;
	size_t len = strlen(text);
	if (memchr(text, '\n', len)) return 0;
	int n = type == WIRE_CHAT ? concat(buf, size, "<", name, "> ", text)
	    : concat(buf, size, "* ", name, " ", text);
	/* Room for the LF and the NUL too. */
	if (n < 0 || (size_t)n + 2 > size) return 0;
	buf[n++] = '\n';
	buf[n] = '\0';
	return n;
}

size_t wireFormat(char *buf, size_t size, const struct wireMsg *m)
{
	const char *text = m->text ? m->text : "";
	if (!size || !formatValid(m, text)) return 0;
	size_t n = 0;
	if (m->history) {
		struct tm tm;
		if (!gmtime_r(&m->when, &tm) || size <= TIME_LEN) return 0;
		n = strftime(buf, size, timeFormat, &tm);
		if (n != TIME_LEN) return 0;
	}
	if (m->id && (m->type == WIRE_CHAT || m->type == WIRE_ACTION)) {
		int k = snprintf(buf + n, size - n, "#%llu ", (unsigned long long)m->id);
		if (k < 0 || (size_t)k >= size - n) return 0;
		n += k;
	}
	int len = formatBody(buf + n, size - n, m, text);
	/* Room for the LF and the NUL too. */
	if (len < 0 || (size_t)len + 2 > size - n) return 0;
	n += len;
	buf[n++] = '\n';
	buf[n] = '\0';
	return n;
}

void wireInit(struct wireMsg *m, enum wireType type)
{
	memset(m, 0, offsetof(struct wireMsg, reason));
	m->type = type;
}

bool wireCap(const char *caps, const char *cap, char *value, size_t size)
{
	size_t n = strlen(cap);
	for (const char *s = caps; *s; ) {
		while (*s == ' ') s++;
		size_t w = strcspn(s, " ");
		if (w >= n && !strncmp(s, cap, n) && (w == n || s[n] == '=')) {
			const char *v = w == n ? s + w : s + n + 1;
			size_t vl = s + w - v;
			if (vl >= size) vl = size ? size - 1 : 0;
			if (size) {
				memcpy(value, v, vl);
				value[vl] = '\0';
			}
			return true;
		}
		s += w;
	}
	return false;
}
