/* resume.c: line IDs: what we have, resuming after a reconnect, gaps, acks.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A server whose hello says "ids" numbers every room line (see chat.h).
 * We answer the hello with "/since" (on a reconnection, we say
 * "/since HAVE" before it, so that the server's replay can leave out what
 * we have; a server that does not read it in time replays everything,
 * and what follows drops it all the same), and hold what comes before its answer
 * "-!- ids BASE FROM TO LAST": the replay among it came without IDs, but
 * they were FROM to TO, so we drop those we have and count those we
 * missed (after ours, before FROM).  Then:
 *
 *   have     every room line up to this ID is on screen, or was missed
 *            and said so;
 *   seen     IDs above have + 1 that are on screen already: lines of
 *            several senders may come slightly out of order, and our own
 *            come as acks ("-!- ok FIRST LAST");
 *   unacked  our own room lines written since "/since", oldest first,
 *            pending on screen until their ack.  After a reconnect, those
 *            found in the replay count as acked; the rest are sent again.
 *
 * Nothing here assigns an ID: only the server (its history, or the
 * cluster's stream) does.
 */
#include <config.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

enum {
	SEEN_MAX = 4096,        /* out-of-order IDs remembered */
	HOLD_MAX = 100000,      /* lines held waiting for the /since answer */
};

long resumeMaxLine = CHAT_LINE_MAX;

static bool on;                 /* this connection's server numbers lines */
static bool sinceSent;          /* "/since" is written: later lines get acks */
static bool holding;
static bool resumed;            /* have > 0 when the answer came */
static uint64_t have;
static uint64_t seen[SEEN_MAX];
static size_t nseen;

static char **held;
static size_t nheld, heldCap;

struct sent {
	uint64_t seq;
	char *text;             /* the wire line, without LF */
};
static struct sent *unacked;
static size_t nunacked, unackedCap, unackedHead;
static size_t stale;            /* of them, written on an earlier connection */
static bool chatServer;         /* this connection's server said hello */

/* Moves have up over the IDs seen just above it. */
static void settle(void)
{
	size_t i = 0;
	while (i < nseen && seen[i] <= have + 1) {
		if (seen[i] == have + 1) have++;
		i++;
	}
	memmove(seen, seen + i, (nseen - i) * sizeof(*seen));
	nseen -= i;
}

bool resumeSeen(uint64_t id)
{
	if (id <= have) return true;
	size_t lo = 0, hi = nseen;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (seen[mid] < id) lo = mid + 1;
		else hi = mid;
	}
	if (lo < nseen && seen[lo] == id) return true;
	if (nseen == SEEN_MAX) {
		/* Far out of order: give up on the oldest hole. */
		have = seen[0] - 1;
		settle();
		return resumeSeen(id);
	}
	memmove(seen + lo + 1, seen + lo, (nseen - lo) * sizeof(*seen));
	seen[lo] = id;
	nseen++;
	settle();
	return false;
}

/* How many IDs in (have, below) are not in seen. */
static uint64_t missing(uint64_t below)
{
	if (below <= have + 1) return 0;
	uint64_t n = below - have - 1;
	for (size_t i = 0; i < nseen && seen[i] < below; i++) n--;
	return n;
}

/* Everything up to id is accounted for. */
static void skipTo(uint64_t id)
{
	if (id <= have) return;
	have = id;
	settle();
}

static void heldFree(void)
{
	for (size_t i = 0; i < nheld; i++) free(held[i]);
	nheld = 0;
}

/* We asked before the hello, and no answer is coming: what was held is
 * shown as it came. */
static void resumeStop(void)
{
	on = holding = sinceSent = false;
	for (size_t i = 0; i < nheld; i++) handleLine(held[i], strlen(held[i]));
	heldFree();
}

void resumeConnected(void)
{
	on = sinceSent = holding = chatServer = false;
	heldFree();
	if (!have) return;      /* no server has numbered a line for us yet */
	char line[32];
	snprintf(line, sizeof(line), "/since %llu", (unsigned long long)have);
	on = holding = true;
	connSendFirst(line);
}

bool resumeChatServer(void)
{
	return chatServer;
}

bool resumeOn(void)
{
	return on;
}

void resumeHello(const char *caps)
{
	char value[32];
	long long max;
	resumeMaxLine = CHAT_LINE_MAX;
	chatServer = true;
	if (wireCap(caps, "max-line", value, sizeof(value)) &&
	    utilParseNumber(value, 16, CHAT_LINE_MAX, &max)) {
		resumeMaxLine = max;
	}
	if (!wireCap(caps, "ids", NULL, 0)) {
		resumeStop();           /* asked early, but it numbers no more */
		return;
	}
	if (on) return;
	on = holding = true;
	connSendFirst("/since");
}

void resumeSinceWritten(void)
{
	sinceSent = on;
}

bool resumeHold(const char *line, size_t len)
{
	if (!holding) return false;
	if (!chatServer) {
		resumeStop();           /* a chat-server's first line is its hello */
		return false;
	}
	if (nheld == HOLD_MAX) {
		holding = false;        /* no answer is coming: show them */
		return false;
	}
	if (nheld == heldCap) {
		heldCap = heldCap ? 2 * heldCap : 64;
		held = xrealloc(held, heldCap * sizeof(*held));
	}
	char *copy = xmalloc(len + 1);
	memcpy(copy, line, len);
	copy[len] = '\0';
	held[nheld++] = copy;
	return true;
}

static struct sent *unackedAt(size_t i)
{
	return &unacked[(unackedHead + i) % unackedCap];
}

