/* wrap.c: breaks UTF-8 text into screen rows, counting columns with wcwidth.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <wchar.h>

#include "tui.h"

/* A hanging indent that would leave fewer than WRAP_MIN_TEXT columns
 * shrinks to WRAP_MIN_INDENT: only the first row of a line may start at
 * the left edge, or text wrapped there could pass for a line of its own
 * (a made-up "12:00 -!- bob left"). */
enum { WRAP_MIN_TEXT = 10, WRAP_MIN_INDENT = 2, WRAP_ROWS_MAX = 65535 };

int wrapCharWidth(uint32_t cp)
{
	if (cp < 0x80) return cp >= 0x20 && cp != 0x7F;
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

size_t wrapDecode(const char *s, size_t n, uint32_t *cp)
{
	if ((unsigned char)*s < 0x80) {
		*cp = (unsigned char)*s;
		return 1;
	}
	size_t len = utf8Decode(s, n, cp);
	if (len) return len;
	*cp = 0xFFFD;
	return 1;
}

int wrapWidth(const char *s, size_t len)
{
	int cols = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += wrapDecode(s + i, len - i, &cp);
		cols += wrapCharWidth(cp);
	}
	return cols;
}

void wrapInit(struct wrap *w, const char *s, size_t len, int width, int indent)
{
	w->s = s;
	w->len = len;
	w->pos = 0;
	w->width = width < 1 ? 1 : width;
	if (indent < 0) indent = 0;
	if (w->width - indent < WRAP_MIN_TEXT && indent > WRAP_MIN_INDENT) indent = WRAP_MIN_INDENT;
	w->indent = indent < w->width ? indent : 0;
	w->first = true;
}

int wrapIndent(const struct wrap *w)
{
	return w->indent;
}

/* A word that a row of its own cannot hold is cut where the row ends,
 * rather than leaving the row half empty. */
static bool wordTooLong(const struct wrap *w, size_t i)
{
	int cols = 0, max = w->width - w->indent;
	while (i < w->len && w->s[i] != ' ') {
		uint32_t cp;
		i += wrapDecode(w->s + i, w->len - i, &cp);
		if ((cols += wrapCharWidth(cp)) > max) return true;
	}
	return false;
}

bool wrapNext(struct wrap *w, size_t *start, size_t *end)
{
	if (w->pos >= w->len && !(w->first && !w->len)) return false;
	int avail = w->first ? w->width : w->width - w->indent;
	w->first = false;
	size_t i = w->pos, brk = 0;
	int col = 0;
	while (i < w->len) {
		uint32_t cp;
		size_t n = wrapDecode(w->s + i, w->len - i, &cp);
		int cw = wrapCharWidth(cp);
		/* Every row takes at least one character, so wrapping ends. */
		if (col + cw > avail && i > w->pos) break;
		col += cw;
		i += n;
		if (cp == ' ') brk = i;
	}
	*start = w->pos;
	if (i >= w->len) {
		*end = w->pos = w->len;
	} else if (w->s[i] == ' ') {
		*end = i;
		w->pos = i + 1;
	} else if (brk > w->pos && !wordTooLong(w, brk)) {
		*end = w->pos = brk;
	} else {
		*end = w->pos = i;
	}
	return true;
}

int wrapCount(const char *s, size_t len, int width, int indent)
{
	struct wrap w;
	size_t a, b;
	int rows = 0;
	wrapInit(&w, s, len, width, indent);
	while (rows < WRAP_ROWS_MAX && wrapNext(&w, &a, &b)) rows++;
	return rows;
}
