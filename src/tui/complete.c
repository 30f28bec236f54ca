/* complete.c: Tab and Shift-Tab cycle through names, as in IRC clients.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Readline's own completion lists the choices, which belongs nowhere in a
 * chat: here Tab replaces the word before the cursor with the next match,
 * the people who spoke last first, and nothing is ever printed.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <readline/readline.h>

#include "tui.h"

enum { RECENT_MAX = 64 };

/* Who spoke, the latest first. */
static char recent[RECENT_MAX][CHAT_ADDRNAME_MAX + 1];
static size_t nrecent;

/* The cycle in progress: valid while the line is what we left it. */
static struct {
	char **list;
	size_t n, index;
	int start, end;
	char *line;
} cyc;

static void recentRemove(const char *name)
{
	for (size_t i = 0; i < nrecent; i++) {
		if (wireNameCompare(recent[i], name)) continue;
		memmove(recent[i], recent[i + 1], (nrecent - i - 1) * sizeof(recent[0]));
		nrecent--;
		return;
	}
}

void completeSpoke(const char *name)
{
	if (!*name || strlen(name) > CHAT_ADDRNAME_MAX) return;
	recentRemove(name);
	if (nrecent == RECENT_MAX) nrecent--;
	memmove(recent[1], recent[0], nrecent * sizeof(recent[0]));
	snprintf(recent[0], sizeof(recent[0]), "%s", name);
	nrecent++;
}

void completeRename(const char *old, const char *name)
{
	for (size_t i = 0; i < nrecent; i++) {
		if (!wireNameCompare(recent[i], old)) {
			snprintf(recent[i], sizeof(recent[i]), "%s", name);
		}
	}
}

static void cycleFree(void)
{
	for (size_t i = 0; i < cyc.n; i++) free(cyc.list[i]);
	free(cyc.list);
	free(cyc.line);
	memset(&cyc, 0, sizeof(cyc));
}

static bool listed(const char *name)
{
	for (size_t i = 0; i < cyc.n; i++) {
		if (!strcasecmp(cyc.list[i], name)) return true;
	}
	return false;
}

static void candidate(const char *word, const char *suffix)
{
	size_t len = strlen(word) + strlen(suffix) + 1;
	char *s = xmalloc(len);
	snprintf(s, len, "%s%s", word, suffix);
	if (listed(s)) {
		free(s);
		return;
	}
	cyc.list = xrealloc(cyc.list, (cyc.n + 1) * sizeof(*cyc.list));
	cyc.list[cyc.n++] = s;
}

static bool isSelf(const char *name)
{
	return !wireNameCompare(name, namesSelf);
}

/* Speakers still in the room first, then the others, you last. */
static void candidates(const char *prefix, bool lineStart)
{
	const char *suffix = lineStart ? ": " : " ";
	size_t n = strlen(prefix), i = 0;
	const char *m;
	if (lineStart && prefix[0] == '/') {
		while ((m = typedMatch(prefix, &i))) candidate(m, " ");
		return;
	}
	for (size_t r = 0; r < nrecent; r++) {
		if (strncasecmp(recent[r], prefix, n) || isSelf(recent[r])) continue;
		if (namesHas(recent[r])) candidate(recent[r], suffix);
	}
	while ((m = namesMatch(prefix, &i))) {
		if (!isSelf(m)) candidate(m, suffix);
	}
	i = 0;
	while ((m = namesMatch(prefix, &i))) candidate(m, suffix);
}

static bool cycling(void)
{
	return cyc.n && cyc.line && rl_point == cyc.end && !strcmp(cyc.line, rl_line_buffer);
}

static void start(void)
{
	cycleFree();
	int s = rl_point;
	while (s > 0 && rl_line_buffer[s - 1] != ' ') s--;
	char *prefix = xmalloc(rl_point - s + 1);
	memcpy(prefix, rl_line_buffer + s, rl_point - s);
	prefix[rl_point - s] = '\0';
	candidates(prefix, s == 0);
	free(prefix);
	cyc.start = s;
	cyc.end = rl_point;
}

static void put(size_t index)
{
	cyc.index = index;
	rl_delete_text(cyc.start, cyc.end);
	rl_point = cyc.start;
	rl_insert_text(cyc.list[index]);
	cyc.end = rl_point;
	free(cyc.line);
	cyc.line = xstrdup(rl_line_buffer);
	uiDirtyInput();
}

static int step(int dir)
{
	if (!cycling()) {
		start();
		if (!cyc.n) return 0;
		put(dir > 0 ? 0 : cyc.n - 1);
		return 0;
	}
	put((cyc.index + cyc.n + dir) % cyc.n);
	return 0;
}

static int next(int count, int key)
{
	return step(+1);
}

static int prev(int count, int key)
{
	return step(-1);
}

void completeInit(void)
{
	rl_bind_key('\t', next);
	rl_bind_keyseq("\\e[Z", prev);
}

void completeFree(void)
{
	cycleFree();
}
