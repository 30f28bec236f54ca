/* frame.c: cuts a byte stream into newline-terminated lines.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "chat.h"

/* Room for one read() beyond the longest line, its CR, LF and NUL.  A
 * client that sends fast (a paste, a bot, the benchmark) is read in a
 * quarter as many pieces as with 4 kB, and each piece of chat-server's
 * is one pass to the room; a read touches only the pages it fills. */
enum { FRAME_CHUNK = 16384 };

void frameInit(struct frame *f, size_t max)
{
	memset(f, 0, sizeof(*f));
	f->max = max;
	f->size = max + 3 + FRAME_CHUNK;
	f->buf = xmalloc(f->size);
}

void frameFree(struct frame *f)
{
	free(f->buf);
	f->buf = NULL;
	f->len = f->start = f->scan = 0;
}

/* Moves what is still held to the front of the buffer. */
static void compact(struct frame *f)
{
	if (!f->start) return;
	memmove(f->buf, f->buf + f->start, f->len - f->start);
	f->len -= f->start;
	f->scan -= f->start;
	f->start = 0;
}

char *frameSpace(struct frame *f, size_t *room)
{
	compact(f);
	/* Only a caller who never calls frameNext gets here. */
	if (f->size - f->len < 2) {
		f->size += FRAME_CHUNK;
		f->buf = xrealloc(f->buf, f->size);
	}
	/* One byte stays free for the NUL that frameTake may need. */
	*room = f->size - f->len - 1;
	return f->buf + f->len;
}

void frameCommit(struct frame *f, size_t n)
{
	f->len += n;
}

size_t framePending(const struct frame *f)
{
	return f->len - f->start;
}

/* A CR before the end of the line is part of the line ending. */
static size_t lineLength(const struct frame *f, size_t end)
{
	size_t n = end - f->start;
	if (n && f->buf[end - 1] == '\r') n--;
	return n;
}

/* Hands out the n bytes at start and moves start to next. */
static void handOut(struct frame *f, size_t n, size_t next, char **line, size_t *len)
{
	*line = f->buf + f->start;
	*len = n;
	f->buf[f->start + n] = '\0';
	f->start = f->scan = next;
}

/* An overlong line is handed out as "", at the end of what is held (the
 * byte there is free, see frameSpace), so threads share nothing. */
static enum frameResult overlong(struct frame *f, char **line, size_t *len)
{
	f->buf[f->len] = '\0';
	*line = f->buf + f->len;
	*len = 0;
	return FRAME_OVERLONG;
}

enum frameResult frameNext(struct frame *f, char **line, size_t *len)
{
	for (;;) {
		if (f->scan < f->start) f->scan = f->start;
		char *lf = memchr(f->buf + f->scan, '\n', f->len - f->scan);
		if (!lf) {
			f->scan = f->len;
			if (f->discard) {
				f->start = f->len;
				return FRAME_NONE;
			}
			/* Wait for the LF while the line, less a final CR, can still fit. */
			if (lineLength(f, f->len) <= f->max) return FRAME_NONE;
			f->discard = true;
			f->start = f->len;
			return overlong(f, line, len);
		}
		size_t end = lf - f->buf;
		size_t n = lineLength(f, end);
		if (f->discard || n > f->max) {
			bool report = !f->discard;
			f->discard = false;
			f->start = f->scan = end + 1;
			if (report) return overlong(f, line, len);
			continue;
		}
		handOut(f, n, end + 1, line, len);
		return FRAME_LINE;
	}
}

bool frameTake(struct frame *f, char **line, size_t *len)
{
	size_t n = lineLength(f, f->len);
	bool ok = !f->discard && f->len > f->start && n <= f->max;
	f->discard = false;
	if (!ok) {
		f->start = f->scan = f->len;
		return false;
	}
	handOut(f, n, f->len, line, len);
	return true;
}

enum frameResult frameSplit(const char **buf, size_t *len, char *line, size_t size)
{
	const char *lf = *len ? memchr(*buf, '\n', *len) : NULL;
	if (!lf) return FRAME_NONE;
	size_t n = lf - *buf;
	bool fits = n < size;
	if (fits) memcpy(line, *buf, n);
	line[fits ? n : 0] = '\0';
	*len -= n + 1;
	*buf = lf + 1;
	return fits ? FRAME_LINE : FRAME_OVERLONG;
}
