/* unit-frame.c: unit tests for the newline framing in frame.c.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat.h"
#include "unit.h"


/* Feeds in, chunk bytes per commit, and writes what comes out as
 * "[line]" for a line and "!" for an overlong one. */
static const char *feed(size_t max, const char *in, size_t len, size_t chunk)
{
	static char out[1 << 16];
	size_t o = 0;
	struct frame f;
	frameInit(&f, max);
	for (size_t i = 0; i < len;) {
		size_t room;
		char *space = frameSpace(&f, &room);
		size_t n = len - i < chunk ? len - i : chunk;
		if (n > room) n = room;
		memcpy(space, in + i, n);
		frameCommit(&f, n);
		i += n;
		char *line;
		size_t linelen;
		enum frameResult r;
		while ((r = frameNext(&f, &line, &linelen)) != FRAME_NONE) {
			if (r == FRAME_OVERLONG) {
				o += snprintf(out + o, sizeof(out) - o, "!");
				continue;
			}
			CHECK(strlen(line) == linelen && linelen <= max);
			o += snprintf(out + o, sizeof(out) - o, "[%s]", line);
		}
	}
	frameFree(&f);
	out[o] = '\0';
	return out;
}

/* The same output whatever the read sizes are. */
static void expect(size_t max, const char *in, const char *want, int line)
{
	static const size_t chunks[] = { 1, 2, 3, 7, 4096, 100000 };
	for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		const char *got = feed(max, in, strlen(in), chunks[i]);
		if (strcmp(got, want)) {
			FAIL_AT(line, "chunk %zu: got %s, want %s", chunks[i], got, want);
		}
	}
}
#define EXPECT(max, in, want) expect(max, in, want, __LINE__)

static void testLines(void)
{
	EXPECT(100, "hello\nworld\n", "[hello][world]");
	EXPECT(100, "a\nb\nc\n", "[a][b][c]");
	EXPECT(100, "a\r\nb\r\n", "[a][b]");
	EXPECT(100, "a\rb\n", "[a\rb]");
	EXPECT(100, "a\r\r\n", "[a\r]");
	EXPECT(100, "\r", "");
	EXPECT(100, "\n\r\n\n", "[][][]");
	EXPECT(100, "no newline", "");
	EXPECT(100, "x\nunfinished", "[x]");
}

static void testOverlong(void)
{
	EXPECT(5, "abcde\n", "[abcde]");
	EXPECT(5, "abcde\r\n", "[abcde]");
	EXPECT(5, "abcdef\n", "!");
	EXPECT(5, "abcde\rx\n", "!");
	EXPECT(5, "abcdefghijklmnop\nok\n", "![ok]");
	EXPECT(5, "abcdefgh\r\nok\r\nabcdefgh\nyes\n", "![ok]![yes]");
	EXPECT(0, "\n\r\nx\n\n", "[][]![]");
	EXPECT(5, "abcdef", "!");
}

/* A long line with no LF is reported once and the memory stays put. */
static void testFlood(void)
{
	struct frame f;
	frameInit(&f, 10);
	size_t size = f.size;
	int overlong = 0, lines = 0;
	for (int i = 0; i < 10000; i++) {
		size_t room;
		char *space = frameSpace(&f, &room);
		CHECK(room > 0);
		memset(space, 'x', room);
		frameCommit(&f, room);
		char *line;
		size_t len;
		enum frameResult r;
		while ((r = frameNext(&f, &line, &len)) != FRAME_NONE) {
			overlong += r == FRAME_OVERLONG;
			lines += r == FRAME_LINE;
		}
	}
	CHECK(overlong == 1 && lines == 0);
	CHECK(f.size == size);
	CHECK(framePending(&f) == 0);
	size_t room;
	char *space = frameSpace(&f, &room);
	memcpy(space, "tail\nok\n", 8);
	frameCommit(&f, 8);
	char *line;
	size_t len;
	CHECK(frameNext(&f, &line, &len) == FRAME_LINE && !strcmp(line, "ok"));
	CHECK(frameNext(&f, &line, &len) == FRAME_NONE);
	frameFree(&f);
}

