/* fuzz-wire.c: libFuzzer target for the wire protocol in wire.c.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both ways round.  The input, cut at its first LF or NUL, is a line
 * from a server: it must parse, and format back to exactly itself.  The
 * input is also a message (type, flags, count, then NUL-separated name,
 * name2, code and text): whatever wireFormat accepts must parse back to
 * the same message, so that no line the server writes is misread.
 */
#include <config.h>

#include <string.h>

#include "chat.h"
#include "fuzz.h"

static void lineToLine(const uint8_t *data, size_t size)
{
	size_t len = 0;
	while (len < size && data[len] != '\n' && data[len] != '\0') len++;
	char *line = xmalloc(len + 1);
	memcpy(line, data, len);
	line[len] = '\0';
	struct wireMsg m;
	wireParse(line, &m);
	FUZZ_CHECK(m.type >= WIRE_RAW && m.type <= WIRE_LAST && m.text);
	FUZZ_CHECK(m.type != WIRE_RAW || m.text == line);
	FUZZ_CHECK(!m.history || m.type == WIRE_CHAT || m.type == WIRE_ACTION);
	FUZZ_CHECK(memchr(m.name, '\0', sizeof(m.name)) && memchr(m.name2, '\0', sizeof(m.name2)));
	FUZZ_CHECK(memchr(m.code, '\0', sizeof(m.code)));
	char *out = xmalloc(len + 2);
	FUZZ_CHECK(wireFormat(out, len + 2, &m) == len + 1);
	FUZZ_CHECK(!memcmp(out, line, len) && out[len] == '\n');
	free(out);
	free(line);
}

/* Copies the next NUL-terminated field (or what is left) into out. */
static size_t field(const uint8_t *data, size_t size, char *out, size_t outsize)
{
	size_t n = 0;
	while (n < size && data[n]) n++;
	size_t copy = n < outsize ? n : outsize - 1;
	memcpy(out, data, copy);
	out[copy] = '\0';
	return n < size ? n + 1 : n;
}

static void messageToLine(const uint8_t *data, size_t size)
{
	if (size < 4) return;
	struct wireMsg m = { 0 };
	m.type = data[0] % (WIRE_SHUTDOWN + 1);
	m.history = data[1] & 1;
	m.when = (time_t)(data[1] >> 1) * 86400 * 397;
	m.count = data[2] | (long)data[3] << 8;
	if (data[1] & 2) m.count = -m.count;
	data += 4;
	size -= 4;
	size_t n = field(data, size, m.name, sizeof(m.name));
	data += n, size -= n;
	n = field(data, size, m.name2, sizeof(m.name2));
	data += n, size -= n;
	n = field(data, size, m.code, sizeof(m.code));
	data += n, size -= n;
	char *text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	m.text = text;

	char buf[CHAT_WIRE_MAX * 2];
	size_t len = wireFormat(buf, sizeof(buf), &m);
	if (len) {
		FUZZ_CHECK(len == strlen(buf) && buf[len - 1] == '\n');
		FUZZ_CHECK(memchr(buf, '\n', len) == buf + len - 1);
		buf[len - 1] = '\0';
		struct wireMsg back;
		wireParse(buf, &back);
		if (m.type != WIRE_RAW) {
			FUZZ_CHECK(back.type == m.type && back.history == m.history);
			FUZZ_CHECK(!m.history || back.when == m.when);
			bool hasText = m.type != WIRE_WELCOME && m.type != WIRE_JOIN &&
			    m.type != WIRE_NICK;
			FUZZ_CHECK(!hasText || !strcmp(back.text, text));
			static const bool hasName[] = {
				[WIRE_CHAT] = 1, [WIRE_ACTION] = 1, [WIRE_PRIVATE] = 1,
				[WIRE_PRIVATE_SENT] = 1, [WIRE_WELCOME] = 1, [WIRE_JOIN] = 1,
				[WIRE_QUIT] = 1, [WIRE_NICK] = 1, [WIRE_SHUTDOWN] = 0,
			};
			FUZZ_CHECK(!hasName[m.type] || !strcmp(back.name, m.name));
			if (m.type == WIRE_NICK || m.type == WIRE_ERROR) {
				FUZZ_CHECK(!strcmp(back.name2, m.name2));
			}
			if (m.type == WIRE_ERROR) FUZZ_CHECK(!strcmp(back.code, m.code));
			if (m.type == WIRE_WELCOME || m.type == WIRE_JOIN ||
			    m.type == WIRE_QUIT || m.type == WIRE_WHO) {
				FUZZ_CHECK(back.count == m.count);
			}
		}
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lineToLine(data, size);
	messageToLine(data, size);
	return 0;
}
