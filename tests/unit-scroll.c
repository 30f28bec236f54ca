/* unit-scroll.c: unit tests for the scrollback ring and positions in scroll.c,
 * and the entries of entry.c it holds.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "unit.h"

/* tui.c's, which this test does not link: entry.c reads it. */
bool tuiUtf8 = true;


static uint64_t push(struct scroll *sb, const char *text)
{
	return scrollPush(sb, entryNew(text, strlen(text)));
}

static void ring(void)
{
	struct scroll sb;
	scrollInit(&sb, 3);
	CHECK(scrollEmpty(&sb));
	uint64_t a = push(&sb, "a");
	push(&sb, "b");
	push(&sb, "c");
	CHECK(!strcmp(scrollGet(&sb, a)->text, "a"));
	/* The fourth evicts the oldest; sequence numbers go on. */
	uint64_t d = push(&sb, "d");
	CHECK(d == a + 3);
	CHECK(scrollGet(&sb, a) == NULL);
	CHECK(!strcmp(scrollGet(&sb, a + 1)->text, "b"));
	CHECK(!strcmp(scrollGet(&sb, d)->text, "d"));
	CHECK(scrollGet(&sb, d + 1) == NULL);
	CHECK(sb.next - sb.first == 3);
	for (int i = 0; i < 1000; i++) push(&sb, "x");
	CHECK(sb.next - sb.first == 3);
	scrollClear(&sb);
	CHECK(scrollEmpty(&sb));
	CHECK(scrollGet(&sb, d) == NULL);
	uint64_t e = push(&sb, "e");
	CHECK(e > d);
	scrollFree(&sb);
}

static void rows(void)
{
	struct entry *e = entryNew("0123456789abcdefghij", 20);
	CHECK(entryRows(e, 10) == 2);
	CHECK(entryRows(e, 5) == 4);
	CHECK(entryRows(e, 20) == 1);
	CHECK(entryRows(e, 0) == 20);
	free(e);
}

static void positions(void)
{
	struct scroll sb;
	scrollInit(&sb, 10);
	/* Rows at width 10: a = 1, b = 3, c = 2. */
	uint64_t a = push(&sb, "a");
	uint64_t b = push(&sb, "bbbbbbbbbbbbbbbbbbbbbbbbb");
	uint64_t c = push(&sb, "cccccccccccc");
	struct scrollPos pos = scrollLast(&sb, 10);
	CHECK(pos.seq == c && pos.row == 1);
	CHECK(scrollMove(&sb, &pos, -1, 10) == 1);
	CHECK(pos.seq == c && pos.row == 0);
	CHECK(scrollMove(&sb, &pos, -2, 10) == 2);
	CHECK(pos.seq == b && pos.row == 1);
	/* Up past the top stops at the first row of the oldest entry. */
	CHECK(scrollMove(&sb, &pos, -100, 10) == 2);
	CHECK(pos.seq == a && pos.row == 0);
	CHECK(scrollMove(&sb, &pos, -1, 10) == 0);
	/* Down past the end stops at the last row. */
	CHECK(scrollMove(&sb, &pos, 100, 10) == 5);
	CHECK(pos.seq == c && pos.row == 1);
	/* A narrower window has more rows; a position is clamped to them. */
	pos = (struct scrollPos) { b, 2 };
	CHECK(scrollMove(&sb, &pos, 0, 30) == 0);
	CHECK(pos.seq == b && pos.row == 0);
	/* A position whose entry was evicted moves to the oldest. */
	for (int i = 0; i < 10; i++) push(&sb, "z");
	pos = (struct scrollPos) { a, 0 };
	scrollClamp(&sb, &pos, 10);
	CHECK(pos.seq == sb.first && pos.row == 0);
	scrollFree(&sb);
	/* An empty scrollback has nowhere to go. */
	scrollInit(&sb, 4);
	pos = scrollLast(&sb, 10);
	CHECK(scrollMove(&sb, &pos, -5, 10) == 0);
	scrollFree(&sb);
}

/* Joins and quits hidden by M-j take no row: positions step over them,
 * and a position left on one moves to the entry shown above it. */
static void hidden(void)
{
	struct scroll sb;
	scrollInit(&sb, 16);
	uint64_t a = push(&sb, "a");
	uint64_t j1 = push(&sb, "j1");
	uint64_t b = push(&sb, "b");
	uint64_t j2 = push(&sb, "j2");
	uint64_t j3 = push(&sb, "j3");
	scrollGet(&sb, j1)->flags |= ENTRY_JOIN;
	scrollGet(&sb, j2)->flags |= ENTRY_JOIN | ENTRY_QUIET;
	scrollGet(&sb, j3)->flags |= ENTRY_JOIN;
	struct scrollPos pos = scrollLast(&sb, 10);
	CHECK(pos.seq == j3);
	entryJoinsShow(JOINS_SMART);
	CHECK(entryRows(scrollGet(&sb, j2), 10) == 0 && entryRows(scrollGet(&sb, j3), 10) == 1);
	entryJoinsShow(JOINS_HIDDEN);
	CHECK(entryRows(scrollGet(&sb, j1), 10) == 0);
	pos = scrollLast(&sb, 10);
	CHECK(pos.seq == b && pos.row == 0);
	CHECK(scrollMove(&sb, &pos, -1, 10) == 1 && pos.seq == a);
	CHECK(scrollMove(&sb, &pos, -1, 10) == 0 && pos.seq == a);
	CHECK(scrollMove(&sb, &pos, 5, 10) == 1 && pos.seq == b);
	pos = (struct scrollPos) { j2, 0 };
	scrollClamp(&sb, &pos, 10);
	CHECK(pos.seq == b);
	pos = (struct scrollPos) { j1, 0 };
	scrollClamp(&sb, &pos, 10);
	CHECK(pos.seq == a);
	/* Nothing shown: the position stays put, and nothing moves. */
	scrollClear(&sb);
	uint64_t j4 = push(&sb, "j4");
	scrollGet(&sb, j4)->flags |= ENTRY_JOIN;
	push(&sb, "j5");
	scrollGet(&sb, j4 + 1)->flags |= ENTRY_JOIN;
	pos = scrollLast(&sb, 10);
	CHECK(pos.seq == j4 + 1 && pos.row == 0);
	CHECK(scrollMove(&sb, &pos, -3, 10) == 0 && scrollMove(&sb, &pos, 3, 10) == 0);
	entryJoinsShow(JOINS_SHOWN);
	scrollFree(&sb);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	ring();
	rows();
	positions();
	hidden();
	return unitStatus();
}
