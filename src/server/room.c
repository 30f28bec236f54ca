/* room.c: the client list, names, and relaying lines to the room.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"

static pthread_rwlock_t roomLock;
static struct peer *head, *tail;   /* in the order they came */
static long online;
static bool closed;
static long idPeers;    /* peers with ids set */
static uint64_t serials;        /* the last peer serial given */
atomic_long roomArriving;

/* The join notices of a burst of newcomers go out together, one send per
 * recipient rather than one per join, once the last of the burst is in.
 * Every peer from firstJoiner to the tail has its notice here, in order,
 * and gets only the ones after its own.  Written under roomLock for
 * writing; nothing else is sent to the room while any wait. */
enum { JOINS_MAX = 16384 };
static char joins[JOINS_MAX];
static size_t joinsLen;
static struct peer *firstJoiner;

#ifdef HAVE_PTHREAD_RWLOCKATTR_SETKIND_NP
static void takeRead(void)
{
	pthread_rwlock_rdlock(&roomLock);
}

static void takeWrite(void)
{
	pthread_rwlock_wrlock(&roomLock);
}
#else
/* Without glibc's writer preference (musl has none), relaying readers
 * that never stop could keep a join or a quit waiting for ever.  Every
 * taker passes this turnstile, and a writer holds it while it waits, so
 * new readers queue behind the writer.  Nobody takes it while holding
 * roomLock. */
static pthread_mutex_t turnstile = PTHREAD_MUTEX_INITIALIZER;

static void takeRead(void)
{
	pthread_mutex_lock(&turnstile);
	pthread_rwlock_rdlock(&roomLock);
	pthread_mutex_unlock(&turnstile);
}

static void takeWrite(void)
{
	pthread_mutex_lock(&turnstile);
	pthread_rwlock_wrlock(&roomLock);
	pthread_mutex_unlock(&turnstile);
}
#endif

void roomInit(void)
{
	pthread_rwlockattr_t attr;
	pthread_rwlockattr_init(&attr);
#ifdef HAVE_PTHREAD_RWLOCKATTR_SETKIND_NP
	/* Relaying never stops; joins and quits must still get their turn. */
	pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
#endif
	pthread_rwlock_init(&roomLock, &attr);
	pthread_rwlockattr_destroy(&attr);
}

/* No client in the room can be dropped as silent before this time
 * (roomDropSilent): set when a walk found none, lowered by each join
 * (under roomLock for writing) to when the newcomer could be. */
static _Atomic int64_t silentFrom;

static int64_t silentGrace(void)
{
	return (serverOpt.lineTimeout ? serverOpt.lineTimeout : 30) * 1000;
}

/* In a very large room, every join told to everyone costs n^2 sends. */
static bool announce(long n)
{
	return !serverOpt.announceMax || n <= serverOpt.announceMax;
}

enum { SMALL_LINE = 256 };

/* Formats m into small if it fits, else into a heap buffer: a thread that
 * only ever sent notices keeps a shallow stack, and ten thousand idle
 * clients keep their memory.  Returns NULL if m cannot be formatted. */
static char *format(char *small, const struct wireMsg *m, size_t *len)
{
	*len = wireFormat(small, SMALL_LINE, m);
	if (*len) return small;
	char *big = xmalloc(CHAT_WIRE_MAX);
	*len = wireFormat(big, CHAT_WIRE_MAX, m);
	if (*len) return big;
	free(big);
	return NULL;
}

/* The same, for lines that should always format: failing is our bug. */
static char *formatSure(char *small, const struct wireMsg *m, size_t *len)
{
	char *line = format(small, m, len);
	if (!line) serverLog(LOG_ERROR, "internal error: cannot format a line of type %d", m->type);
	return line;
}

static void release(char *line, char *small)
{
	if (line != small) free(line);
}

/* Lines for the whole room in both protocols: the wire lines as they
 * are, and the same as IRC lines, translated once, and only when an IRC
 * client is there to get them. */
struct both {
	const char *wire;
	size_t len;
	struct peerLine *shared;
	char *irc;
	size_t ircLen;
	bool translated;
	struct peerLine *ircShared;
};

static void translate(struct both *b)
{
	if (b->translated) return;
	b->irc = ircTranslate(b->wire, b->len, &b->ircLen);
	b->translated = true;
}

enum send { SEND, QUEUE, TRY };

/* Sends to q; or only queues it, and returns what peerQueue does. */
static int bothSend(struct both *b, struct peer *q, enum send how)
{
	const char *data = b->wire;
	size_t len = b->len;
	struct peerLine **shared = &b->shared;
	if (q->irc) {
		translate(b);
		data = b->irc;
		len = b->ircLen;
		shared = &b->ircShared;
		if (!len) return 0;
	}
	if (how != SEND) return peerQueue(q, data, len, shared, how == TRY);
	peerSend(q, data, len, shared);
	return 0;
}

static void bothFree(struct both *b)
{
	if (b->shared) peerLineUnref(b->shared);
	if (b->ircShared) peerLineUnref(b->ircShared);
	free(b->irc);
}

/* Call with roomLock held. */
static void sendAll(const struct wireMsg *m, struct peer *skip)
{
	char small[SMALL_LINE];
	size_t len;
	char *line = formatSure(small, m, &len);
	if (!line) return;
	struct both all = { .wire = line, .len = len };
	for (struct peer *p = head; p; p = p->next) {
		if (p != skip) bothSend(&all, p, SEND);
	}
	bothFree(&all);
	release(line, small);
}

/* Where the n-th line of buf (from 0) starts. */
static size_t lineStart(const char *buf, size_t len, size_t n)
{
	size_t off = 0;
	while (n-- && off < len) off = (char *)memchr(buf + off, '\n', len - off) - buf + 1;
	return off;
}

/* Call with roomLock held for writing.  Every join is one line in
 * either protocol, so the n-th joiner skips n + 1 lines in both. */
static void flushJoins(void)
{
	if (!joinsLen) return;
	struct both all = { .wire = joins, .len = joinsLen };
	struct peer *q = head;
	for (; q != firstJoiner; q = q->next) bothSend(&all, q, SEND);
	for (size_t n = 1; q; q = q->next, n++) {
		const char *buf = joins;
		size_t len = joinsLen;
		if (q->irc) {
			translate(&all);
			buf = all.irc;
			len = all.ircLen;
		}
		size_t off = lineStart(buf, len, n);
		if (off < len) peerSend(q, buf + off, len - off, NULL);
	}
	bothFree(&all);
	joinsLen = 0;
	firstJoiner = NULL;
}

