/* unit-sanitize.c: unit tests for UTF-8 and the text sanitiser in sanitize.c.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat.h"
#include "unit.h"

#define FFFD "\xEF\xBF\xBD"

static void expect(const char *in, size_t len, const char *want, int line)
{
	char out[SANITIZE_SIZE(256)];
	CHECK(len <= 256);
	size_t n = sanitize(out, sizeof(out), in, len);
	if (n != strlen(want) || strcmp(out, want) || !utf8Valid(out, n)) {
		char hex[4 * sizeof(out) + 1];
		for (size_t i = 0; i < n; i++) snprintf(hex + 4 * i, 5, "\\x%02X", (unsigned char)out[i]);
		hex[4 * n] = '\0';
		FAIL_AT(line, "got \"%s\", want \"%s\"", hex, want);
	}
}
/* sizeof, not strlen: inputs may hold NUL bytes. */
#define EXPECT(in, want) expect(in, sizeof(in) - 1, want, __LINE__)

static void testPlain(void)
{
	EXPECT("", "");
	EXPECT("hello, world", "hello, world");
	EXPECT("a\tb", "a b");
	EXPECT("caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87", "caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87");
	/* Combining acute, ZWJ emoji, a flag: all kept. */
	EXPECT("e\xCC\x81", "e\xCC\x81");
	EXPECT("\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB", "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB");
	EXPECT("\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7", "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7");
	EXPECT("\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF");
}