static struct sent unackedPop(void)
{
	struct sent s = *unackedAt(0);
	unackedHead = (unackedHead + 1) % unackedCap;
	nunacked--;
	return s;
}

bool resumeWritten(uint64_t seq, const char *line, size_t len)
{
	if (!sinceSent || !seq) return false;
	if (nunacked == unackedCap) {
		size_t cap = unackedCap ? 2 * unackedCap : 16;
		struct sent *a = xmalloc(cap * sizeof(*a));
		for (size_t i = 0; i < nunacked; i++) a[i] = *unackedAt(i);
		free(unacked);
		unacked = a;
		unackedCap = cap;
		unackedHead = 0;
	}
	char *text = xmalloc(len + 1);
	memcpy(text, line, len);
	text[len] = '\0';
	*unackedAt(nunacked++) = (struct sent) { seq, text };
	return true;
}

size_t resumeWaiting(void)
{
	return nunacked;
}

void resumeOk(uint64_t first, uint64_t last)
{
	for (uint64_t id = first; id <= last && id >= first; id++) {
		resumeSeen(id);
		if (!nunacked) continue;
		struct sent s = unackedPop();
		uiPending(s.seq, false);
		uiNumbered(s.seq, id);
		free(s.text);
	}
	uiDirtyStatus();
}

void resumeRefused(void)
{
	if (!nunacked) return;
	struct sent s = unackedPop();
	uiFailed(s.seq);
	free(s.text);
	uiDirtyStatus();
}

/* A replayed line of ours that we had not seen acked: it was taken. */
static bool ownLine(const struct wireMsg *m)
{
	if (!stale) return false;
	const char *text = unackedAt(0)->text;
	if (m->type == WIRE_ACTION) {
		if (strncmp(text, "/me ", 4)) return false;
		text += 4;
	} else if (text[0] == '/') {
		text++;
	}
	if (strcmp(text, m->text)) return false;
	stale--;
	resumeOk(m->id, m->id);
	return true;
}

bool resumeReplayed(const struct wireMsg *m)
{
	if (!m->id) return false;
	if (ownLine(m)) return true;
	return resumeSeen(m->id);
}

bool resumeNew(void)
{
	return resumed;
}

/* n with the locale's thousands separator: "1,234". */
static void grouped(char *buf, size_t size, uint64_t n)
{
	char digits[24];
	const char *sep = localeconv()->thousands_sep;
	if (!sep || !*sep) sep = ",";
	int len = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)n);
	size_t out = 0, sl = strlen(sep);
	for (int i = 0; i < len && out + sl + 2 < size; i++) {
		if (i && (len - i) % 3 == 0) {
			memcpy(buf + out, sep, sl);
			out += sl;
		}
		buf[out++] = digits[i];
	}
	buf[out] = '\0';
}

static void gapNotice(uint64_t base, uint64_t from, uint64_t last)
{
	if (!have) {
		skipTo(from - 1);
		return;
	}
	if (last < have || have + 1 < base) {
		uiPush(entryNotice(KIND_ERROR, "%s",
		    _("The server lost its history: lines may be missing here.")));
		have = from - 1;
		nseen = 0;
		return;
	}
	uint64_t n = missing(from);
	if (n) {
		char count[48];
		grouped(count, sizeof(count), n);
		/* TRANSLATORS: a gap marker; %s is a number, with its thousands separators. */
		uiPush(entryNotice(KIND_ERROR, ngettext("%s line missed here",
		    "%s lines missed here", n), count));
	}
	skipTo(from - 1);
}

/* "[TIME] <NAME> TEXT" as "[TIME] #ID <NAME> TEXT". */
static void numbered(const char *line, uint64_t id)
{
	enum { TIME_LEN = sizeof("[2026-11-26T12:00:00Z] ") - 1 };
	size_t len = strlen(line);
	char *buf = xmalloc(len + WIRE_ID_SIZE);
	int n = snprintf(buf, len + WIRE_ID_SIZE, "%.*s#%llu %s", (int)TIME_LEN, line,
	    (unsigned long long)id, line + TIME_LEN);
	handleLine(buf, n);
	free(buf);
}

void resumeIds(uint64_t base, uint64_t from, uint64_t to, uint64_t last)
{
	bool wasHolding = holding;
	holding = false;
	resumed = have > 0;
	unreadIds(last);
	gapNotice(base, from, last);
	/* The replay we got on joining was FROM to TO, a line each: those
	 * we have are dropped.  The room lines after it are new. */
	uint64_t id = from;
	struct wireMsg m;
	for (size_t i = 0; wasHolding && i < nheld; i++) {
		wireParse(held[i], &m);
		bool replay = (m.type == WIRE_CHAT || m.type == WIRE_ACTION) && m.history;
		if (replay && !m.id && id <= to) numbered(held[i], id++);
		else handleLine(held[i], strlen(held[i]));
	}
	heldFree();
	skipTo(last);
	resumed = false;
	/* What we wrote on the last connection and was not taken. */
	for (; stale; stale--) {
		struct sent s = unackedPop();
		connResend(s.text, s.seq);
		free(s.text);
	}
}

void resumeLost(void)
{
	on = sinceSent = holding = chatServer = false;
	stale = nunacked;
	heldFree();
}

void resumeFree(void)
{
	heldFree();
	free(held);
	held = NULL;
	heldCap = 0;
	while (nunacked) free(unackedPop().text);
	stale = 0;
	free(unacked);
	unacked = NULL;
	unackedCap = 0;
}
