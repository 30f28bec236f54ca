/* view.c: what the pane shows: timestamps (M-t); joins and quits (M-j,
 * --hide-joins), all of them or only those of people who did not speak
 * lately (the smart filter, as WeeChat has it).
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Entries keep everything they were made with; hiding a part of them is
 * a matter of how entry.c measures and ui.c draws them, so that a key
 * brings it all back at once.  Whether a join or quit is "quiet" is
 * decided as it comes, so every entry is marked whichever way they are
 * shown at the time.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <readline/readline.h>

#include "tui.h"

enum {
	SMART_DELAY = 5 * 60,   /* s: a quit shows if its name spoke this lately */
	JOIN_UNMASK = 30 * 60,  /* s: a join shows once its name speaks this soon */
	SEEN_MAX = 256,         /* names remembered, those heard of last kept */
};

static enum entryJoins chosen = JOINS_HIDDEN;   /* what M-j hides */
static bool hiding;

static struct seen {
	char name[CHAT_ADDRNAME_MAX + 1];
	time_t spoke;           /* 0: not heard */
	time_t joined;
	uint64_t join;          /* its quiet join's entry; 0: none */
	time_t used;            /* for evicting the one heard of longest ago */
} seen[SEEN_MAX];
static size_t nseen, lastHit;

/* A flood comes mostly from one name: look there first. */
static struct seen *find(const char *name, bool add)
{
	if (lastHit < nseen && !wireNameCompare(seen[lastHit].name, name)) return &seen[lastHit];
	size_t oldest = 0;
	for (size_t i = 0; i < nseen; i++) {
		if (!wireNameCompare(seen[i].name, name)) return &seen[lastHit = i];
		if (seen[i].used < seen[oldest].used) oldest = i;
	}
	if (!add) return NULL;
	size_t i = nseen < SEEN_MAX ? nseen++ : oldest;
	memset(&seen[i], 0, sizeof(seen[i]));
	snprintf(seen[i].name, sizeof(seen[i].name), "%s", name);
	return &seen[lastHit = i];
}

void viewSpoke(const char *name)
{
	time_t now = time(NULL);
	struct seen *s = find(name, true);
	s->spoke = s->used = now;
	if (!s->join) return;
	/* Its join was hidden as quiet: it spoke, so it was not. */
	struct entry *e = scrollGet(uiScrollback(), s->join);
	if (e && now - s->joined <= JOIN_UNMASK) {
		e->flags &= ~ENTRY_QUIET;
		uiDirtyScroll();
	}
	s->join = 0;
}

void viewJoined(const char *name, uint64_t seq)
{
	struct seen *s = find(name, true);
	s->joined = s->used = time(NULL);
	s->join = seq;
}

bool viewQuiet(const char *name)
{
	struct seen *s = find(name, false);
	return !s || !s->spoke || time(NULL) - s->spoke > SMART_DELAY;
}

void viewRename(const char *old, const char *name)
{
	struct seen *s = find(old, false);
	if (s) snprintf(s->name, sizeof(s->name), "%s", name);
}

bool viewHideJoins(const char *how)
{
	if (!how || !strcmp(how, "all")) chosen = JOINS_HIDDEN;
	else if (!strcmp(how, "smart")) chosen = JOINS_SMART;
	else return false;
	hiding = true;
	entryJoinsShow(chosen);
	return true;
}

/* Every row changes: repainted whole, rather than patched by curses
 * with deletions that shift each row. */
static int toggleStamps(int count, int key)
{
	entryStampsToggle();
	uiRedraw();
	return 0;
}

static int toggleJoins(int count, int key)
{
	hiding = !hiding;
	entryJoinsShow(hiding ? chosen : JOINS_SHOWN);
	uiRedraw();
	return 0;
}

void viewInit(void)
{
	rl_bind_keyseq("\\et", toggleStamps);
	rl_bind_keyseq("\\ej", toggleJoins);
}