static void testInvalid(void)
{
	EXPECT("a\xFF" "b", "a" FFFD "b");
	EXPECT("\x80", FFFD);
	/* Overlong encodings of '/' and NUL. */
	EXPECT("\xC0\xAF", FFFD FFFD);
	EXPECT("\xC1\xBF", FFFD FFFD);
	EXPECT("\xE0\x80\xAF", FFFD FFFD FFFD);
	EXPECT("\xF0\x80\x80\xAF", FFFD FFFD FFFD FFFD);
	/* Surrogates, and beyond U+10FFFF. */
	EXPECT("\xED\xA0\x80", FFFD FFFD FFFD);
	EXPECT("\xED\xBF\xBF", FFFD FFFD FFFD);
	EXPECT("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD);
	EXPECT("\xF5\x80\x80\x80", FFFD FFFD FFFD FFFD);
	/* Truncated sequences, at the end and before ASCII. */
	EXPECT("\xE2\x82", FFFD FFFD);
	EXPECT("\xE2\x82" "x", FFFD FFFD "x");
	EXPECT("\xF0\x9F\x98", FFFD FFFD FFFD);
	EXPECT("x\0y", "xy");
}

static void testEscapes(void)
{
	EXPECT("a\x1B[31mred\x1B[0m.", "ared.");
	EXPECT("\x1B[?1049h\x1B[2J\x1B[H", "");
	EXPECT("\x1B[1;2;3 q!", "!");
	EXPECT("x\x1B]0;title\x07y", "xy");
	EXPECT("x\x1B]8;;http://evil\x1B\\link\x1B]8;;\x1B\\y", "xlinky");
	EXPECT("x\x1B]52;c;AAAA", "x");
	EXPECT("x\x1BP1$qm\x1B\\y", "xy");
	EXPECT("x\x1BXsos\x1B\\y", "xy");
	EXPECT("x\x1B^pm\x07y", "xy");
	EXPECT("x\x1B_apc\x1B\\y", "xy");
	EXPECT("x\x1B" "7y\x1B" "8z\x1B" "c", "xyz");
	EXPECT("x\x1B(B" "y\x1B#8", "xy");
	EXPECT("x\x1B", "x");
	EXPECT("x\x1B[", "x");
	EXPECT("x\x1B[12", "x");
	/* CAN aborts a sequence; ESC inside a string starts a new one. */
	EXPECT("x\x1B[12\x18y", "xy");
	EXPECT("x\x1B]0;t\x1Ay", "xy");
	EXPECT("x\x1B[12\x1Ay\x1B[5@z", "xyz");
	EXPECT("x\x1B]0;t\x1B[31my", "xy");
	/* 8-bit controls written as UTF-8 code points. */
	EXPECT("x\xC2\x9B" "31my", "xy");
	EXPECT("x\xC2\x9D" "0;title\xC2\x9Cy", "xy");
	EXPECT("x\xC2\x90q\xC2\x9Cy", "xy");
	EXPECT("x\xC2\x85y\xC2\x9Cz", "xyz");
	/* Raw C1 bytes are not UTF-8: they show as U+FFFD, harmlessly. */
	EXPECT("x\x9B" "31m", "x" FFFD "31m");
}

static void testControls(void)
{
	EXPECT("a\rb\nc\bd\x07" "e\x7F" "f\x01g", "abcdefg");
	EXPECT("\x0E\x0F\x1A\x1C", "");
	/* Bidi controls, separators and BOM. */
	EXPECT("a\xE2\x80\xAE" "b", "ab");
	EXPECT("a\xE2\x80\x8E\xE2\x80\x8F" "b", "ab");
	EXPECT("a\xE2\x81\xA6\xE2\x81\xA7\xE2\x81\xA8\xE2\x81\xA9" "b", "ab");
	EXPECT("a\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD" "b", "ab");
	EXPECT("a\xD8\x9C" "b", "ab");
	EXPECT("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", "abc");
	EXPECT("\xEF\xBB\xBFhi", "hi");
}

static void testDecode(void)
{
	uint32_t cp;
	CHECK(utf8Decode("A", 1, &cp) == 1 && cp == 'A');
	CHECK(utf8Decode("\xC3\xA9", 2, &cp) == 2 && cp == 0xE9);
	CHECK(utf8Decode("\xE2\x82\xAC", 3, &cp) == 3 && cp == 0x20AC);
	CHECK(utf8Decode("\xF0\x9F\x98\x80", 4, &cp) == 4 && cp == 0x1F600);
	CHECK(utf8Decode("\xF0\x9F\x98\x80", 3, &cp) == 0 && cp == 0xFFFD);
	CHECK(utf8Decode("", 0, &cp) == 0);
	char buf[4];
	for (uint32_t c = 1; c <= 0x10FFFF; c += (c < 0x800 ? 1 : 7)) {
		if (c >= 0xD800 && c <= 0xDFFF) continue;
		size_t n = utf8Encode(buf, c);
		if (utf8Decode(buf, n, &cp) != n || cp != c) {
			FAIL("U+%04X does not round-trip", c);
			break;
		}
	}
	CHECK(utf8Valid("caf\xC3\xA9", 5));
	CHECK(!utf8Valid("caf\xC3", 4));
	CHECK(!utf8Valid("\xED\xA0\x80", 3));
}

/* The worst case fills SANITIZE_SIZE exactly. */
static void testSize(void)
{
	char in[64], out[SANITIZE_SIZE(64)];
	memset(in, 0xFF, sizeof(in));
	CHECK(sanitize(out, sizeof(out), in, sizeof(in)) == SANITIZE_SIZE(sizeof(in)) - 1);
}

/* Less room than the whole result: cut at a code point, nothing past
 * size written. */
static void testRoom(void)
{
	char out[16];
	memset(out, 'x', sizeof(out));
	CHECK(sanitize(out, 5, "\xFF\xFF\xFF", 3) == 3);
	CHECK(!strcmp(out, FFFD) && out[5] == 'x');
	memset(out, 'x', sizeof(out));
	CHECK(sanitize(out, 4, "hello", 5) == 3);
	CHECK(!strcmp(out, "hel") && out[4] == 'x');
	CHECK(sanitize(out, 1, "hello", 5) == 0 && out[0] == '\0');
	CHECK(sanitize(out, 3, "a\xC3\xA9", 3) == 1 && !strcmp(out, "a"));
	memset(out, 'x', sizeof(out));
	CHECK(sanitize(out, 0, "a", 1) == 0 && out[0] == 'x');
}

/* Invisible and blank text goes; what joins emoji stays. */
static void testIgnorable(void)
{
	/* ZWSP, word joiner, soft hyphen, CGJ, Hangul fillers, the Braille
	 * blank, an interlinear annotation mark, tags. */
	EXPECT("a\xE2\x80\x8B" "b", "ab");
	EXPECT("a\xE2\x81\xA0" "b", "ab");
	EXPECT("a\xC2\xAD" "b", "ab");
	EXPECT("a\xCD\x8F" "b", "ab");
	EXPECT("\xE1\x85\x9F\xE3\x85\xA4", "");
	EXPECT("\xE2\xA0\x80", "");
	EXPECT("a\xEF\xBF\xB9" "b", "ab");
	EXPECT("hi\xF3\xA0\x81\xA8\xF3\xA0\x81\xA9", "hi");
	/* A ZWJ sequence, a keycap, an emoji with VS16: kept. */
	EXPECT("\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB",
	    "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB");
	EXPECT("1\xEF\xB8\x8F\xE2\x83\xA3", "1\xEF\xB8\x8F\xE2\x83\xA3");
	EXPECT("\xE2\x9D\xA4\xEF\xB8\x8F", "\xE2\x9D\xA4\xEF\xB8\x8F");
	/* A ZWJ between letters, at the ends, doubled; selectors stacked
	 * after an emoji (hidden bytes), or after nothing, or a space. */
	EXPECT("a\xE2\x80\x8D" "b", "ab");
	EXPECT("\xE2\x80\x8D\xF0\x9F\x92\xBB", "\xF0\x9F\x92\xBB");
	EXPECT("\xF0\x9F\x91\xA9\xE2\x80\x8D", "\xF0\x9F\x91\xA9");
	EXPECT("\xF0\x9F\x91\xA9\xE2\x80\x8D\xE2\x80\x8D\xF0\x9F\x92\xBB",
	    "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB");
	EXPECT("\xF0\x9F\x98\x80\xEF\xB8\x8F\xF3\xA0\x84\x80\xF3\xA0\x84\x81",
	    "\xF0\x9F\x98\x80\xEF\xB8\x8F");
	EXPECT("\xEF\xB8\x8F" "a", "a");
	EXPECT(" \xEF\xB8\x8F", " ");
}

int main(void)
{
	testPlain();
	testInvalid();
	testEscapes();
	testControls();
	testDecode();
	testSize();
	testRoom();
	testIgnorable();
	return unitStatus();
}