/* Takes roomLock for reading once no join notice waits. */
static void readLock(void)
{
	for (;;) {
		takeRead();
		if (!joinsLen) return;
		pthread_rwlock_unlock(&roomLock);
		takeWrite();
		flushJoins();
		pthread_rwlock_unlock(&roomLock);
	}
}

static void writeLock(void)
{
	takeWrite();
	flushJoins();
}

void roomCancel(void)
{
	takeWrite();
	if (atomic_fetch_sub(&roomArriving, 1) == 1) flushJoins();
	pthread_rwlock_unlock(&roomLock);
}

void roomReply(struct peer *p, const struct wireMsg *m)
{
	if (p->irc) {
		ircReply(p, m);
		return;
	}
	char small[SMALL_LINE];
	size_t len;
	char *line = formatSure(small, m, &len);
	if (!line) return;
	peerSend(p, line, len, NULL);
	release(line, small);
}

void roomError(struct peer *p, const char *code, const char *arg, const char *text)
{
	if (p->irc) {
		ircError(p, code, arg, text);
		return;
	}
	struct wireMsg m;
	wireInit(&m, WIRE_ERROR);
	m.text = text;
	snprintf(m.code, sizeof(m.code), "%s", code);
	/* ARG ends at the first colon on the wire, so it cannot hold one. */
	if (arg && !strchr(arg, ':') && strlen(arg) < sizeof(m.name2)) strcpy(m.name2, arg);
	char small[SMALL_LINE];
	size_t len;
	char *line = format(small, &m, &len);
	if (!line) {
		/* The argument was not printable ASCII: leave it out. */
		m.name2[0] = '\0';
		line = format(small, &m, &len);
	}
	if (line) peerSend(p, line, len, NULL);
	if (line) release(line, small);
}

static void replay(const struct wireMsg *m, void *p)
{
	roomReply(p, m);
}

static struct peer *find(const char *name);

enum roomJoinResult roomJoin(struct peer *p, const char *name)
{
	/* An IRC client's nick is a chosen name: leased across a cluster
	 * first, as roomNick does, without roomLock. */
	int owned = 0;
	enum clusterClaim claim = p->irc ? clusterClaim(name, p->key, &owned) : CLAIM_OURS;
	takeWrite();
	bool last = atomic_fetch_sub(&roomArriving, 1) == 1;
	if (closed) {
		pthread_rwlock_unlock(&roomLock);
		if (claim == CLAIM_NEW) clusterRelease(name);
		if (owned == 2) clusterUnbind(name, p->key);
		return ROOM_CLOSED;
	}
	/* An IRC client registers with its chosen name: a nick another key
	 * owns is as taken as one in use. */
	if (p->irc && (claim == CLAIM_TAKEN || claim == CLAIM_OWNED || claim == CLAIM_ERROR ||
	    find(name) || (!clusterOn() && !ownedTake(name, p->key)))) {
		if (last) flushJoins();
		pthread_rwlock_unlock(&roomLock);
		if (claim == CLAIM_NEW) clusterRelease(name);
		if (owned == 2) clusterUnbind(name, p->key);
		return ROOM_TAKEN;
	}
	strcpy(p->name, name);
	/* In a cluster, the owners hash answered with the lease. */
	p->verified = clusterOn() ? owned != 0 : ownedBy(name, p->key);
	p->serial = ++serials;
	struct wireMsg m;
	wireInit(&m, WIRE_JOIN);
	m.count = online + 1 + clusterMembers();
	m.verified = p->verified;
	strcpy(m.name, p->name);
	char notice[SMALL_LINE];
	size_t len = announce(m.count) ? wireFormat(notice, sizeof(notice), &m) : 0;
	/* p must either have its notice waiting, or come after all that wait. */
	if (!len || joinsLen + len > sizeof(joins)) flushJoins();
	p->prev = tail;
	p->next = NULL;
	if (tail) tail->next = p;
	else head = p;
	tail = p;
	online++;
	p->joined = true;
	if (p->connectedAt + silentGrace() < atomic_load(&silentFrom)) {
		atomic_store(&silentFrom, p->connectedAt + silentGrace());
	}
	/* Under the write lock, so that no line is both replayed and relayed. */
	if (p->irc) ircWelcome(p, online);
	historyEach(p->since, replay, p);
	struct historyIds ids;
	historyIds(p->since, &ids);
	p->joinFrom = ids.from;
	p->joinTo = ids.to;
	m.type = WIRE_WELCOME;
	m.verified = false;
	if (!p->irc) roomReply(p, &m);
	if (len) {
		memcpy(joins + joinsLen, notice, len);
		joinsLen += len;
		if (!firstJoiner) firstJoiner = p;
	}
	if (last) flushJoins();
	clusterJoin(p->name, p->verified);
	pthread_rwlock_unlock(&roomLock);
	return ROOM_JOINED;
}

void roomLeave(struct peer *p, const char *reason, bool tell)
{
	writeLock();
	if (!p->joined) {
		pthread_rwlock_unlock(&roomLock);
		return;
	}
	if (p->prev) p->prev->next = p->next;
	else head = p->next;
	if (p->next) p->next->prev = p->prev;
	else tail = p->prev;
	p->joined = false;
	if (p->ids) idPeers--;
	online--;
	clusterQuit(p->name, reason);
	/* Counted with the one who leaves, as a join is counted with the
	 * one who comes: a quit is told exactly when its join was. */
	if (tell && announce(online + 1 + clusterMembers())) {
		struct wireMsg m;
		wireInit(&m, WIRE_QUIT);
		m.count = online + clusterMembers();
		m.text = reason;
		strcpy(m.name, p->name);
		sendAll(&m, NULL);
	}
	pthread_rwlock_unlock(&roomLock);
}

/* A read's lines (up to 16 kB, frame.c) with their senders' names in
 * front, so that one read makes one batch. */
enum { BATCH_MAX = 32768 };

/* A line said now is formatted straight into p's batch.  It must still
 * fit the wire when replayed, with its time and the largest ID in front:
 * sanitising can make a line three times longer, so --max-line alone
 * does not say. */
enum { SAID_MAX = CHAT_WIRE_MAX - WIRE_TIME_LEN - (WIRE_ID_SIZE - 1) };

bool roomSay(struct peer *p, enum wireType type, const char *text)
{
	if (!p->batch) p->batch = xmalloc(BATCH_MAX);
	/* Near the batch's end, beside it first, and in the next batch if
	 * it does not fit. */
	char local[SAID_MAX];
	bool room = BATCH_MAX - p->batchLen >= SAID_MAX;
	size_t len = wireSaid(room ? p->batch + p->batchLen : local, SAID_MAX, type, p->name, text);
	if (!len) return false;
	if (!room) {
		if (p->batchLen + len > BATCH_MAX) roomFlush(p);
		memcpy(p->batch + p->batchLen, local, len);
	}
	p->batchLen += len;
	p->batchLines++;
	return true;
}

