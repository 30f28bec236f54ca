/* scroll.c: the bounded scrollback ring and positions in its wrapped rows.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "tui.h"

void scrollInit(struct scroll *sb, size_t cap)
{
	sb->cap = cap ? cap : 1;
	sb->ring = xcalloc(sb->cap, sizeof(*sb->ring));
	sb->first = sb->next = 1;
}

void scrollClear(struct scroll *sb)
{
	for (uint64_t seq = sb->first; seq < sb->next; seq++) {
		free(sb->ring[seq % sb->cap]);
		sb->ring[seq % sb->cap] = NULL;
	}
	sb->first = sb->next;
}

void scrollFree(struct scroll *sb)
{
	scrollClear(sb);
	free(sb->ring);
	sb->ring = NULL;
}

uint64_t scrollPush(struct scroll *sb, struct entry *e)
{
	if (sb->next - sb->first == sb->cap) {
		free(sb->ring[sb->first % sb->cap]);
		sb->first++;
	}
	sb->ring[sb->next % sb->cap] = e;
	return sb->next++;
}

bool scrollReplace(struct scroll *sb, uint64_t seq, struct entry *e)
{
	if (seq < sb->first || seq >= sb->next) return false;
	free(sb->ring[seq % sb->cap]);
	sb->ring[seq % sb->cap] = e;
	return true;
}

struct entry *scrollGet(const struct scroll *sb, uint64_t seq)
{
	if (seq < sb->first || seq >= sb->next) return NULL;
	return sb->ring[seq % sb->cap];
}

bool scrollEmpty(const struct scroll *sb)
{
	return sb->first == sb->next;
}

/* Hidden entries (entryRows 0) hold no position while any entry shows:
 * every function below steps over them. */
struct scrollPos scrollLast(struct scroll *sb, int width)
{
	for (uint64_t seq = sb->next; seq-- > sb->first;) {
		int rows = entryRows(scrollGet(sb, seq), width);
		if (rows) return (struct scrollPos) { seq, rows - 1 };
	}
	return (struct scrollPos) { sb->next - 1, 0 };
}

/* Moves pos to the nearest entry shown, above it first; its row count,
 * or 0 when none is shown. */
static int nearestShown(struct scroll *sb, struct scrollPos *pos, int width)
{
	for (uint64_t seq = pos->seq; seq-- > sb->first;) {
		int rows = entryRows(scrollGet(sb, seq), width);
		if (rows) return *pos = (struct scrollPos) { seq, rows - 1 }, rows;
	}
	for (uint64_t seq = pos->seq + 1; seq < sb->next; seq++) {
		int rows = entryRows(scrollGet(sb, seq), width);
		if (rows) return *pos = (struct scrollPos) { seq, 0 }, rows;
	}
	return 0;
}

/* Keeps pos on an existing row, after evictions or a change of width. */
void scrollClamp(struct scroll *sb, struct scrollPos *pos, int width)
{
	if (scrollEmpty(sb)) {
		pos->seq = sb->first;
		pos->row = 0;
		return;
	}
	if (pos->seq < sb->first) *pos = (struct scrollPos) { sb->first, 0 };
	if (pos->seq >= sb->next) *pos = scrollLast(sb, width);
	int rows = entryRows(scrollGet(sb, pos->seq), width);
	if (!rows) rows = nearestShown(sb, pos, width);
	if (pos->row >= rows) pos->row = rows - 1;
	if (pos->row < 0) pos->row = 0;
}

static int moveUp(struct scroll *sb, struct scrollPos *pos, int n, int width)
{
	int moved = 0;
	while (moved < n) {
		if (pos->row > 0) {
			int step = pos->row < n - moved ? pos->row : n - moved;
			pos->row -= step;
			moved += step;
		} else {
			uint64_t seq = pos->seq;
			int rows = 0;
			while (!rows && seq > sb->first) rows = entryRows(scrollGet(sb, --seq), width);
			if (!rows) break;
			*pos = (struct scrollPos) { seq, rows - 1 };
			moved++;
		}
	}
	return moved;
}

static int moveDown(struct scroll *sb, struct scrollPos *pos, int n, int width)
{
	int moved = 0;
	while (moved < n) {
		int rows = entryRows(scrollGet(sb, pos->seq), width);
		if (pos->row < rows - 1) {
			int left = rows - 1 - pos->row;
			int step = left < n - moved ? left : n - moved;
			pos->row += step;
			moved += step;
		} else {
			uint64_t seq = pos->seq;
			int next = 0;
			while (!next && seq + 1 < sb->next) next = entryRows(scrollGet(sb, ++seq), width);
			if (!next) break;
			*pos = (struct scrollPos) { seq, 0 };
			moved++;
		}
	}
	return moved;
}

int scrollMove(struct scroll *sb, struct scrollPos *pos, int delta, int width)
{
	scrollClamp(sb, pos, width);
	if (scrollEmpty(sb)) return 0;
	return delta < 0
	    ? moveUp(sb, pos, -delta, width)
	    : moveDown(sb, pos, delta, width);
}
