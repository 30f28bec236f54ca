/* fuzz-frame.c: libFuzzer target for frame.c, checked against a model.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte picks the line limit, the second the read sizes; the
 * rest is the stream.  Whatever the read sizes, the lines that come out
 * must be those of a plain split on LF: no line longer than the limit or
 * holding a LF, each overlong line reported once, memory never growing.
 */
#include <config.h>

#include <string.h>

#include "chat.h"
#include "fuzz.h"

/* The length of a line without the CR that may end it. */
static size_t modelLength(const uint8_t *s, size_t n)
{
	return n && s[n - 1] == '\r' ? n - 1 : n;
}

/* Checks the next result against the model's next line of in. */
static void expectLine(enum frameResult r, const char *line, size_t len,
    const uint8_t *in, size_t n, size_t max)
{
	size_t want = modelLength(in, n);
	if (want > max) {
		FUZZ_CHECK(r == FRAME_OVERLONG && len == 0 && !line[0]);
		return;
	}
	FUZZ_CHECK(r == FRAME_LINE);
	FUZZ_CHECK(len == want && line[len] == '\0');
	FUZZ_CHECK(!memcmp(line, in, len));
	FUZZ_CHECK(!memchr(line, '\n', len));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2) return 0;
	size_t max = data[0] & 0x80 ? CHAT_LINE_MAX : data[0] & 0x3F;
	unsigned seed = data[1];
	data += 2;
	size -= 2;

	struct frame f;
	frameInit(&f, max);
	size_t alloc = f.size;
	size_t fed = 0, model = 0;   /* bytes given, start of the model's next line */
	while (fed < size) {
		size_t room;
		char *space = frameSpace(&f, &room);
		FUZZ_CHECK(room > 0 && f.size == alloc);
		seed = seed * 1103515245 + 12345;
		size_t n = (seed >> 16) % 64 + 1;
		if (seed & 0x8000) n = size;
		if (n > size - fed) n = size - fed;
		if (n > room) n = room;
		memcpy(space, data + fed, n);
		frameCommit(&f, n);
		fed += n;
		char *line;
		size_t len;
		enum frameResult r;
		while ((r = frameNext(&f, &line, &len)) != FRAME_NONE) {
			FUZZ_CHECK(model < fed);
			const uint8_t *lf = memchr(data + model, '\n', fed - model);
			if (!lf) {
				/* Reported before its LF arrived: overlong already. */
				FUZZ_CHECK(r == FRAME_OVERLONG && len == 0 && !line[0]);
				FUZZ_CHECK(modelLength(data + model, fed - model) > max);
				lf = memchr(data + model, '\n', size - model);
				model = lf ? (size_t)(lf - data) + 1 : size;
				continue;
			}
			expectLine(r, line, len, data + model, lf - data - model, max);
			model = lf - data + 1;
		}
		/* What is held is the model's unfinished line, if any. */
		FUZZ_CHECK(model >= fed || !memchr(data + model, '\n', fed - model));
	}
	char *line;
	size_t len;
	/* The unfinished line, if it is not overlong, can be taken. */
	bool took = frameTake(&f, &line, &len);
	FUZZ_CHECK(took == (model < size));
	if (took) expectLine(FRAME_LINE, line, len, data + model, size - model, max);
	FUZZ_CHECK(!frameTake(&f, &line, &len));
	frameFree(&f);
	return 0;
}
