/* unread.c: where you stopped reading: the marker line, M-u, M-n and M-p.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The marker is set when the terminal loses focus (it reports that with
 * CSI ?1004 on), or when you scroll away from the end while no marker is
 * pending; it stays where it is until the next time, so that coming back
 * and scrolling up to it does not move it.  Lines counted as unread are
 * those that arrived while you were away, not old ones below the view.
 */
#include <config.h>

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

void unreadInit(void)
{
	rl_bind_keyseq("\\eu", jumpMarker);
	rl_bind_keyseq("\\ep", previousMention);
	rl_bind_keyseq("\\en", nextMention);
}