static void logLines(const char *buf, size_t len)
{
	for (const char *end; len && (end = memchr(buf, '\n', len)); ) {
		serverLog(LOG_DEBUG, "%.*s", (int)(end - buf), buf);
		len -= end + 1 - buf;
		buf = end + 1;
	}
}


/* Tells p the IDs its batch got, which counts them as taken. */
static void ack(struct peer *p, uint64_t first, size_t lines)
{
	struct wireMsg m;
	wireInit(&m, WIRE_OK);
	m.id = first;
	m.idLast = first + lines - 1;
	roomReply(p, &m);
}

/* The room's lines are sent in passes, as a single-threaded relay would
 * send them.  A reader that has lines for the room appends them to the
 * next pass (under passLock, which also gives them their IDs, so a pass
 * is in ID order) and waits until that pass is out.  The passer, a
 * thread of its own, sends each pass as soon as there is one, and the
 * next, until none waits; it sleeps only while no line does, and no
 * timer is involved.  So a quiet room's line goes out at once, and in a
 * busy one each pass carries many readers' lines: one walk of the room
 * and one write per recipient for all of them, where each reader would
 * make its own.  A pass is one shared buffer; a recipient's queue gets
 * the spans of it that it did not say itself.
 *
 * Since a reader waits, its lines are in every queue by the time
 * roomFlush returns, and whatever it does next (a private message, an
 * operator's kick, its quit) comes after them.  It reads nothing
 * meanwhile, so a flooding client is held back by TCP and the next pass
 * holds one batch of each reader at most.  The passer stays on its CPU
 * and keeps the pass's data in its cache, where readers taking turns
 * at sending ran wherever their line woke them.  Without a second CPU,
 * or without the thread, a reader sends the pass itself if nobody is
 * sending, and the next, until none waits; if someone is, it waits for
 * its pass as above.
 *
 * A pass of two lines or more to SHARE_MIN or more line clients is
 * shared with the helper, a thread of its own (started with the first
 * such pass, when the process may use more than one CPU): both take the
 * recipients SHARE_STEP at a time, so the pass takes about half as long,
 * and the lines waiting for the next one wait less.  A pass of one line
 * is not: lines come in ones while the room keeps up, and then a second
 * thread gains little and fights the readers and the clients for the
 * CPUs, which puts off a pass now and then by milliseconds.  Each
 * recipient still gets the passes in order, since the next pass starts
 * only once the helper is out of this one.  IRC clients get the pass
 * from the sender alone, after the others.
 *
 * The sender (the passer, or a reader without it) holds roomLock for
 * reading from before it takes the first pass until none is left, so
 * the recipients it and the helper write to cannot leave meanwhile; the
 * peers whose lines wait in a pass (from) wait for it themselves.  Only
 * the sender (passing) writes passNo, peer->pass and its scratch arrays,
 * and the helper reads them only between the sender's opening the pass
 * and its seeing the helper out, both under passLock.  Lock order:
 * roomLock, then passLock or a peer's lock, never both.  A reader waits
 * for its pass without any lock, on a semaphore in its item that the
 * sender posts once the pass is out, so no reader wakes for another's.
 * A writer waiting for roomLock holds new readers back, so the passes
 * run out. */
struct passItem {
	struct peer *from;      /* NULL: said on another node */
	size_t off, end;        /* in the pass's buffer */
	uint64_t first;         /* the first line's ID */
	sem_t *sent;            /* posted once the pass is sent: its adder waits */
};

struct pass {
	struct peerLine *buf;
	size_t cap;
	struct passItem *item;
	size_t n, itemCap;
	size_t lines;
};

static pthread_mutex_t passLock = PTHREAD_MUTEX_INITIALIZER;
static bool passing;            /* passLock: someone is sending passes */
static struct pass next;        /* passLock: the lines for the next pass */
static struct pass work;        /* the sender's: the pass being sent */
/* passLock: a sent pass's buffer that nobody's queue still holds, for
 * the next pass: a new one each time would have its pages faulted in
 * again, once the allocator has given the last one back. */
static struct peerLine *spareBuf;
static size_t spareCap;
static uint64_t passNo;
static struct peer **passTo;    /* the sender's: the pass's line recipients */
static size_t passToCap;
static struct peerSpan *spans;
static size_t spansCap;

/* What the helper needs of the pass being sent: set by the sender before
 * it opens the pass (passOpen, under passLock), read-only until the
 * helper is out (helping false again). */
struct passShare {
	const struct pass *w;
	const size_t *off, *idOff;
	struct peerLine *ids;
	struct peer *const *to;
	size_t n;
};
static struct passShare share;
static atomic_size_t shareNext; /* the next recipient to take in share.to */
static bool passOpen;           /* passLock: the helper may join the pass */
static bool helping;            /* passLock: the helper is at it */
static bool helperAwaited;      /* passLock: the sender waits on helped */
static int helperState;         /* passLock: 0 not tried, 1 running, -1 none */
static pthread_cond_t helped = PTHREAD_COND_INITIALIZER;
static pthread_cond_t helpWanted = PTHREAD_COND_INITIALIZER;
/* passLock: what roomLogRelay tells.  Fewer passes than batches says
 * that passes carried more than one batch, which is what they are for
 * (tests/server-pass.sh). */
static unsigned long long relayedLines, relayedBatches, relayedPasses, relayedShared;
static bool passer;             /* passLock: the passer runs */
static bool passerIdle;         /* passLock: it waits on passWanted */
static pthread_cond_t passWanted = PTHREAD_COND_INITIALIZER;

/* Call with passLock held; sent is posted once the lines are sent. */
static void passAdd(struct peer *from, const char *buf, size_t len, size_t lines, uint64_t first,
    sem_t *sent)
{
	if (!next.buf && spareBuf) {
		next.buf = spareBuf;
		next.cap = spareCap;
		next.buf->len = 0;
		spareBuf = NULL;
	}
	size_t used = next.buf ? next.buf->len : 0;
	if (used + len > next.cap) {
		size_t cap = next.cap ? 2 * next.cap : 65536;
		while (cap < used + len) cap *= 2;
		next.buf = xrealloc(next.buf, sizeof(*next.buf) + cap);
		if (!next.cap) {
			atomic_init(&next.buf->refs, 1);
			next.buf->len = 0;
		}
		next.cap = cap;
	}
	if (next.n == next.itemCap) {
		next.itemCap = next.itemCap ? 2 * next.itemCap : 64;
		next.item = xrealloc(next.item, next.itemCap * sizeof(*next.item));
	}
	memcpy(next.buf->data + used, buf, len);
	next.item[next.n++] = (struct passItem) { from, used, used + len, first, sent };
	next.buf->len = used + len;
	next.lines += lines;
	relayedBatches++;
	relayedLines += lines;
}

