/* url.c: /open N and /copy N, the Nth URL on the screen from the bottom.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /copy hands the URL to the terminal's clipboard with OSC 52; /open runs
 * $BROWSER, or xdg-open, with the URL as its one argument, never through
 * a shell, since the URL comes from the network.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "tui.h"

enum { URL_MAX = 2048 };

/* A URL in parentheses: the last ')' closes them, unless the URL opened one. */
static bool unbalanced(const char *s, size_t n)
{
	int depth = 0;
	for (size_t i = 0; i < n; i++) depth += (s[i] == '(') - (s[i] == ')');
	return depth < 0;
}

/* Where a URL starts in s at or after from, and its end; false if none. */
static bool urlNext(const char *s, size_t len, size_t from, size_t *start, size_t *end)
{
	for (size_t i = from; i + 8 <= len; i++) {
		if (strncasecmp(s + i, "http://", 7) && strncasecmp(s + i, "https://", 8)) continue;
		size_t j = i;
		while (j < len && s[j] != ' ' && s[j] != '<' && s[j] != '>' && s[j] != '"') j++;
		while (j > i && (strchr(".,;:!?]}'", s[j - 1]) ||
		    (s[j - 1] == ')' && unbalanced(s + i, j - i)))) {
			j--;
		}
		*start = i;
		*end = j;
		return true;
	}
	return false;
}

/* The nth (1: the lowest) URL of the messages that show, into buf. */
static bool urlNth(long n, char *buf, size_t size)
{
	const struct scroll *sb = uiScrollback();
	uint64_t bottom = uiViewSeq();
	if (bottom == UINT64_MAX) bottom = sb->next - 1;
	int rows = uiPaneRows();
	for (uint64_t seq = bottom + 1; seq-- > sb->first && rows-- > 0;) {
		const struct entry *e = scrollGet(sb, seq);
		if (!e) break;
		/* Our own notices ("Copied URL") would come first. */
		if (e->kind == KIND_NOTICE || e->kind == KIND_ERROR) continue;
		size_t starts[64], ends[64], k = 0, a, b;
		for (size_t at = e->textOff; k < 64 && urlNext(e->text, e->len, at, &a, &b); at = b + 1) {
			starts[k] = a;
			ends[k++] = b;
			if (b >= e->len) break;
		}
		if ((long)k < n) {
			n -= k;
			continue;
		}
		size_t i = k - n;
		snprintf(buf, size, "%.*s", (int)(ends[i] - starts[i]), e->text + starts[i]);
		return true;
	}
	return false;
}

static bool which(const char *args, char *url, size_t size)
{
	long long n = 1;
	if (*args && !utilParseNumber(args, 1, 1000, &n)) {
		uiPush(entryNotice(KIND_ERROR, "%s", _("Usage: /open [N] or /copy [N]")));
		return false;
	}
	if (urlNth(n, url, size)) return true;
	/* TRANSLATORS: %lld is a number: the Nth URL from the bottom. */
	uiPush(entryNotice(KIND_ERROR, _("No URL %lld on the screen."), n));
	return false;
}

static void base64(const char *s, size_t n, char *out)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned char)s[i] << 16;
		if (i + 1 < n) v |= (unsigned char)s[i + 1] << 8;
		if (i + 2 < n) v |= (unsigned char)s[i + 2];
		out[o++] = abc[v >> 18 & 63];
		out[o++] = abc[v >> 12 & 63];
		out[o++] = i + 1 < n ? abc[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? abc[v & 63] : '=';
	}
	out[o] = '\0';
}

void urlCopy(const char *args)
{
	char url[URL_MAX], seq[URL_MAX * 2 + 16], b64[URL_MAX * 2];
	if (!which(args, url, sizeof(url))) return;
	base64(url, strlen(url), b64);
	int n = snprintf(seq, sizeof(seq), "\033]52;c;%s\007", b64);
	if (write(STDOUT_FILENO, seq, n) < 0) {
		/* The terminal is gone. */
	}
	/* TRANSLATORS: %s is a URL. */
	uiPush(entryNotice(KIND_NOTICE, _("Copied %s"), url));
}

void urlOpen(const char *args)
{
	char url[URL_MAX];
	if (!which(args, url, sizeof(url))) return;
	const char *browser = getenv("BROWSER");
	if (!browser || !*browser) browser = "xdg-open";
	spawnDetached((char *const[]){ (char *)browser, url, NULL });
	/* TRANSLATORS: %s is a URL. */
	uiPush(entryNotice(KIND_NOTICE, _("Opening %s"), url));
}
