/* search.c: searching the scrollback: the search mode (M-/) and /grep.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ctrl-R stays readline's history search, so the scrollback has a mode
 * of its own, entered with M-/: what you type is the query, and the view
 * jumps from match to match.  The matches are kept as a list of entries:
 * typing one more character only filters it, and lines that arrive are
 * scanned once, so even a 100,000-line scrollback answers at once.
 * Matching ignores ASCII case; other characters match as they are.
 */
#include <config.h>

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <readline/readline.h>

#include "tui.h"

enum { QUERY_MAX = 256, GREP_MAX = 100 };

static bool active;
static bool pendingEsc;
static char typed[QUERY_MAX];   /* as typed, to show */
static char query[QUERY_MAX];   /* folded: ASCII in lower case */
static size_t qlen;

/* The entries that match, oldest first; hits[head] is the oldest still
 * in the scrollback.  Entries from scanned onwards are not looked at yet. */
static uint64_t *hits;
static size_t nhits, head, capHits, cur;
static uint64_t scanned;

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Where the folded q (m > 0 bytes) first occurs in s, or NULL. */
static const char *findFolded(const char *s, size_t n, const char *q, size_t m)
{
	if (m > n) return NULL;
	unsigned char a = q[0];
	unsigned char b = a >= 'a' && a <= 'z' ? a - ('a' - 'A') : a;
	const char *last = s + n - m;
	for (const char *p = s; p <= last; p++) {
		if ((unsigned char)*p != a && (unsigned char)*p != b) continue;
		size_t i = 1;
		while (i < m && fold(p[i]) == (unsigned char)q[i]) i++;
		if (i == m) return p;
	}
	return NULL;
}

/* The timestamp is never searched: every line would match "12". */
static bool entryHas(const struct entry *e, const char *q, size_t m)
{
	return findFolded(e->text + e->stampLen, e->len - e->stampLen, q, m) != NULL;
}

bool searchActive(void)
{
	return active;
}

/* A match that a row break cuts in two shows on both rows. */
bool searchSpan(const struct entry *e, size_t from, size_t *start, size_t *end)
{
	if (!active || !qlen) return false;
	size_t at = from >= qlen ? from - qlen + 1 : 0;
	if (at < e->stampLen) at = e->stampLen;
	while (at < e->len) {
		const char *p = findFolded(e->text + at, e->len - at, query, qlen);
		if (!p) return false;
		size_t s = p - e->text;
		if (s + qlen > from) {
			*start = s > from ? s : from;
			*end = s + qlen;
			return true;
		}
		at = s + 1;
	}
	return false;
}

static void hitAdd(uint64_t seq)
{
	if (nhits == capHits) {
		capHits = capHits ? 2 * capHits : 256;
		hits = xrealloc(hits, capHits * sizeof(*hits));
	}
	hits[nhits++] = seq;
}

/* Forgets entries the full ring dropped, and scans those that came. */
static void catchUp(void)
{
	const struct scroll *sb = uiScrollback();
	while (head < nhits && hits[head] < sb->first) head++;
	if (cur < head) cur = head;
	if (scanned < sb->first) scanned = sb->first;
	if (!qlen) {
		scanned = sb->next;
		return;
	}
	for (; scanned < sb->next; scanned++) {
		const struct entry *e = scrollGet(sb, scanned);
		if (e && entryHas(e, query, qlen)) hitAdd(scanned);
	}
}

static void rescan(void)
{
	nhits = head = cur = 0;
	scanned = uiScrollback()->first;
	catchUp();
}

/* The query grew: only the entries that matched can still match. */
static void refilter(void)
{
	catchUp();
	size_t n = 0;
	for (size_t i = head; i < nhits; i++) {
		const struct entry *e = scrollGet(uiScrollback(), hits[i]);
		if (e && entryHas(e, query, qlen)) hits[n++] = hits[i];
	}
	nhits = n;
	head = cur = 0;
}

static void show(void)
{
	if (cur < nhits) uiShow(hits[cur]);
	uiDirtyScroll();
	uiDirtyInput();
}

/* The newest match, as if searching backwards from the end. */
static void queryChanged(bool grew)
{
	if (grew && qlen > 1) refilter();
	else rescan();
	cur = nhits ? nhits - 1 : 0;
	if (nhits > head) show();
	uiDirtyScroll();
	uiDirtyInput();
}

static void older(void)
{
	catchUp();
	if (cur > head && cur < nhits) cur--;
	show();
}

static void newer(void)
{
	catchUp();
	if (cur + 1 < nhits) cur++;
	show();
}

static void addChar(wint_t ch)
{
	char buf[MB_LEN_MAX];
	mbstate_t ps;
	memset(&ps, 0, sizeof(ps));
	size_t n = wcrtomb(buf, (wchar_t)ch, &ps);
	if (n == (size_t)-1 || qlen + n >= sizeof(query)) return;
	for (size_t i = 0; i < n; i++, qlen++) {
		typed[qlen] = buf[i];
		query[qlen] = fold(buf[i]);
	}
	typed[qlen] = query[qlen] = '\0';
	queryChanged(true);
}