/* The pass again with "#ID " in front of each line, for the peers that
 * asked for IDs; idOff[i] is where item i starts in it. */
static struct peerLine *withIds(const struct pass *w, size_t *idOff)
{
	const char *buf = w->buf->data;
	size_t lines = 0;
	for (size_t i = 0; i < w->buf->len; i++) lines += buf[i] == '\n';
	struct peerLine *out = xmalloc(sizeof(*out) + w->buf->len + lines * WIRE_ID_SIZE);
	atomic_init(&out->refs, 1);
	size_t n = 0;
	for (size_t i = 0; i < w->n; i++) {
		idOff[i] = n;
		uint64_t id = w->item[i].first;
		const char *at = buf + w->item[i].off, *stop = buf + w->item[i].end;
		for (const char *end; at < stop && (end = memchr(at, '\n', stop - at)); id++) {
			n += sprintf(out->data + n, "#%llu ", (unsigned long long)id);
			memcpy(out->data + n, at, end + 1 - at);
			n += end + 1 - at;
			at = end + 1;
		}
	}
	idOff[w->n] = n;
	out->len = n;
	return out;
}

/* The spans of the pass q gets: everything but its own lines. */
static size_t spansFor(const struct peer *q, const struct pass *w, const size_t *off,
    struct peerSpan *sp)
{
	if (q->pass != passNo) {
		sp[0] = (struct peerSpan) { off[0], off[w->n] };
		return 1;
	}
	size_t n = 0;
	for (size_t i = 0; i < w->n; i++) {
		if (w->item[i].from == q) continue;
		if (n && sp[n - 1].end == off[i]) sp[n - 1].end = off[i + 1];
		else sp[n++] = (struct peerSpan) { off[i], off[i + 1] };
	}
	return n;
}

/* An IRC client gets each item as IRC, translated once for all of them. */
static int ircPass(struct peer *q, struct both *irc, const struct pass *w)
{
	int took = 0;
	for (size_t i = 0; i < w->n; i++) {
		if (w->item[i].from == q) continue;
		if (!irc[i].wire) {
			irc[i].wire = w->buf->data + w->item[i].off;
			irc[i].len = w->item[i].end - w->item[i].off;
		}
		took |= bothSend(&irc[i], q, QUEUE) > 0;
	}
	return took;
}

enum {
	SHARE_STEP = 8,         /* recipients taken at a time */
	SHARE_MIN = 32,         /* a pass to fewer is not shared */
	SHARE_LINES = 2,        /* nor a pass of fewer lines */
};

/* Queues the pass for q and writes it if q was idle; false if q's lock
 * is held elsewhere and try is set. */
static bool passTo1(const struct passShare *sh, struct peer *q, struct peerSpan *sp, bool try)
{
	size_t k = spansFor(q, sh->w, q->ids ? sh->idOff : sh->off, sp);
	return peerSendSpans(q, q->ids ? sh->ids : sh->w->buf, sp, k, try) >= 0;
}

/* Takes recipients of the shared pass, SHARE_STEP at a time, until none
 * is left.  Those whose lock another thread holds come last, so that we
 * do not sleep on a lock while others wait. */
static size_t passTake(const struct passShare *sh, struct peerSpan *sp)
{
	struct peer *busy[SHARE_STEP];
	size_t i, took = 0;
	while ((i = atomic_fetch_add(&shareNext, SHARE_STEP)) < sh->n) {
		took++;
		size_t end = i + SHARE_STEP < sh->n ? i + SHARE_STEP : sh->n, nb = 0;
		for (; i < end; i++) {
			if (!passTo1(sh, sh->to[i], sp, true)) busy[nb++] = sh->to[i];
		}
		for (size_t j = 0; j < nb; j++) passTo1(sh, busy[j], sp, false);
	}
	return took;
}

/* The helper: a thread that sends part of each large pass beside its
 * sender, so that a pass to a large room takes half the time when the
 * machine has a CPU to spare. */
static void *helperMain(void *arg)
{
	(void)arg;
	struct peerSpan *sp = NULL;
	size_t cap = 0;
	pthread_mutex_lock(&passLock);
	for (;;) {
		while (!passOpen || helping) pthread_cond_wait(&helpWanted, &passLock);
		helping = true;
		struct passShare sh = share;
		pthread_mutex_unlock(&passLock);
		if (cap < sh.w->n + 1) {
			free(sp);
			cap = 2 * sh.w->n + 16;
			sp = xmalloc(cap * sizeof(*sp));
		}
		bool took = passTake(&sh, sp);
		pthread_mutex_lock(&passLock);
		relayedShared += took;
		helping = false;
		if (helperAwaited) pthread_cond_signal(&helped);
	}
	return NULL;
}

/* The CPUs this process may run on. */
static long cpus(void)
{
#ifdef CPU_COUNT
	cpu_set_t set;
	if (!sched_getaffinity(0, sizeof(set), &set)) return CPU_COUNT(&set);
#endif
	return sysconf(_SC_NPROCESSORS_ONLN);
}

/* Starts fn in a detached thread that takes no signal: none is its to
 * take.  False when it could not be started. */
