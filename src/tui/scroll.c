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

struct scrollPos scrollLast(struct scroll *sb, int width)
{
	struct scrollPos pos = { sb->next - 1, 0 };
	struct entry *e = scrollGet(sb, pos.seq);
	if (e) pos.row = entryRows(e, width) - 1;
	return pos;
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
		} else if (pos->seq > sb->first) {
			pos->seq--;
			pos->row = entryRows(scrollGet(sb, pos->seq), width) - 1;
			moved++;
		} else {
			break;
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
		} else if (pos->seq + 1 < sb->next) {
			pos->seq++;
			pos->row = 0;
			moved++;
		} else {
			break;
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
