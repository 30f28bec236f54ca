/* names.c: who is in the room, you among them, for completion and mentions.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include "tui.h"

char namesSelf[CHAT_ADDRNAME_MAX + 1];
long namesOnline;

static bool wordChar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static bool mentions(const char *text, const char *name)
{
	size_t n = strlen(name);
	if (!n) return false;
	for (const char *p = text; (p = strcasestr(p, name)); p++) {
		bool before = p > text && wordChar(p[-1]);
		if (!before && !wordChar(p[n])) return true;
	}
	return false;
}

/* While the server gives us another name, the one we asked for is
 * still the one people call us by. */
/* --highlight: words that count as mentions besides your name. */
static char **highlights;
static size_t nhighlights;

void namesHighlight(const char *word)
{
	highlights = xrealloc(highlights, (nhighlights + 1) * sizeof(*highlights));
	highlights[nhighlights++] = xstrdup(word);
}

void namesFree(void)
{
	for (size_t i = 0; i < nhighlights; i++) free(highlights[i]);
	free(highlights);
	highlights = NULL;
	nhighlights = 0;
}

bool namesMentioned(const char *text)
{
	if (mentions(text, namesSelf)) return true;
	for (size_t i = 0; i < nhighlights; i++) {
		if (mentions(text, highlights[i])) return true;
	}
	return tuiOpt.nick && wireNameCompare(tuiOpt.nick, namesSelf) &&
	    mentions(text, tuiOpt.nick);
}

/* Names in the room, for Tab completion, and whether each is verified. */
struct name {
	char *name;
	bool verified;
};
static struct name *names;
static size_t nnames, namesCap;
bool namesMarks;

static ssize_t namesFind(const char *name)
{
	for (size_t i = 0; i < nnames; i++) {
		if (!wireNameCompare(names[i].name, name)) return i;
	}
	return -1;
}

bool namesHas(const char *name)
{
	return namesFind(name) >= 0;
}

void namesAdd(const char *name, bool verified)
{
	if (!*name) return;
	ssize_t i = namesFind(name);
	if (i >= 0) {
		names[i].verified = verified;
		return;
	}
	if (nnames == namesCap) {
		namesCap = namesCap ? 2 * namesCap : 64;
		names = xrealloc(names, namesCap * sizeof(*names));
	}
	names[nnames].name = xstrdup(name);
	names[nnames++].verified = verified;
}

void namesRemove(const char *name)
{
	ssize_t i = namesFind(name);
	if (i < 0) return;
	free(names[i].name);
	names[i] = names[--nnames];
}

void namesRename(const char *old, const char *name, bool verified)
{
	namesRemove(old);
	namesAdd(name, verified);
}

void namesClear(void)
{
	for (size_t i = 0; i < nnames; i++) free(names[i].name);
	free(names);
	names = NULL;
	nnames = namesCap = 0;
}

const char *namesMatch(const char *prefix, size_t *index)
{
	size_t n = strlen(prefix);
	while (*index < nnames) {
		const char *name = names[(*index)++].name;
		if (!strncasecmp(name, prefix, n)) return name;
	}
	return NULL;
}

void namesReplace(const char *list)
{
	char *copy = xstrdup(list), *save = NULL;
	for (size_t i = 0; i < nnames; i++) free(names[i].name);
	nnames = 0;
	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		namesAdd(w + (*w == WIRE_VERIFIED), *w == WIRE_VERIFIED);
	}
	free(copy);
}

/* Only a server that marks verified names can say that one is not; an
 * address name is the server's own and cannot be taken by anyone else. */
bool namesUnverified(const char *name)
{
	if (!namesMarks || !wireNameValid(name)) return false;
	ssize_t i = namesFind(name);
	return i < 0 || !names[i].verified;
}

void namesShowList(char *buf, size_t size, const char *list)
{
	size_t n = 0;
	buf[0] = '\0';
	char word[CHAT_ADDRNAME_MAX + 1], shown[NAMES_SHOW_SIZE];
	for (const char *w = list; *w && n + 1 < size; ) {
		while (*w == ' ') w++;
		size_t len = strcspn(w, " ");
		if (!len) break;
		bool verified = *w == WIRE_VERIFIED;
		snprintf(word, sizeof(word), "%.*s", (int)(len - verified), w + verified);
		w += len;
		snprintf(shown, sizeof(shown), "%s%s", word,
		    namesMarks && !verified && wireNameValid(word) ? NAMES_UNVERIFIED : "");
		int k = snprintf(buf + n, size - n, "%s%s", n ? " " : "", shown);
		if (k < 0 || (size_t)k >= size - n) break;
		n += k;
	}
}