static bool startQuiet(void *(*fn)(void *))
{
	pthread_attr_t attr;
	pthread_t thread;
	sigset_t all, old;
	if (pthread_attr_init(&attr)) return false;
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	bool started = !pthread_create(&thread, &attr, fn, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	return started;
}

/* Starts the helper the first time it is wanted, if there is a CPU for
 * it; call with passLock held. */
static bool helperReady(void)
{
	if (!helperState) helperState = cpus() > 1 && startQuiet(helperMain) ? 1 : -1;
	return helperState > 0;
}

/* Sends the pass in work to everyone in the room, with the helper. */
static void passSend(void)
{
	struct pass *w = &work;
	passNo++;
	size_t *off = xmalloc((w->n + 1) * sizeof(*off));
	size_t *idOff = idPeers ? xmalloc((w->n + 1) * sizeof(*idOff)) : NULL;
	for (size_t i = 0; i < w->n; i++) {
		off[i] = w->item[i].off;
		if (w->item[i].from) w->item[i].from->pass = passNo;
	}
	off[w->n] = w->buf->len;
	struct peerLine *ids = idOff ? withIds(w, idOff) : NULL;
	if (passToCap < (size_t)online) {
		free(passTo);
		passToCap = online + 16;
		passTo = xmalloc(passToCap * sizeof(*passTo));
	}
	if (spansCap < w->n + 1) {
		free(spans);
		spansCap = 2 * w->n + 16;
		spans = xmalloc(spansCap * sizeof(*spans));
	}
	size_t n = 0;
	bool anyIrc = false;
	for (struct peer *q = head; q; q = q->next) {
		if (q->irc) anyIrc = true;
		else passTo[n++] = q;
	}
	struct passShare sh = { w, off, idOff, ids, passTo, n };
	atomic_store(&shareNext, 0);
	bool open = false;
	if (n >= SHARE_MIN && w->lines >= SHARE_LINES) {
		pthread_mutex_lock(&passLock);
		if ((open = helperReady())) {
			share = sh;
			passOpen = true;
			pthread_cond_signal(&helpWanted);
		}
		pthread_mutex_unlock(&passLock);
	}
	passTake(&sh, spans);
	if (open) {
		pthread_mutex_lock(&passLock);
		passOpen = false;
		while (helping) {
			helperAwaited = true;
			pthread_cond_wait(&helped, &passLock);
		}
		helperAwaited = false;
		pthread_mutex_unlock(&passLock);
	}
	/* An IRC client gets each item as IRC, translated once for all. */
	if (anyIrc) {
		struct both *irc = xcalloc(w->n, sizeof(*irc));
		for (struct peer *q = head; q; q = q->next) {
			if (q->irc && ircPass(q, irc, w) > 0) peerFlush(q);
		}
		for (size_t i = 0; i < w->n; i++) bothFree(&irc[i]);
		free(irc);
	}
	if (ids) peerLineUnref(ids);
	free(idOff);
	free(off);
}

/* Call with passLock held and passing set, which this lets go: sends the
 * passes until none waits. */
static void passLoop(void)
{
	while (next.n) {
		struct pass w = work;
		work = next;
		next = (struct pass) { .item = w.item, .itemCap = w.itemCap };
		relayedPasses++;
		pthread_mutex_unlock(&passLock);
		passSend();
		/* Each reader waits for its own items: no herd wakes, nor
		 * takes passLock to see whose pass it was. */
		for (size_t i = 0; i < work.n; i++) sem_post(work.item[i].sent);
		/* Only the queues of the pass's recipients take references,
		 * and they are all done with it when it holds none. */
		bool unused = atomic_load(&work.buf->refs) == 1;
		pthread_mutex_lock(&passLock);
		if (unused && !spareBuf) {
			spareBuf = work.buf;
			spareCap = work.cap;
		} else {
			peerLineUnref(work.buf);
		}
		work.buf = NULL;
		work.cap = work.n = work.lines = 0;
	}
	passing = false;
	pthread_mutex_unlock(&passLock);
}

/* The passer: sends the passes as the readers bring them. */
static void *passerMain(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&passLock);
	for (;;) {
		while (!next.n) {
			passerIdle = true;
			pthread_cond_wait(&passWanted, &passLock);
		}
		passerIdle = false;
		pthread_mutex_unlock(&passLock);
		readLock();
		pthread_mutex_lock(&passLock);
		passing = true;
		passLoop();
		pthread_rwlock_unlock(&roomLock);
		pthread_mutex_lock(&passLock);
	}
	return NULL;
}

void roomPasser(void)
{
	pthread_mutex_lock(&passLock);
	passer = cpus() > 1 && startQuiet(passerMain);
	pthread_mutex_unlock(&passLock);
}

/* Call with roomLock held for reading and passLock held, which this lets
 * go: adds the lines to the next pass, and tells the passer, or sends
 * the passes if nobody is.  Once roomLock is let go, passAwait(sent)
 * waits until they are out. */
static void passJoin(struct peer *from, const char *buf, size_t len, size_t lines, uint64_t first,
    sem_t *sent)
{
	sem_init(sent, 0, 0);
	passAdd(from, buf, len, lines, first, sent);
	if (passer || passing) {
		if (passerIdle) {
			passerIdle = false;
			pthread_cond_signal(&passWanted);
		}
		pthread_mutex_unlock(&passLock);
		return;
	}
	passing = true;
	passLoop();
}

/* Waits until sent (passJoin's) is posted: the pass with the lines is
 * out. */
static void passAwait(sem_t *sent)
{
	while (sem_wait(sent) && errno == EINTR) continue;
	sem_destroy(sent);
}

void roomLogRelay(void)
{
	if (clusterOn()) return;	/* the stream's lines go out otherwise too */
	/* Copied, so that a slow standard error never holds readers up. */
	pthread_mutex_lock(&passLock);
	unsigned long long lines = relayedLines, batches = relayedBatches,
	    passes = relayedPasses, shared = relayedShared;
	pthread_mutex_unlock(&passLock);
	/* TRANSLATORS: a batch is the lines a client sent that were read
	 * at once; a pass sends many batches to everyone; a shared pass was
	 * sent by two threads, its sender and a helper. */
	serverLog(LOG_INFO, _("room lines relayed: %llu, batches read: %llu, passes sent: %llu, shared: %llu"),
	    lines, batches, passes, shared);
}

void roomFlush(struct peer *p)
{
	if (!p->batchLen) return;
	if (serverOpt.verbosity > 1) logLines(p->batch, p->batchLen);
	if (clusterOn()) {
		/* The stream gives the IDs and the order: roomRelay sends
		 * them once they are there. */
		clusterSay(p->serial, p->batch, p->batchLen);
		p->batchLen = p->batchLines = 0;
		return;
	}
	readLock();
	pthread_mutex_lock(&passLock);
	uint64_t first = historyAdd(p->batch, p->batchLen);
	sem_t sent;
	passJoin(p, p->batch, p->batchLen, p->batchLines, first, &sent);
	if (p->ids) ack(p, first, p->batchLines);
	/* IRC's echo-message: the sender sees its lines as the room does. */
	if (ircEcho(p)) {
		struct both irc = { .wire = p->batch, .len = p->batchLen };
		bothSend(&irc, p, SEND);
		bothFree(&irc);
	}
	pthread_rwlock_unlock(&roomLock);
	passAwait(&sent);
	p->batchLen = p->batchLines = 0;
}

/* The lines of a batch from the stream that neither roomLocal relayed
 * here already nor mine said, plain and with their IDs. */
struct pick {
	char *plain, *ids;
	size_t plainLen, idsLen;
};