static void deleteChar(void)
{
	if (!qlen) return;
	do qlen--; while (qlen && ((unsigned char)query[qlen] & 0xC0) == 0x80);
	typed[qlen] = query[qlen] = '\0';
	queryChanged(false);
}

static void stop(void)
{
	active = pendingEsc = false;
	uiDirtyScroll();
	uiDirtyInput();
}

/* Esc and C-g go back to the end; Enter stays where the match is. */
void searchCancel(void)
{
	if (!active) return;
	stop();
	uiBottom();
}

static int start(int count, int key)
{
	active = true;
	pendingEsc = false;
	qlen = 0;
	typed[0] = query[0] = '\0';
	rescan();
	uiDirtyInput();
	return 0;
}

static void onKeyCode(int key)
{
	switch (key) {
	case KEY_UP: older(); break;
	case KEY_DOWN: newer(); break;
	case KEY_BACKSPACE: deleteChar(); break;
	case KEY_ENTER: stop(); break;
	case KEY_PPAGE: uiPageUp(); break;
	case KEY_NPAGE: uiPageDown(); break;
	}
}

/* M-/, M-p: older; M-n: newer; any other Meta key leaves. */
static void onMeta(wint_t ch)
{
	if (ch == '/' || ch == 'p') older();
	else if (ch == 'n') newer();
	else searchCancel();
}

static void onChar(wint_t ch)
{
	if (pendingEsc) {
		pendingEsc = false;
		onMeta(ch);
		return;
	}
	switch (ch) {
	case 033: pendingEsc = true; break;
	case 'G' & 037: searchCancel(); break;
	case 'R' & 037: case 'P' & 037: older(); break;
	case 'N' & 037: newer(); break;
	case 'U' & 037: qlen = 0; typed[0] = query[0] = '\0'; queryChanged(false); break;
	case 'L' & 037: uiRedraw(); break;
	case '\r': case '\n': stop(); break;
	case 0x7F: case '\b': deleteChar(); break;
	default:
		if (ch >= 0x20) addChar(ch);
	}
}

void searchInput(bool code, int key, wint_t ch)
{
	if (code) onKeyCode(key);
	else onChar(ch);
}

/* An Esc with nothing after it in the same read is the Esc key. */
void searchIdle(void)
{
	if (active && pendingEsc) searchCancel();
}

size_t searchPrompt(char *buf, size_t size)
{
	catchUp();
	if (!qlen) return snprintf(buf, size, "%s", _("search: "));
	if (nhits <= head) {
		/* TRANSLATORS: the input line in search mode, then what is sought. */
		return snprintf(buf, size, _("search, no match: %s"), typed);
	}
	/* TRANSLATORS: the input line in search mode: which match of how
	 * many (3/17), then what is sought. */
	return snprintf(buf, size, _("search %zu/%zu: %s"), cur - head + 1, nhits - head, typed);
}

/* /grep WORD: copies of the matching lines, newest last, as irssi's /lastlog. */
void searchGrep(const char *word)
{
	char q[QUERY_MAX];
	size_t m = 0;
	for (; word[m] && m + 1 < sizeof(q); m++) q[m] = fold(word[m]);
	q[m] = '\0';
	if (!m) {
		uiPush(entryNotice(KIND_ERROR, "%s", _("Usage: /grep WORD")));
		return;
	}
	const struct scroll *sb = uiScrollback();
	uint64_t found[GREP_MAX];
	size_t n = 0, total = 0;
	for (uint64_t seq = sb->next; seq-- > sb->first;) {
		const struct entry *e = scrollGet(sb, seq);
		if (!e || !entryHas(e, q, m)) continue;
		if (n < GREP_MAX) found[n++] = seq;
		total++;
	}
	if (!total) {
		/* TRANSLATORS: %s is the word sought with /grep. */
		uiPush(entryNotice(KIND_NOTICE, _("No line contains '%s'."), word));
		return;
	}
	/* Copied before any is added: a full ring drops the oldest. */
	struct entry *copies[GREP_MAX];
	for (size_t i = 0; i < n; i++) copies[i] = entryCopy(scrollGet(sb, found[i]));
	/* TRANSLATORS: /grep; %s is the word, %zu how many lines contain it. */
	uiPush(entryNotice(KIND_NOTICE, _("Lines that contain '%s': %zu"), word, total));
	if (total > n) {
		/* TRANSLATORS: /grep found more lines than it lists. */
		uiPush(entryNotice(KIND_NOTICE, _("The last %zu of them (M-/ searches them all):"), n));
	}
	while (n--) uiPush(copies[n]);
}

void searchInit(void)
{
	rl_bind_keyseq("\\e/", start);
}

void searchFree(void)
{
	free(hits);
	hits = NULL;
	nhits = head = capHits = 0;
}
