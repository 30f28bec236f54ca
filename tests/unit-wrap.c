/* unit-wrap.c: unit tests for wrapping in wrap.c: widths, breaks, hanging indent.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "unit.h"


/* The rows of s, joined by '|'; continuation rows start with their indent as '_'. */
static const char *rows(const char *s, int width, int indent)
{
	static char out[4096];
	struct wrap w;
	size_t a, b, o = 0;
	bool first = true;
	wrapInit(&w, s, strlen(s), width, indent);
	while (wrapNext(&w, &a, &b)) {
		if (!first) {
			out[o++] = '|';
			for (int i = 0; i < wrapIndent(&w); i++) out[o++] = '_';
		}
		/* No row may be wider than the window, unless one character is. */
		int cols = wrapWidth(s + a, b - a) + (first ? 0 : wrapIndent(&w));
		if (cols > width && b - a > 4) {
			FAIL("row \"%.*s\" is %d columns wide, more than %d",
			    (int)(b - a), s + a, cols, width);
		}
		memcpy(out + o, s + a, b - a);
		o += b - a;
		first = false;
	}
	out[o] = '\0';
	return out;
}

static void widths(void)
{
	CHECK(wrapCharWidth('a') == 1);
	CHECK(wrapCharWidth(0x6587) == 2);      /* 文 */
	CHECK(wrapCharWidth(0x1F600) == 2);     /* 😀 */
	CHECK(wrapCharWidth(0x301) == 0);       /* combining acute */
	CHECK(wrapCharWidth(0x200D) == 0);      /* ZWJ */
	CHECK(wrapCharWidth(0x1F) == 0);        /* controls never reach the screen */
	CHECK(wrapCharWidth(0x378) == 1);       /* unassigned: shown as U+FFFD */
	CHECK(wrapWidth("ab", 2) == 2);
	CHECK(wrapWidth("\xe6\x96\x87\xe5\xad\x97", 6) == 4);   /* 文字 */
	CHECK(wrapWidth("e\xcc\x81", 3) == 1);  /* e + combining acute */
	CHECK(wrapWidth("\xff", 1) == 1);       /* invalid byte: U+FFFD */
}

static void breaks(void)
{
	CHECK_STR(rows("", 10, 0), "");
	CHECK(wrapCount("", 0, 10, 0) == 1);
	CHECK_STR(rows("hello world", 20, 0), "hello world");
	/* Exact fit: one row, no empty second row. */
	CHECK_STR(rows("0123456789", 10, 0), "0123456789");
	CHECK(wrapCount("0123456789", 10, 10, 0) == 1);
	CHECK_STR(rows("01234567890", 10, 0), "0123456789|0");
	/* At a space; the space at the break is dropped. */
	CHECK_STR(rows("aaaa bbbb", 4, 0), "aaaa|bbbb");
	CHECK_STR(rows("aaa bbb ccc", 8, 0), "aaa bbb |ccc");
	/* A word longer than the row is cut. */
	CHECK_STR(rows("abcdefghij", 4, 0), "abcd|efgh|ij");
	/* ... where the row ends, when no row could hold it whole. */
	CHECK_STR(rows("ab cdefghijkl", 5, 0), "ab cd|efghi|jkl");
	CHECK_STR(rows("ab cdefg", 5, 0), "ab |cdefg");
	/* Width 1 and less still makes progress. */
	CHECK(wrapCount("abc", 3, 1, 0) == 3);
	CHECK(wrapCount("abc", 3, 0, 0) == 3);
}

static void wide(void)
{
	/* 文字文字 is 8 columns: a wide character never straddles the edge. */
	const char *cjk = "\xe6\x96\x87\xe5\xad\x97\xe6\x96\x87\xe5\xad\x97";
	CHECK_STR(rows(cjk, 8, 0), cjk);
	CHECK_STR(rows(cjk, 5, 0), "\xe6\x96\x87\xe5\xad\x97|\xe6\x96\x87\xe5\xad\x97");
	CHECK(wrapCount(cjk, strlen(cjk), 3, 0) == 4);
	/* Combining marks stay with their base character. */
	CHECK_STR(rows("abe\xcc\x81" "cd", 3, 0), "abe\xcc\x81|cd");
	/* Emoji are two columns. */
	CHECK_STR(rows("a\xf0\x9f\x98\x80" "b", 2, 0), "a|\xf0\x9f\x98\x80|b");
	/* A wide character in a one-column window gets a row of its own. */
	CHECK(wrapCount("\xe6\x96\x87\xe5\xad\x97", 6, 1, 0) == 2);
}

static void indent(void)
{
	/* "12:00 <bob> " is 12 columns; continuation rows hang under the text. */
	const char *line = "12:00 <bob> one two three four five six seven";
	CHECK_STR(rows(line, 30, 12),
	    "12:00 <bob> one two three four|____________five six seven");
	CHECK(wrapCount(line, strlen(line), 30, 12) == 2);
	CHECK_STR(rows(line, 24, 12),
	    "12:00 <bob> one two |____________three four |____________five six |____________seven");
	/* Too narrow for the indent to leave 10 columns: two columns, so that
	 * only a line's first row starts at the left edge. */
	CHECK_STR(rows(line, 20, 12), "12:00 <bob> one two |__three four five |__six seven");
	struct wrap w;
	wrapInit(&w, line, strlen(line), 21, 12);
	CHECK(wrapIndent(&w) == 2);
	wrapInit(&w, line, strlen(line), 2, 12);
	CHECK(wrapIndent(&w) == 0);
	wrapInit(&w, line, strlen(line), 22, 12);
	CHECK(wrapIndent(&w) == 12);
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "en_US.UTF-8")) {
		fputs("no UTF-8 locale: skipped\n", stderr);
		return 77;
	}
	widths();
	breaks();
	wide();
	indent();
	return unitStatus();
}
