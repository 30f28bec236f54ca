/* fuzz-sanitize.c: libFuzzer target for sanitize.c.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever comes in, what comes out is valid UTF-8 within the promised
 * size, with no control, escape, bidi control or separator left, and
 * sanitising it again changes nothing.
 */
#include <config.h>

#include <string.h>

#include "chat.h"
#include "fuzz.h"

static bool forbidden(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x061C ||
	    cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0xFEFF;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out = xmalloc(SANITIZE_SIZE(size));
	size_t n = sanitize(out, SANITIZE_SIZE(size), (const char *)data, size);
	FUZZ_CHECK(n < SANITIZE_SIZE(size));
	FUZZ_CHECK(out[n] == '\0' && strlen(out) == n);
	FUZZ_CHECK(utf8Valid(out, n));
	uint32_t last = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8Decode(out + i, n - i, &cp);
		FUZZ_CHECK(len > 0 && !forbidden(cp));
		/* Of the ignorables only a selector after a visible character
		 * and a ZWJ between two others are left, never two in a row. */
		if (sanitizeIgnorable(cp)) {
			FUZZ_CHECK(cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) ||
			    (cp >= 0xE0100 && cp <= 0xE01EF));
			FUZZ_CHECK(last > ' ' && (!sanitizeIgnorable(last) ||
			    (cp == 0x200D && last == 0xFE0F)));
			FUZZ_CHECK(cp != 0x200D || i + len < n);
		}
		last = cp;
		i += len;
	}
	/* Into less room: a prefix of the whole, cut at a code point. */
	size_t small = size / 2 + 1;
	char *cut = xmalloc(small);
	size_t m = sanitize(cut, small, (const char *)data, size);
	FUZZ_CHECK(m < small && m <= n && cut[m] == '\0');
	FUZZ_CHECK(!memcmp(cut, out, m) && utf8Valid(cut, m));
	free(cut);
	char *again = xmalloc(SANITIZE_SIZE(n));
	FUZZ_CHECK(sanitize(again, SANITIZE_SIZE(n), out, n) == n && !memcmp(again, out, n));
	free(again);
	free(out);
	return 0;
}
