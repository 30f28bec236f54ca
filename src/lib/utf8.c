/* utf8.c: strict UTF-8 decoding and encoding.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <string.h>

#include "chat.h"

enum { REPLACEMENT = 0xFFFD };

/* The first byte of a sequence gives its length and the range of its
 * second byte; this rejects overlongs, surrogates and > U+10FFFF. */
static const struct {
	unsigned char lo, hi, len, second_lo, second_hi;
} leads[] = {
	{ 0xC2, 0xDF, 2, 0x80, 0xBF },
	{ 0xE0, 0xE0, 3, 0xA0, 0xBF },
	{ 0xE1, 0xEC, 3, 0x80, 0xBF },
	{ 0xED, 0xED, 3, 0x80, 0x9F },
	{ 0xEE, 0xEF, 3, 0x80, 0xBF },
	{ 0xF0, 0xF0, 4, 0x90, 0xBF },
	{ 0xF1, 0xF3, 4, 0x80, 0xBF },
	{ 0xF4, 0xF4, 4, 0x80, 0x8F },
};

size_t utf8Decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	*cp = REPLACEMENT;
	if (!n) return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	for (size_t i = 0; i < sizeof(leads) / sizeof(leads[0]); i++) {
		if (u[0] < leads[i].lo || u[0] > leads[i].hi) continue;
		size_t len = leads[i].len;
		if (n < len || u[1] < leads[i].second_lo || u[1] > leads[i].second_hi) return 0;
		uint32_t c = u[0] & (0xFF >> (len + 1));
		for (size_t j = 1; j < len; j++) {
			if ((u[j] & 0xC0) != 0x80) return 0;
			c = c << 6 | (u[j] & 0x3F);
		}
		*cp = c;
		return len;
	}
	return 0;
}

size_t utf8Encode(char *dst, uint32_t cp)
{
	unsigned char *d = (unsigned char *)dst;
	if (cp < 0x80) {
		d[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = 0xC0 | cp >> 6;
		d[1] = 0x80 | (cp & 0x3F);
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = 0xE0 | cp >> 12;
		d[1] = 0x80 | (cp >> 6 & 0x3F);
		d[2] = 0x80 | (cp & 0x3F);
		return 3;
	}
	d[0] = 0xF0 | cp >> 18;
	d[1] = 0x80 | (cp >> 12 & 0x3F);
	d[2] = 0x80 | (cp >> 6 & 0x3F);
	d[3] = 0x80 | (cp & 0x3F);
	return 4;
}

bool utf8Valid(const char *s, size_t n)
{
	uint32_t cp;
	while (n) {
		size_t len = utf8Decode(s, n, &cp);
		if (!len) return false;
		s += len;
		n -= len;
	}
	return true;
}

void utf8Cut(char *s, size_t max)
{
	if (strlen(s) <= max) return;
	while (max && ((unsigned char)s[max] & 0xC0) == 0x80) max--;
	s[max] = '\0';
}