static void testTake(void)
{
	struct frame f;
	frameInit(&f, 10);
	char *line;
	size_t len, room;
	CHECK(!frameTake(&f, &line, &len));
	char *space = frameSpace(&f, &room);
	memcpy(space, "one\nprompt> ", 12);
	frameCommit(&f, 12);
	CHECK(frameNext(&f, &line, &len) == FRAME_LINE && !strcmp(line, "one"));
	CHECK(frameNext(&f, &line, &len) == FRAME_NONE);
	CHECK(framePending(&f) == 8);
	CHECK(frameTake(&f, &line, &len) && len == 8 && !strcmp(line, "prompt> "));
	CHECK(framePending(&f) == 0);
	CHECK(!frameTake(&f, &line, &len));
	space = frameSpace(&f, &room);
	memcpy(space, "more\r", 5);
	frameCommit(&f, 5);
	CHECK(frameNext(&f, &line, &len) == FRAME_NONE);
	CHECK(frameTake(&f, &line, &len) && !strcmp(line, "more"));
	/* What is left of an overlong line is not a line. */
	space = frameSpace(&f, &room);
	memcpy(space, "0123456789abc", 13);
	frameCommit(&f, 13);
	CHECK(frameNext(&f, &line, &len) == FRAME_OVERLONG);
	space = frameSpace(&f, &room);
	memcpy(space, "def", 3);
	frameCommit(&f, 3);
	CHECK(!frameTake(&f, &line, &len));
	space = frameSpace(&f, &room);
	memcpy(space, "ghi\n", 4);
	frameCommit(&f, 4);
	CHECK(frameNext(&f, &line, &len) == FRAME_LINE && !strcmp(line, "ghi"));
	frameFree(&f);
}

/* Many lines of every length near max, cut at pseudo-random places. */
static void testRandom(void)
{
	enum { MAX = 50 };
	static char in[1 << 15], want[1 << 16];
	size_t n = 0, w = 0;
	srand(1);
	while (n < sizeof(in) - 2 * MAX) {
		size_t len = rand() % (MAX + 3);
		bool crlf = rand() % 2;
		for (size_t i = 0; i < len; i++) in[n + i] = 'a' + rand() % 26;
		if (len > MAX) {
			want[w++] = '!';
		} else {
			want[w++] = '[';
			memcpy(want + w, in + n, len);
			w += len;
			want[w++] = ']';
		}
		n += len;
		if (crlf) in[n++] = '\r';
		in[n++] = '\n';
	}
	in[n] = want[w] = '\0';
	for (size_t chunk = 1; chunk < 200; chunk += 13) {
		CHECK(!strcmp(feed(MAX, in, n, chunk), want));
	}
}

/* A buffer of whole lines, as the server formats them. */
static void testSplit(void)
{
	const char text[] = "one\n\ntoo long\nlast\nno end";
	const char *buf = text;
	size_t len = sizeof(text) - 1;
	char line[8];
	CHECK(frameSplit(&buf, &len, line, sizeof(line)) == FRAME_LINE);
	CHECK_STR(line, "one");
	CHECK(frameSplit(&buf, &len, line, sizeof(line)) == FRAME_LINE);
	CHECK_STR(line, "");
	/* Eight bytes and the NUL do not fit in eight. */
	CHECK(frameSplit(&buf, &len, line, sizeof(line)) == FRAME_OVERLONG);
	CHECK_STR(line, "");
	CHECK(frameSplit(&buf, &len, line, sizeof(line)) == FRAME_LINE);
	CHECK_STR(line, "last");
	/* What has no LF is not a line, and stays. */
	CHECK(frameSplit(&buf, &len, line, sizeof(line)) == FRAME_NONE);
	CHECK(len == 6 && !strncmp(buf, "no end", len));
	len = 0;
	CHECK(frameSplit(&buf, &len, line, sizeof(line)) == FRAME_NONE);
	/* Seven bytes and the NUL just fit. */
	buf = "1234567\n";
	len = 8;
	CHECK(frameSplit(&buf, &len, line, sizeof(line)) == FRAME_LINE);
	CHECK_STR(line, "1234567");
	CHECK(len == 0);
}

int main(void)
{
	testLines();
	testSplit();
	testOverlong();
	testFlood();
	testTake();
	testRandom();
	return unitStatus();
}
