/* sanitize.c: turns untrusted bytes into text that is safe to show.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <string.h>

#include "chat.h"

enum { REPLACEMENT = 0xFFFD };

/* Where we are in an escape sequence (ECMA-48, as the DEC parser reads it). */
enum state {
	TEXT,
	ESCAPE,      /* after ESC */
	INTERMEDIATE, /* ESC, then 0x20-0x2F, waiting for the final byte */
	CONTROL,     /* CSI: parameters and intermediates up to 0x40-0x7E */
	STRING,      /* OSC, DCS, SOS, PM, APC: up to BEL or ST */
	STRING_ESCAPE, /* ESC inside a string: ST if a backslash follows */
};

static bool invisible(uint32_t cp)
{
	switch (cp) {
		/* Bidi controls: text could be shown in another order than sent. */
		case 0x061C: case 0x200E: case 0x200F:
		case 0x202A: case 0x202B: case 0x202C: case 0x202D: case 0x202E:
		case 0x2066: case 0x2067: case 0x2068: case 0x2069:
		/* Line and paragraph separators, and the byte order mark. */
		case 0x2028: case 0x2029: case 0xFEFF:
			return true;
	}
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

/* Unicode's default-ignorable code points (DerivedCoreProperties.txt),
 * less those invisible() already removes, and the blanks that are not
 * ignorable but show nothing (Hangul fillers, the Braille blank,
 * interlinear annotation marks): a message of them looks empty, and
 * they can hide text in one that does not.  Sorted ranges. */
static const struct {
	uint32_t lo, hi;
} ignorables[] = {
	{ 0x00AD, 0x00AD }, { 0x034F, 0x034F }, { 0x115F, 0x1160 },
	{ 0x17B4, 0x17B5 }, { 0x180B, 0x180F }, { 0x200B, 0x200D },
	{ 0x2060, 0x2065 }, { 0x206A, 0x206F }, { 0x2800, 0x2800 },
	{ 0x3164, 0x3164 }, { 0xFE00, 0xFE0F }, { 0xFFA0, 0xFFA0 },
	{ 0xFFF0, 0xFFFB }, { 0x1BCA0, 0x1BCA3 }, { 0x1D173, 0x1D17A },
	{ 0xE0000, 0xE0FFF },
};

bool sanitizeIgnorable(uint32_t cp)
{
	if (cp < 0xAD) return false;
	for (size_t i = 0; i < sizeof(ignorables) / sizeof(ignorables[0]); i++) {
		if (cp < ignorables[i].lo) return false;
		if (cp <= ignorables[i].hi) return true;
	}
	return false;
}

static bool variation(uint32_t cp)
{
	return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

/* Roughly Extended_Pictographic: what a ZWJ joins into one emoji. */
static bool pictographic(uint32_t cp)
{
	return (cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x1F000 && cp <= 0x1FAFF) ||
	    cp == 0xA9 || cp == 0xAE || cp == 0x203C || cp == 0x2049 ||
	    cp == 0x2122 || cp == 0x2139 || cp == 0x3030 || cp == 0x303D ||
	    cp == 0x3297 || cp == 0x3299;
}

/* Whether an ignorable cp stays: one variation selector right after a
 * character that shows (an emoji, a digit of a keycap, a CJK variant),
 * and a ZWJ between two emoji (after an emoji's selector too).  Any
 * other, and any run of them, goes: that is how text is hidden.  The
 * emoji after a ZWJ must be one that stays (U+2800, a blank, is in the
 * pictographic range but goes), or sanitising again would drop the ZWJ. */
static bool joins(uint32_t last, uint32_t cp, uint32_t next)
{
	if (variation(cp)) return last > ' ' && !sanitizeIgnorable(last);
	if (cp == 0x200D) {
		return (pictographic(last) || last == 0xFE0F) && pictographic(next) &&
		    !sanitizeIgnorable(next);
	}
	return false;
}

/* What a code point does outside any sequence. */
static enum state text(uint32_t cp)
{
	switch (cp) {
		case 0x1B: return ESCAPE;
		case 0x9B: return CONTROL;
		case 0x90: case 0x98: case 0x9D: case 0x9E: case 0x9F: return STRING;
	}
	return TEXT;
}

static enum state escape(uint32_t cp)
{
	switch (cp) {
		case '[': return CONTROL;
		case ']': case 'P': case 'X': case '^': case '_': return STRING;
	}
	if (cp >= 0x20 && cp <= 0x2F) return INTERMEDIATE;
	return TEXT;
}

/* Moves the state on by one code point; true when cp is to be shown. */
static bool step(enum state *st, uint32_t cp)
{
	/* CAN and SUB cancel any sequence; ESC starts a new one. */
	if (*st != TEXT && *st != STRING && *st != STRING_ESCAPE) {
		if (cp == 0x18 || cp == 0x1A) {
			*st = TEXT;
			return false;
		}
		if (cp == 0x1B) {
			*st = ESCAPE;
			return false;
		}
	}
	switch (*st) {
	case TEXT:
		*st = text(cp);
		return *st == TEXT && (cp == '\t' || !invisible(cp));
	case ESCAPE:
		if (cp >= 0x20 && cp <= 0x7E) {
			*st = escape(cp);
			return false;
		}
		*st = TEXT;
		return step(st, cp);
	case INTERMEDIATE:
		if (cp >= 0x20 && cp <= 0x2F) return false;
		*st = TEXT;
		if (cp >= 0x30 && cp <= 0x7E) return false;
		return step(st, cp);
	case CONTROL:
		if (cp >= 0x20 && cp <= 0x3F) return false;
		*st = TEXT;
		if (cp >= 0x40 && cp <= 0x7E) return false;
		return step(st, cp);
	case STRING:
		if (cp == 0x07 || cp == 0x9C || cp == 0x18 || cp == 0x1A) *st = TEXT;
		if (cp == 0x1B) *st = STRING_ESCAPE;
		return false;
	case STRING_ESCAPE:
		*st = ESCAPE;
		if (cp == '\\') *st = TEXT;
		else return step(st, cp);
		return false;
	}
	return false;
}

static bool plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7F;
}

/* Copies what fits of n bytes at src to d, which has *room bytes left
 * (one kept for the NUL); false when something did not fit. */
static bool put(char **d, size_t *room, const char *src, size_t n)
{
	if (n >= *room) return false;
	memcpy(*d, src, n);
	*d += n;
	*room -= n;
	return true;
}

size_t sanitize(char *dst, size_t size, const char *src, size_t len)
{
	enum state st = TEXT;
	char *d = dst;
	size_t room = size, i = 0;
	uint32_t last = 0;      /* the last code point kept */
	if (!size) return 0;
	while (i < len) {
		if (st == TEXT && plain(src[i])) {
			size_t run = 1;
			while (i + run < len && plain(src[i + run])) run++;
			if (run >= room) {
				put(&d, &room, src + i, room - 1);
				break;
			}
			put(&d, &room, src + i, run);
			i += run;
			last = (unsigned char)src[i - 1];
			continue;
		}
		uint32_t cp, next;
		size_t n = utf8Decode(src + i, len - i, &cp);
		i += n ? n : 1;
		if (!step(&st, cp)) continue;
		if (sanitizeIgnorable(cp)) {
			utf8Decode(src + i, len - i, &next);
			if (!joins(last, cp, next)) continue;
		}
		if (cp == '\t') cp = ' ';
		char enc[4];
		if (!put(&d, &room, enc, utf8Encode(enc, cp))) break;
		last = cp;
	}
	*d = '\0';
	return d - dst;
}
