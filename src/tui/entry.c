/* entry.c: scrollback entries: made, laid out for the screen, measured.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "tui.h"

struct entry *entryNew(const char *text, size_t len)
{
	struct entry *e = xmalloc(sizeof(*e) + len + 1);
	memset(e, 0, sizeof(*e));
	memcpy(e->text, text, len);
	e->text[len] = '\0';
	e->len = len;
	return e;
}

struct entry *entryCopy(const struct entry *e)
{
	struct entry *c = xmalloc(sizeof(*e) + e->len + 1);
	memcpy(c, e, sizeof(*e) + e->len + 1);
	return c;
}

/* M-t: every entry keeps its timestamp, and the screen skips it. */
static bool stamps = true;

void entryStampsToggle(void)
{
	stamps = !stamps;
}

size_t entryStart(const struct entry *e)
{
	return stamps ? 0 : e->stampLen;
}

int entryIndent(const struct entry *e)
{
	if (stamps) return e->indent;
	return e->indent - wrapWidth(e->text, e->stampLen);
}

/* M-j and --hide-joins: joins and quits take no row while hidden. */
static enum entryJoins joins = JOINS_SHOWN;

void entryJoinsShow(enum entryJoins how)
{
	joins = how;
}

bool entryHidden(const struct entry *e)
{
	if (!(e->flags & ENTRY_JOIN) || joins == JOINS_SHOWN) return false;
	return joins == JOINS_HIDDEN || (e->flags & ENTRY_QUIET);
}

/* Cached per width and M-t, so that drawing a screen wraps only what it
 * shows; a hidden entry has no rows. */
int entryRows(struct entry *e, int width)
{
	if (entryHidden(e)) return 0;
	if (width < 1) width = 1;
	if (e->wrapWidth != width || !e->wrapRows || e->wrapStamps != stamps) {
		size_t start = entryStart(e);
		e->wrapRows = wrapCount(e->text + start, e->len - start, width, entryIndent(e));
		e->wrapWidth = width;
		e->wrapStamps = stamps;
	}
	return e->wrapRows;
}

/* Something curses can draw in the columns wrap.c counts: code points
 * wcwidth does not know become U+FFFD, or '?' outside UTF-8 locales.
 * One byte can become three, so dst has room for size bytes and what
 * does not fit is left out whole: nothing is written past it. */
static bool emoji(uint32_t cp)
{
	return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF);
}

/* Emoji sequences are one glyph to many terminals but several columns to
 * wcwidth (a family of three is 6, a thumb with a skin tone 4; a heart
 * with VS16 is 1 and drawn as 2), so curses' idea of the row and the
 * terminal's part, leaving stale cells behind.  Shown without the
 * joiners, selectors and modifiers, each emoji takes what wcwidth says,
 * everywhere.  (The text sent and logged keeps them.) */
static bool glue(uint32_t cp, uint32_t prev)
{
	if (cp == 0xFE0F || cp == 0xFE0E) return true;
	if (cp >= 0x1F3FB && cp <= 0x1F3FF) return emoji(prev);
	return cp == 0x200D && (emoji(prev) || prev == 0xFE0F);
}

static size_t displayable(char *dst, size_t size, const char *src, size_t len)
{
	size_t n = 0;
	uint32_t prev = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = src[i];
		/* The common case, and cheap: printable ASCII. */
		if (c >= 0x20 && c < 0x7F) {
			if (n == size) break;
			dst[n++] = c;
			prev = c;
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = wrapDecode(src + i, len - i, &cp);
		bool skip = tuiUtf8 && glue(cp, prev);
		if (!skip || cp == 0x200D) prev = cp;
		if (skip) {
			i += k;
			continue;
		}
		char one[4];
		const char *out = one;
		size_t m = 1;
		if (cp == '\t') {
			/* As the server relays it to everyone else. */
			one[0] = ' ';
		} else if (cp < 0x80) {
			one[0] = (cp < 0x20 || cp == 0x7F) ? '?' : (char)cp;
		} else if (!tuiUtf8) {
			one[0] = '?';
		} else if (cp == 0xFFFD || wcwidth((wchar_t)cp) < 0) {
			m = utf8Encode(one, 0xFFFD);
		} else {
			out = src + i;
			m = k;
		}
		if (m > size - n) break;
		memcpy(dst + n, out, m);
		n += m;
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
	/* ui.c takes this modulo its number of hues, which divide 240. */
	return h % 240;
}

static const char *stampFormat = "%H:%M";

void entryStampFormat(const char *fmt)
{
	stampFormat = fmt;
}

/* "HH:MM " PRE NAME POST TEXT, with the hanging indent under TEXT. */
static struct entry *build(enum entryKind kind, time_t when, const char *pre,
    const char *name, const char *post, const char *text)
{
	static time_t lastWhen = -1;
	static char stamp[64];
	if (when != lastWhen) {
		struct tm tm;
		localtime_r(&when, &tm);
		/* The format is the user's own choice (--timestamp). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		size_t k = strftime(stamp, sizeof(stamp) - 1, stampFormat, &tm);
#pragma GCC diagnostic pop
		stamp[k] = '\0';
		if (k) strcat(stamp, " ");
		lastWhen = when;
	}
	size_t sl = strlen(stamp), pl = strlen(pre), nl = strlen(name),
	    ql = strlen(post), tl = strlen(text);
	/* displayable() turns a byte into 3 at most, and stops at max. */
	size_t max = 3 * (sl + pl + nl + ql + tl);
	char stackBuf[2048];
	char *buf = max <= sizeof(stackBuf) ? stackBuf : xmalloc(max);
	size_t n = 0;
	/* --timestamp is the user's, but may hold controls all the same. */
	n += displayable(buf + n, max - n, stamp, sl);
	size_t stampLen = n;
	n += displayable(buf + n, max - n, pre, pl);
	size_t nameOff = n;
	n += displayable(buf + n, max - n, name, nl);
	size_t nameLen = n - nameOff;
	n += displayable(buf + n, max - n, post, ql);
	size_t textOff = n;
	n += displayable(buf + n, max - n, text, tl);
	struct entry *e = entryNew(buf, n);
	if (buf != stackBuf) free(buf);
	e->when = when;
	e->kind = kind;
	e->nameOff = nameOff;
	e->stampLen = stampLen;
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