static void pickLines(const char *buf, const size_t *off, size_t n, uint64_t first,
    const struct roomFrom *from, uint64_t mine, struct pick *out)
{
	out->plain = xmalloc(off[n] + 1);
	out->ids = xmalloc(off[n] + n * WIRE_ID_SIZE + 1);
	out->plainLen = out->idsLen = 0;
	for (size_t i = 0; i < n; i++) {
		if (from[i].relayed || (mine && from[i].serial == mine)) continue;
		size_t k = off[i + 1] - off[i];
		memcpy(out->plain + out->plainLen, buf + off[i], k);
		out->plainLen += k;
		out->idsLen += sprintf(out->ids + out->idsLen, "#%llu ",
		    (unsigned long long)(first + i));
		memcpy(out->ids + out->idsLen, buf + off[i], k);
		out->idsLen += k;
	}
}

static void pickSend(struct peer *q, struct pick *k, struct peerLine **shared)
{
	if (q->irc) {
		struct both b = { .wire = k->plain, .len = k->plainLen };
		if (k->plainLen) bothSend(&b, q, SEND);
		bothFree(&b);
	} else if (q->ids ? k->idsLen : k->plainLen) {
		peerSend(q, q->ids ? k->ids : k->plain, q->ids ? k->idsLen : k->plainLen,
		    shared ? &shared[q->ids] : NULL);
	}
}

