/* unread.c: where you stopped reading: the marker line, M-u, M-n and M-p.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The marker is set when the terminal loses focus (it reports that with
 * CSI ?1004 on), or when you scroll away from the end while no marker is
 * pending; it stays where it is until the next time, so that coming back
 * and scrolling up to it does not move it.  Lines counted as unread are
 * those that arrived while you were away, not old ones below the view.
 *
 * Across runs, the marker is a line ID (which the server gives every room
 * line, see resume.c): at exit, that of the last room line read (the
 * marker's while the terminal does not have the focus, else the view's
 * bottom or the end) goes into the state file "read", a "HOST:PORT ID"
 * line per server; on the next run the marker goes after that line when
 * the replay has it, or before the first later one.
 */
#include <config.h>

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include "tui.h"

static uint64_t marker;         /* the last entry read; 0: none */
static bool away;               /* the terminal does not have the focus */
static bool focusKnown;         /* it has reported the focus at all */
static uint64_t arrived;        /* lines that came while away */
static uint64_t mentionAt;      /* the mention M-p or M-n went to last */

static void mark(void)
{
	const struct scroll *sb = uiScrollback();
	marker = sb->next > sb->first ? sb->next - 1 : 0;
	uiDirtyScroll();
}

/* Whether lines came after the marker, so that it has a place to show. */
static bool pending(void)
{
	const struct scroll *sb = uiScrollback();
	return marker && marker >= sb->first && marker + 1 < sb->next;
}

uint64_t unreadMarker(void)
{
	return pending() ? marker : 0;
}

/* Whether you are looking: the terminal said it has the focus. */
bool unreadPresent(void)
{
	return focusKnown && !away;
}

void unreadFocus(bool in)
{
	focusKnown = true;
	if (in == !away) return;
	away = !in;
	if (away) {
		arrived = 0;
		mark();
	}
	uiDirtyStatus();
}

void unreadScrolled(void)
{
	if (!pending()) mark();
}

void unreadArrived(const struct entry *e)
{
	if (!away || (e->flags & ENTRY_HISTORY) || e->kind == KIND_SELF || entryHidden(e)) return;
	arrived++;
}

uint64_t unreadCount(void)
{
	return arrived;
}

/* You spoke: you have read what came. */
void unreadSeen(void)
{
	if (arrived) uiDirtyStatus();
	arrived = 0;
}

static int jumpMarker(int count, int key)
{
	if (pending()) uiShow(marker + 1);
	return 0;
}

static bool mentionIn(const struct scroll *sb, uint64_t seq)
{
	const struct entry *e = scrollGet(sb, seq);
	return e && (e->flags & ENTRY_MENTION);
}

/* From the mention shown last, or the view's last row, or the end. */
static int previousMention(int count, int key)
{
	const struct scroll *sb = uiScrollback();
	uint64_t view = uiViewSeq(), from = sb->next;
	if (view != UINT64_MAX) {
		bool shown = mentionAt >= sb->first && mentionAt < sb->next;
		from = shown ? mentionAt : view + 1;
	}
	for (uint64_t seq = from; seq-- > sb->first;) {
		if (!mentionIn(sb, seq)) continue;
		mentionAt = seq;
		uiShow(seq);
		return 0;
	}
	return 0;
}

static int nextMention(int count, int key)
{
	const struct scroll *sb = uiScrollback();
	if (uiViewSeq() == UINT64_MAX || mentionAt < sb->first || mentionAt >= sb->next) return 0;
	for (uint64_t seq = mentionAt + 1; seq < sb->next; seq++) {
		if (!mentionIn(sb, seq)) continue;
		mentionAt = seq;
		uiShow(seq);
		return 0;
	}
	mentionAt = 0;
	uiBottom();
	return 0;
}

enum { READ_SERVERS = 100 };     /* servers the state file remembers */

static uint64_t lastRead;       /* from the file: this server's; 0: none */
static uint64_t restoreLast;    /* the newest line when we joined */

static char *readPath(void)
{
	return fileStatePath("chat-tui", "read");
}

void unreadLoad(void)
{
	char name[1100], line[1200];
	knownName(name, sizeof(name), tuiOpt.host, tuiOpt.port);
	char *path = readPath();
	FILE *f = fopen(path, "r");
	free(path);
	if (!f) return;
	size_t n = strlen(name);
	while (fgets(line, sizeof(line), f)) {
		long long id;
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, name, n) || line[n] != ' ') continue;
		if (utilParseNumber(line + n + 1, 1, WIRE_ID_MAX, &id)) lastRead = id;
	}
	fclose(f);
}

/* Only the lines there were when we joined can hold the marker: one
 * that comes later is read or not as you are there or not.  A server
 * restarted without its --log numbers from 1 again. */
void unreadIds(uint64_t last)
{
	restoreLast = last;
	if (lastRead > last) lastRead = 0;
}

void unreadNumbered(uint64_t seq, uint64_t id)
{
	if (!lastRead || id < lastRead) return;
	if (id > restoreLast) {
		lastRead = 0;
		return;
	}
	marker = id == lastRead ? seq : seq - 1;
	lastRead = 0;
	uiDirtyScroll();
}

/* The ID of the last room line read, at or above the entry you read last. */
static uint64_t readId(void)
{
	const struct scroll *sb = uiScrollback();
	if (scrollEmpty(sb)) return 0;
	uint64_t seq = sb->next - 1, view = uiViewSeq();
	if (away && pending()) seq = marker;
	else if (view != UINT64_MAX) seq = view;
	for (; seq >= sb->first && seq < sb->next; seq--) {
		const struct entry *e = scrollGet(sb, seq);
		if (e->id) return e->id;
	}
	return 0;
}

struct readFile {
	const char *name;
	uint64_t id;
	char **lines;           /* the other servers', oldest first */
	size_t n;
};

static bool readFill(FILE *out, void *ctx)
{
	const struct readFile *r = ctx;
	size_t from = r->n >= READ_SERVERS ? r->n - READ_SERVERS + 1 : 0;
	for (size_t i = from; i < r->n; i++) fprintf(out, "%s\n", r->lines[i]);
	fprintf(out, "%s %llu\n", r->name, (unsigned long long)r->id);
	return !ferror(out);
}

void unreadSave(void)
{
	char name[1100], line[1200];
	struct readFile r = { .name = name, .id = readId() };
	if (!r.id) return;
	knownName(name, sizeof(name), tuiOpt.host, tuiOpt.port);
	size_t n = strlen(name);
	char *path = readPath();
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!*line || (!strncmp(line, name, n) && line[n] == ' ')) continue;
		r.lines = xrealloc(r.lines, (r.n + 1) * sizeof(*r.lines));
		r.lines[r.n++] = xstrdup(line);
	}
	if (f) fclose(f);
	/* At exit, with the terminal given back: a warning is all there is. */
	if (!fileReplace(path, readFill, &r)) warn("%s", path);
	for (size_t i = 0; i < r.n; i++) free(r.lines[i]);
	free(r.lines);
	free(path);
}

void unreadInit(void)
{
	rl_bind_keyseq("\\eu", jumpMarker);
	rl_bind_keyseq("\\ep", previousMention);
	rl_bind_keyseq("\\en", nextMention);
}