static int serialCompare(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

void roomRelay(const char *buf, size_t len, uint64_t first, const struct roomFrom *from,
    size_t n)
{
	readLock();
	historyPut(buf, len, first);
	bool plain = true;
	for (size_t i = 0; i < n && plain; i++) plain = !from[i].serial && !from[i].relayed;
	if (plain) {
		/* Nobody's here: as roomFlush relays. */
		sem_t sent;
		pthread_mutex_lock(&passLock);
		passJoin(NULL, buf, len, n, first, &sent);
		pthread_rwlock_unlock(&roomLock);
		passAwait(&sent);
		return;
	}
	size_t *off = xmalloc((n + 1) * sizeof(*off));
	uint64_t *senders = xmalloc(n * sizeof(*senders));
	size_t nsenders = 0;
	off[0] = 0;
	for (size_t i = 0; i < n; i++) {
		const char *end = memchr(buf + off[i], '\n', len - off[i]);
		off[i + 1] = end ? (size_t)(end + 1 - buf) : len;
		if (from[i].serial) senders[nsenders++] = from[i].serial;
	}
	qsort(senders, nsenders, sizeof(*senders), serialCompare);
	/* Those who said none of them get one copy, built once; a sender
	 * gets its own, without its lines, and their acknowledgements. */
	struct pick all;
	pickLines(buf, off, n, first, from, 0, &all);
	struct peerLine *shared[2] = { NULL, NULL };
	for (struct peer *q = head; q; q = q->next) {
		bool said = !ircEcho(q) && bsearch(&q->serial, senders, nsenders,
		    sizeof(*senders), serialCompare);
		if (!said) {
			pickSend(q, &all, shared);
			continue;
		}
		struct pick own;
		pickLines(buf, off, n, first, from, q->serial, &own);
		pickSend(q, &own, NULL);
		free(own.plain);
		free(own.ids);
		for (size_t i = 0; q->ids && i < n; i++) {
			if (from[i].serial != q->serial) continue;
			size_t j = i;
			while (j + 1 < n && from[j + 1].serial == q->serial) j++;
			struct wireMsg m;
			wireInit(&m, WIRE_OK);
			m.id = first + i;
			m.idLast = first + j;
			roomReply(q, &m);
			i = j;
		}
	}
	for (int f = 0; f < 2; f++) {
		if (shared[f]) peerLineUnref(shared[f]);
	}
	free(all.plain);
	free(all.ids);
	free(off);
	free(senders);
	pthread_rwlock_unlock(&roomLock);
}

void roomLocal(uint64_t serial, const char *buf, size_t len)
{
	readLock();
	struct both all = { .wire = buf, .len = len };
	for (struct peer *q = head; q; q = q->next) {
		if (q->serial != serial || ircEcho(q)) bothSend(&all, q, SEND);
	}
	bothFree(&all);
	pthread_rwlock_unlock(&roomLock);
}

void roomInfo(const char *text)
{
	struct wireMsg m;
	wireInit(&m, WIRE_INFO);
	m.text = text;
	readLock();
	sendAll(&m, NULL);
	pthread_rwlock_unlock(&roomLock);
}

void roomShutdown(const char *text)
{
	writeLock();
	closed = true;
	struct wireMsg m;
	wireInit(&m, WIRE_SHUTDOWN);
	m.text = text;
	sendAll(&m, NULL);
	for (struct peer *p = head; p; p = p->next) peerClose(p);
	pthread_rwlock_unlock(&roomLock);
}

/* Call with roomLock held.  IRC clients know address names by the nick
 * they see. */
static struct peer *find(const char *name)
{
	char nick[IRC_NICK_SIZE];
	for (struct peer *p = head; p; p = p->next) {
		if (!wireNameCompare(p->name, name)) return p;
		if (wireNameValid(p->name)) continue;
		ircNickOf(p->name, nick);
		if (!wireNameCompare(nick, name)) return p;
	}
	return NULL;
}

void roomExpel(bool (*keep)(const struct peer *q), const char *code, const char *text,
    const char *reason)
{
	readLock();
	for (struct peer *q = head; q; q = q->next) {
		if (keep(q)) continue;
		roomError(q, code, NULL, text);
		peerKick(q, reason);
	}
	pthread_rwlock_unlock(&roomLock);
}

void roomEachLocked(void (*fn)(const struct peer *q, void *ctx), void *ctx)
{
	for (struct peer *q = head; q; q = q->next) fn(q, ctx);
}

void roomEach(void (*fn)(const struct peer *q, void *ctx), void *ctx)
{
	readLock();
	roomEachLocked(fn, ctx);
	pthread_rwlock_unlock(&roomLock);
}

bool roomAct(const char *name, bool (*fn)(struct peer *q, struct wireMsg *notice, void *ctx),
    void *ctx)
{
	struct wireMsg m;
	readLock();
	struct peer *q = find(name);
	if (q && fn(q, &m, ctx)) sendAll(&m, NULL);
	pthread_rwlock_unlock(&roomLock);
	return q;
}

void roomActAll(void (*fn)(struct peer *q, void *ctx), void *ctx)
{
	readLock();
	for (struct peer *q = head; q; q = q->next) fn(q, ctx);
	pthread_rwlock_unlock(&roomLock);
}

void roomNotice(const struct wireMsg *m)
{
	readLock();
	sendAll(m, NULL);
	pthread_rwlock_unlock(&roomLock);
}

long roomCount(void)
{
	readLock();
	long n = online;
	pthread_rwlock_unlock(&roomLock);
	return n;
}

/* A name's skeleton, after UTS #39 but only for what names may hold
 * (ASCII letters, digits, '-', '_'), from our own small table of the
 * confusables.txt pairs inside ASCII: I, l and 1 look alike, so do O
 * and 0, m and rn, d and cl, w and vv.  Case is folded after mapping,
 * since I is like l but i is not. */
static void skeleton(const char *name, char *out, size_t size)
{
	size_t n = 0;
	for (; *name && n + 3 <= size; name++) {
		const char *map = NULL;
		switch (*name) {
		case 'I': case '1': case 'l': case 'L': map = "l"; break;
		case 'O': case '0': case 'o': map = "o"; break;
		case 'm': case 'M': map = "rn"; break;
		case 'd': case 'D': map = "cl"; break;
		case 'w': case 'W': map = "vv"; break;
		}
		if (map) {
			for (; *map; map++) out[n++] = *map;
		} else {
			char c = *name;
			out[n++] = c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
		}
	}
	out[n] = '\0';
}

struct lookalike {
	char want[2 * CHAT_ADDRNAME_MAX + 3];
	bool found;
};

/* Another node's client (as far as this node knows yet). */
static void lookalikeOther(const char *name, bool verified, void *ctx)
{
	(void)verified;
	struct lookalike *l = ctx;
	char have[sizeof(l->want)];
	skeleton(name, have, sizeof(have));
	if (!strcmp(l->want, have)) l->found = true;
}

/* Call with roomLock held: someone else online whose name looks like
 * name (/nick AIice while alice is here), on this node or, as far as
 * this node knows yet, another. */
static bool confusable(const struct peer *p, const char *name)
{
	struct lookalike l = { .found = false };
	char have[sizeof(l.want)];
	skeleton(name, l.want, sizeof(l.want));
	for (const struct peer *q = head; q; q = q->next) {
		if (q == p) continue;
		skeleton(q->name, have, sizeof(have));
		if (!strcmp(l.want, have)) return true;
	}
	clusterEachMember(lookalikeOther, &l);
	return l.found;
}

void roomNick(struct peer *p, const char *name)
{
	if (!wireNameValid(name)) {
		roomError(p, "name-invalid", name,
		    "a name is 1 to 16 letters, digits, '-' or '_', starting with a letter");
		return;
	}
	/* In a cluster the name is leased first, without roomLock: Redis
	 * may be slow, and the room must not wait for it. */
	int owned;
	enum clusterClaim claim = clusterClaim(name, p->key, &owned);
	if (claim == CLAIM_TAKEN) {
		roomError(p, "name-taken", name, "that name is in use");
		return;
	}
	if (claim == CLAIM_OWNED) {
		roomError(p, "name-owned", name, "that name belongs to another key");
		return;
	}
	if (claim == CLAIM_ERROR) {
		roomError(p, "name-taken", name,
		    "names cannot be checked with the other servers now; try again later");
		return;
	}
	writeLock();
	struct peer *other = find(name);
	const char *taken = NULL, *code = "name-taken";
	if (other && other != p) taken = "that name is in use";
	else if (confusable(p, name)) taken = "that name looks like one in use";
	else if (!clusterOn() && !ownedTake(name, p->key)) {
		taken = "that name belongs to another key";
		code = "name-owned";
	}
	if (taken) {
		pthread_rwlock_unlock(&roomLock);
		if (claim == CLAIM_NEW) clusterRelease(name);
		if (owned == 2) clusterUnbind(name, p->key);
		roomError(p, code, name, taken);
		return;
	}
	struct wireMsg m;
	wireInit(&m, WIRE_NICK);
	strcpy(m.name, p->name);
	strcpy(m.name2, name);
	m.verified = clusterOn() ? owned != 0 : ownedBy(name, p->key);
	if (strcmp(p->name, name) || m.verified != p->verified) {
		clusterNick(p->name, name, m.verified);
		strcpy(p->name, name);
		p->verified = m.verified;
		sendAll(&m, NULL);
	}
	pthread_rwlock_unlock(&roomLock);
	serverLog(LOG_INFO, _("%s is now known as %s"), m.name, name);
}

void roomPrivate(struct peer *p, const char *target, const char *text)
{
	struct wireMsg to;
	wireInit(&to, WIRE_PRIVATE);
	to.text = text;
	struct wireMsg back;
	wireInit(&back, WIRE_PRIVATE_SENT);
	back.text = text;
	char buf[CHAT_WIRE_MAX], echo[CHAT_WIRE_MAX], away[ROOM_AWAY_SIZE] = "";
	strcpy(to.name, p->name);
	readLock();
	struct peer *other = find(target);
	size_t len = 0, echoLen = 0;
	if (other) {
		roomAwayOf(other, away);
		strcpy(back.name, other->name);
		len = wireFormat(buf, sizeof(buf), &to);
		echoLen = wireFormat(echo, sizeof(echo), &back);
		if (len && echoLen && other->irc) ircReply(other, &to);
		else if (len && echoLen) peerSend(other, buf, len, NULL);
	}
	pthread_rwlock_unlock(&roomLock);
	if (!other && clusterPrivate(p->name, target, text, back.name)) {
		/* On another node: it has it once Redis does. */
		if (p->irc) {
			ircReply(p, &back);
		} else if ((echoLen = wireFormat(echo, sizeof(echo), &back))) {
			peerSend(p, echo, echoLen, NULL);
		}
		return;
	}
	if (!other) {
		roomError(p, "no-such-name", target, "nobody of that name is online");
	} else if (!len || !echoLen) {
		roomError(p, "too-long", NULL, "that message is too long");
	} else if (p->irc) {
		ircReply(p, &back);
	} else {
		peerSend(p, echo, echoLen, NULL);
	}
	if (other && len && echoLen && *away) ircAwayReply(p, back.name, away);
}

/* With roomLock held for writing: whoever holds name here keeps it, no
 * longer verified; the room (every node's) is told with a nick notice
 * from the name to itself. */
static void unverify(const char *name)
{
	struct peer *holder = find(name);
	if (!holder || !holder->verified) return;
	holder->verified = false;
	struct wireMsg m;
	wireInit(&m, WIRE_NICK);
	strcpy(m.name, holder->name);
	strcpy(m.name2, holder->name);
	sendAll(&m, NULL);
	clusterNick(holder->name, holder->name, false);
}

enum ownedResult roomUnown(const char *name, const char *key)
{
	/* In a cluster the bindings are Redis's: asked before roomLock is
	 * taken, so that a slow Redis never holds the room. */
	enum ownedResult r = clusterOn() ? clusterUnown(name, key) : OWNED_NOT;
	writeLock();
	if (!clusterOn()) r = ownedRelease(name, key);
	if (r == OWNED_FREED) unverify(name);
	pthread_rwlock_unlock(&roomLock);
	return r;
}

void roomUnverify(const char *name)
{
	writeLock();
	unverify(name);
	pthread_rwlock_unlock(&roomLock);
}

void roomRemoteNotice(enum wireType type, const char *name, const char *name2, const char *text,
    bool verified)
{
	struct wireMsg m;
	wireInit(&m, type);
	m.verified = verified;
	snprintf(m.name, sizeof(m.name), "%s", name);
	if (name2) snprintf(m.name2, sizeof(m.name2), "%s", name2);
	m.text = text;
	char small[SMALL_LINE];
	size_t len;
	readLock();
	m.count = online + clusterMembers();
	/* What another node says is checked like what a client says. */
	char *line = type == WIRE_NICK || announce(m.count + (type == WIRE_QUIT))
	    ? format(small, &m, &len) : NULL;
	if (line) {
		struct both all = { .wire = line, .len = len };
		for (struct peer *q = head; q; q = q->next) bothSend(&all, q, SEND);
		bothFree(&all);
		release(line, small);
	}
	pthread_rwlock_unlock(&roomLock);
}

void roomPrivateFrom(const char *from, const char *target, const char *text)
{
	struct wireMsg m;
	wireInit(&m, WIRE_PRIVATE);
	snprintf(m.name, sizeof(m.name), "%s", from);
	m.text = text;
	char small[SMALL_LINE];
	size_t len;
	readLock();
	struct peer *q = find(target);
	char *line = q && !q->irc ? format(small, &m, &len) : NULL;
	if (q && q->irc) ircReply(q, &m);
	else if (line) peerSend(q, line, len, NULL);
	if (line) release(line, small);
	pthread_rwlock_unlock(&roomLock);
}

struct who {
	struct peer *p;
	struct wireMsg *m;
	char *list;
	size_t len, cap;
};

static void whoAdd(struct who *w, const char *name, bool verified)
{
	size_t n = strlen(name);
	if (w->len && w->len + 2 + n > w->cap - 1) {
		w->m->text = w->list;
		roomReply(w->p, w->m);
		w->len = 0;
	}
	if (w->len) w->list[w->len++] = ' ';
	if (verified) w->list[w->len++] = WIRE_VERIFIED;
	memcpy(w->list + w->len, name, n + 1);
	w->len += n;
}

/* Another node's client, verified as that node says. */
static void whoAddOther(const char *name, bool verified, void *w)
{
	whoAdd(w, name, verified);
}

/* Names go out in as many "-!- who N:" lines as they need. */
void roomWho(struct peer *p)
{
	struct wireMsg m;
	wireInit(&m, WIRE_WHO);
	size_t cap = 2048;
	char *list = xmalloc(cap);
	list[0] = '\0';
	struct who who = { .p = p, .m = &m, .list = list, .cap = cap };
	readLock();
	m.count = online + clusterMembers();
	for (struct peer *q = head; q; q = q->next) whoAdd(&who, q->name, q->verified);
	clusterEachMember(whoAddOther, &who);
	m.text = list;
	roomReply(p, &m);
	char away[ROOM_AWAY_SIZE];
	for (struct peer *q = head; q; q = q->next) {
		roomAwayOf(q, away);
		if (*away) ircAwayReply(p, q->name, away);
	}
	pthread_rwlock_unlock(&roomLock);
	free(list);
}

/* Leaf lock over every peer's away text: a peer's own thread sets it,
 * and whoever sends it a /msg or asks /who or WHO reads it. */
static pthread_mutex_t awayLock = PTHREAD_MUTEX_INITIALIZER;

void roomAway(struct peer *p, const char *text)
{
	size_t n = text ? strlen(text) : 0;
	if (n > ROOM_AWAY_SIZE - 1) {
		n = ROOM_AWAY_SIZE - 1;
		while (n && ((unsigned char)text[n] & 0xC0) == 0x80) n--;
	}
	pthread_mutex_lock(&awayLock);
	if (n) memcpy(p->away, text, n);
	p->away[n] = '\0';
	pthread_mutex_unlock(&awayLock);
}

void roomAwayOf(const struct peer *q, char *away)
{
	pthread_mutex_lock(&awayLock);
	strcpy(away, q->away);
	pthread_mutex_unlock(&awayLock);
}

void roomSince(struct peer *p)
{
	/* Under the write lock every line with an ID so far has been sent
	 * to p, and every later one will carry its ID. */
	writeLock();
	if (!p->ids) idPeers++;
	p->ids = true;
	struct historyIds ids;
	historyIds(0, &ids);
	struct wireMsg m;
	wireInit(&m, WIRE_IDS);
	m.id = ids.base;
	m.idFrom = p->joinFrom;
	m.idTo = p->joinTo;
	m.idLast = ids.last;
	roomReply(p, &m);
	pthread_rwlock_unlock(&roomLock);
}

void roomHello(struct peer *p)
{
	char caps[64];
#ifdef HAVE_TLS
	/* Names taken with a key are marked verified (see chat.h); a room
	 * with a password says so, for the client to hold back its lines. */
	snprintf(caps, sizeof(caps), "ids max-line=%ld verified%s", serverOpt.maxLine,
	    gateLocked() ? " password" : "");
#else
	snprintf(caps, sizeof(caps), "ids max-line=%ld", serverOpt.maxLine);
#endif
	struct wireMsg m;
	wireInit(&m, WIRE_HELLO);
	m.text = caps;
	roomReply(p, &m);
}

void roomDropSilent(void)
{
	int64_t now = utilNow();
	int64_t grace = silentGrace();
	/* Each newcomer near full asks; while nobody can qualify yet, the
	 * list is not walked again (it was 16% of a 10,000-client storm's
	 * CPU, under a read lock that the joins' writers queued behind). */
	if (now < atomic_load(&silentFrom)) return;
	readLock();
	struct peer *oldest = NULL;
	int64_t first = now;
	for (struct peer *q = head; q; q = q->next) {
		if (atomic_load(&q->spoke) || atomic_load(&q->evicted)) continue;
		if (q->connectedAt < first) first = q->connectedAt;
		if (now - q->connectedAt < grace) continue;
		if (!oldest || q->connectedAt < oldest->connectedAt) oldest = q;
	}
	/* No join comes meanwhile (roomLock), and roomJoin lowers it. */
	if (!oldest) atomic_store(&silentFrom, first + grace);
	if (oldest) {
		serverLog(LOG_INFO, _("%s dropped: silent while the room is full"), oldest->addr);
		peerEvict(oldest, "silent while the room is full");
	}
	pthread_rwlock_unlock(&roomLock);
}
