/* peer.c: one thread per client: reading its lines, and its send queue.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lines for a recipient go into its queue, as references to one shared
 * copy, and whoever holds its token (server.h) sends all that is queued
 * in one non-blocking sendmsg; when nothing is queued and nobody sends,
 * a line goes straight out without a copy.  When the socket is full the
 * recipient's own thread is woken (SIGUSR1 into its ppoll) to flush at
 * POLLOUT.  A recipient whose queue outgrows --send-queue is marked
 * dead, and its thread closes it.
 *
 * A connection whose first byte is 0x16 (a TLS handshake record) is TLS,
 * anything else is the plain line protocol.  A plain client may wait for
 * the welcome before it says anything (nc does), so silence for PEEK_MS
 * (--tls-wait, 100 ms) counts as plain.  A TLS client sends its hello as soon as its connect()
 * returns, which is no later than its last handshake ACK reaches us, so
 * the wait does not include the network's round trip.  A TLS peer goes
 * through tls.c where a plain one calls recv() and send(), with its lock
 * held (server.h says why).
 */
#include <config.h>

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "server.h"

#ifdef CHAT_SANITIZED
enum { STACK_SIZE = 1024 * 1024 };
#else
/* The deepest path (a line sanitised, formatted, batched, logged) needs
 * about 45 KiB; only the pages touched count, and trimStack gives those
 * back once a client has joined, so the margin costs nothing. */
enum { STACK_SIZE = 128 * 1024 };
#endif

enum {
	FLUSH_MS = 2000,        /* the longest wait to flush a departing peer */
	IOV_BATCH = 64,
	ROUNDS = 4,             /* writes a sender makes for one recipient */
	KEEP_CNT = 3,           /* unanswered keepalive probes before giving up */
	TLS_HANDSHAKE = 0x16,   /* the first byte of a TLS connection */
	ARRIVE_MS = 500,        /* a longer handshake no longer holds up join notices */
	PARK_MS = 1000,         /* quiet this long, a client gives its thread up */
	DRAIN_READS = 16,       /* a dead client's last reads */
	TLS_BATCH = 16384,      /* bytes of the queue per write: one TLS record */
	GATE_TLS_WAIT = 2000,   /* ms for a TLS hello where plain text is refused */
};

static sigset_t waitMask;   /* what ppoll lets through: SIGUSR1 */
static sigset_t mainOnly;   /* what only the main thread handles */
static pthread_mutex_t threadsLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t threadsGone = PTHREAD_COND_INITIALIZER;
static long threads;

static struct peerLine *peerLineNew(const char *data, size_t len)
{
	struct peerLine *line = xmalloc(sizeof(*line) + len);
	atomic_init(&line->refs, 1);
	line->len = len;
	memcpy(line->data, data, len);
	return line;
}

void peerLineUnref(struct peerLine *line)
{
	if (atomic_fetch_sub_explicit(&line->refs, 1, memory_order_acq_rel) == 1) free(line);
}

static void onWake(int sig)
{
	(void)sig;
}

void peerSetup(void)
{
	struct sigaction sa = { .sa_handler = onWake };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &block, &waitMask);
	sigdelset(&waitMask, SIGUSR1);
	sigemptyset(&mainOnly);
	int only[] = { SIGINT, SIGTERM, SIGHUP };
	for (size_t i = 0; i < sizeof(only) / sizeof(only[0]); i++) {
		sigaddset(&mainOnly, only[i]);
		/* Not even while waiting: they are the main thread's. */
		sigaddset(&waitMask, only[i]);
	}
}

/* Call with p->lock held.  A parked p (park.c) gets a thread again. */
static void wake(struct peer *p)
{
	if (p->wakePending) return;
	if (p->threadless) {
		p->wakePending = true;
		parkWake(p);
		return;
	}
	if (pthread_equal(p->thread, pthread_self())) return;
	p->wakePending = true;
	pthread_kill(p->thread, SIGUSR1);
}

static void dropQueue(struct peer *p)
{
	for (size_t i = 0; i < p->count; i++) peerLineUnref(p->queue[(p->head + i) % p->cap].line);
	p->head = p->count = p->queued = 0;
}

/* Call with p->lock held.  While someone holds p's token, a send may be
 * reading the queue's lines outside the lock: the holder drops them. */
static void kill_(struct peer *p, const char *reason)
{
	if (p->dead) return;
	p->dead = reason;
	if (!p->sending) dropQueue(p);
	wake(p);
}

static const char *sendError(int error)
{
	return error == EPIPE || error == ECONNRESET ? "connection closed" : "write error";
}

static void grow(struct peer *p)
{
	if (p->count == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 8;
		struct peerChunk *queue = xmalloc(cap * sizeof(*queue));
		for (size_t i = 0; i < p->count; i++) queue[i] = p->queue[(p->head + i) % p->cap];
		free(p->queue);
		p->queue = queue;
		p->cap = cap;
		p->head = 0;
	}
}

static void push(struct peer *p, struct peerLine *line, size_t off, size_t end)
{
	grow(p);
	atomic_fetch_add_explicit(&line->refs, 1, memory_order_relaxed);
	p->queue[(p->head + p->count++) % p->cap] = (struct peerChunk) { line, off, end };
	p->queued += end - off;
}

/* Before everything queued: the rest of a line sent straight away,
 * which others' lines queued while it was being sent must follow. */
static void pushFront(struct peer *p, struct peerLine *line, size_t off)
{
	grow(p);
	atomic_fetch_add_explicit(&line->refs, 1, memory_order_relaxed);
	p->head = (p->head + p->cap - 1) % p->cap;
	p->count++;
	p->queue[p->head] = (struct peerChunk) { line, off, line->len };
	p->queued += line->len - off;
}

static bool again(int error)
{
	return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
}

/* One write of data to p, with p->lock held; a write error marks p dead.
 * A plain peer's is made without the lock (the token keeps the queue's
 * head in place meanwhile), a TLS peer's under it, since its session is
 * not safe for concurrent use.  Until the error is marked, inFlight
 * makes isDead wait: the write may have taken a reset that the reader
 * would otherwise see as a clean end (the half-line rule). */
static ssize_t put(struct peer *p, const void *data, size_t len, const struct iovec *iov, int iovcnt)
{
	ssize_t n;
	if (p->tls) {
		n = tlsWrite(p->tls, data, len);
	} else {
		p->inFlight = true;
		pthread_mutex_unlock(&p->lock);
		if (iov) {
			struct msghdr msg = { .msg_iov = (struct iovec *)iov, .msg_iovlen = iovcnt };
			n = sendmsg(p->fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
		} else {
			n = send(p->fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		}
		int error = errno;
		pthread_mutex_lock(&p->lock);
		errno = error;
	}
	int error = errno;
	if (n < 0 && !again(error)) kill_(p, sendError(error));
	p->inFlight = false;
	if (p->awaited) {
		p->awaited = false;
		pthread_cond_broadcast(&p->landed);
	}
	errno = error;
	return n;
}

static bool full(struct peer *p, size_t len)
{
	if (p->queued + len <= (size_t)serverOpt.sendQueue) return false;
	kill_(p, "send queue full");
	return true;
}

static void queueLine(struct peer *p, const char *data, size_t len, struct peerLine **shared,
    size_t off, bool front)
{
	struct peerLine *own = NULL;
	if (!shared) shared = &own;
	if (!*shared) *shared = peerLineNew(data, len);
	if (front) pushFront(p, *shared, off);
	else push(p, *shared, off, len);
	if (own) peerLineUnref(own);
}

static void releaseToken(struct peer *p)
{
	p->sending = p->parked = false;
}

/* The token goes to p's own thread, which flushes once its socket can
 * take more (POLLOUT). */
static void park(struct peer *p)
{
	p->parked = true;
	wake(p);
}

static void flushLocked(struct peer *p);

/* Queues a line for p, or sends it at once when nothing else waits and
 * nobody else is sending to p; call with p->lock held. */
static void sendLocked(struct peer *p, const char *data, size_t len, struct peerLine **shared)
{
	if (p->dead || p->fd < 0) return;
	if (p->sending || p->count) {
		/* It joins what is queued, and goes with it in one write. */
		if (!full(p, len)) queueLine(p, data, len, shared, 0, false);
		return;
	}
	p->sending = true;
	ssize_t n = put(p, data, len, NULL, 0);
	if (n != (ssize_t)len && (n >= 0 || again(errno))) {
		size_t off = n < 0 ? 0 : n;
		if (!p->dead && !full(p, len - off)) queueLine(p, data, len, shared, off, true);
	}
	flushLocked(p);
}

void peerSend(struct peer *p, const char *data, size_t len, struct peerLine **shared)
{
	pthread_mutex_lock(&p->lock);
	sendLocked(p, data, len, shared);
	pthread_mutex_unlock(&p->lock);
}

int peerQueue(struct peer *p, const char *data, size_t len, struct peerLine **shared, bool try)
{
	if (!try) pthread_mutex_lock(&p->lock);
	else if (pthread_mutex_trylock(&p->lock)) return -1;
	int took = 0;
	/* Only what the socket does not take counts against --send-queue:
	 * a line that will be written at once is checked after its write. */
	bool first = !p->sending && !p->count;
	if (!p->dead && p->fd >= 0 && (first || !full(p, len))) {
		queueLine(p, data, len, shared, 0, false);
		took = !p->sending;
		p->sending = true;
	}
	pthread_mutex_unlock(&p->lock);
	return took;
}

int peerSendSpans(struct peer *p, struct peerLine *line, const struct peerSpan *span, size_t n,
    bool try)
{
	if (!try) pthread_mutex_lock(&p->lock);
	else if (pthread_mutex_trylock(&p->lock)) return -1;
	size_t len = 0;
	for (size_t i = 0; i < n; i++) len += span[i].end - span[i].off;
	bool first = !p->sending && !p->count;
	if (len && !p->dead && p->fd >= 0 && (first || !full(p, len))) {
		for (size_t i = 0; i < n; i++) push(p, line, span[i].off, span[i].end);
		/* Under the same lock: a pass to a large room takes each
		 * recipient's lock once, not twice. */
		if (!p->sending) {
			p->sending = true;
			flushLocked(p);
		}
	}
	pthread_mutex_unlock(&p->lock);
	return 0;
}

void peerFlush(struct peer *p)
{
	pthread_mutex_lock(&p->lock);
	flushLocked(p);
	pthread_mutex_unlock(&p->lock);
}

void peerEvict(struct peer *p, const char *reason)
{
	atomic_store(&p->evicted, true);
	pthread_mutex_lock(&p->lock);
	if (!p->dead) p->dead = reason;
	wake(p);
	pthread_mutex_unlock(&p->lock);
}

void peerKick(struct peer *p, const char *reason)
{
	pthread_mutex_lock(&p->lock);
	if (!p->kicked[0]) snprintf(p->kicked, sizeof(p->kicked), "%s", reason);
	wake(p);
	pthread_mutex_unlock(&p->lock);
}

void peerClose(struct peer *p)
{
	pthread_mutex_lock(&p->lock);
	p->closing = true;
	wake(p);
	pthread_mutex_unlock(&p->lock);
}

/* The head of the queue as one TLS record.  A write that had to wait
 * must be repeated with the same first bytes and at least as many
 * (OpenSSL has already sealed them): the queue's head stays put until
 * written and only grows behind, so this gives that. */
static ssize_t putQueueTls(struct peer *p)
{
	struct peerChunk *c = &p->queue[p->head];
	if (c->end - c->off >= TLS_BATCH) {
		return put(p, c->line->data + c->off, c->end - c->off, NULL, 0);
	}
	char buf[TLS_BATCH];
	size_t n = 0;
	for (size_t i = 0; i < p->count && n < sizeof(buf); i++) {
		c = &p->queue[(p->head + i) % p->cap];
		size_t take = c->end - c->off;
		if (take > sizeof(buf) - n) take = sizeof(buf) - n;
		memcpy(buf + n, c->line->data + c->off, take);
		n += take;
	}
	return put(p, buf, n, NULL, 0);
}

static ssize_t putQueue(struct peer *p)
{
	if (p->tls) return putQueueTls(p);
	struct iovec iov[IOV_BATCH];
	size_t n = 0;
	for (; n < p->count && n < IOV_BATCH; n++) {
		struct peerChunk *c = &p->queue[(p->head + n) % p->cap];
		iov[n] = (struct iovec) { c->line->data + c->off, c->end - c->off };
	}
	return put(p, NULL, 0, iov, n);
}

static void consume(struct peer *p, size_t sent)
{
	p->queued -= sent;
	while (sent > 0) {
		struct peerChunk *c = &p->queue[p->head];
		size_t left = c->end - c->off;
		if (sent < left) {
			c->off += sent;
			break;
		}
		sent -= left;
		peerLineUnref(c->line);
		p->head = (p->head + 1) % p->cap;
		p->count--;
	}
}

/* With p's token and p->lock held: sends everything queued, in writes
 * of many lines, while the socket takes it.  What others queue meanwhile
 * goes too, up to ROUNDS writes (a sender has the others to serve);
 * then, or when the socket is full, p's own thread takes over. */
static void flushLocked(struct peer *p)
{
	for (int round = 0;; round++) {
		if (p->dead) dropQueue(p);
		if (!p->count) {
			releaseToken(p);
			return;
		}
		if (round == ROUNDS) {
			park(p);
			return;
		}
		ssize_t sent = putQueue(p);
		if (sent < 0 && again(errno)) {
			/* Full and over --send-queue: dead, dropped above. */
			if (full(p, 0)) continue;
			park(p);
			return;
		}
		if (sent >= 0) consume(p, sent);
	}
}

/* p's own thread, on POLLOUT: it holds the token while parked.
 * False on a write error. */
static bool flush(struct peer *p)
{
	pthread_mutex_lock(&p->lock);
	if (p->parked) {
		p->parked = false;
		flushLocked(p);
	}
	bool ok = !p->dead;
	pthread_mutex_unlock(&p->lock);
	return ok;
}

/* Whether others gave up on p, once no write to it is under way. */
static bool isDead(struct peer *p)
{
	pthread_mutex_lock(&p->lock);
	while (p->inFlight) {
		p->awaited = true;
		pthread_cond_wait(&p->landed, &p->lock);
	}
	bool dead = p->dead;
	pthread_mutex_unlock(&p->lock);
	return dead;
}

/* The state of one client's thread. */
struct reader {
	struct peer *p;
	struct frame frame;
	double tokens;
	int64_t refilled;
	int64_t partialSince;   /* when an unfinished line was first seen */
	bool skipRest;          /* the tail of a timed-out line is coming */
	bool timedOut;          /* and no line has ended since */
	bool eof;
	int64_t heard;          /* when it last sent something */
	bool more;              /* TLS: decrypted bytes wait in the session */
	bool spoke;             /* it has sent a byte */
	bool first;             /* spoke before the hello, or is TLS */
	const char *reason;     /* why we are leaving */
	char quit[SERVER_QUIT_MAX];  /* a /quit reason, outliving its line */
};

static void refill(struct reader *r, int64_t now)
{
	if (!serverOpt.flood) return;
	r->tokens += (now - r->refilled) * serverOpt.flood / 1000.0;
	if (r->tokens > serverOpt.floodBurst) r->tokens = serverOpt.floodBurst;
	r->refilled = now;
}

static bool throttled(const struct reader *r)
{
	return serverOpt.flood && r->tokens < 1;
}

static void overlong(struct reader *r);

static void readerLine(struct reader *r, char *line, size_t len)
{
	char clean[SANITIZE_SIZE(SERVER_LINE_MAX)];
	r->timedOut = false;
	if (r->skipRest) {
		r->skipRest = false;
		return;
	}
	atomic_store(&r->p->spoke, true);
	const char *reason;
	if (r->p->irc) {
		if (!ircLine(r->p, line, len, &reason)) r->reason = reason;
		return;
	}
	/* What counts is what it becomes: each invalid byte grows into the
	 * three of U+FFFD, and would triple what a line costs the room and
	 * the log. */
	if ((long)sanitize(clean, sizeof(clean), line, len) > serverOpt.maxLine) {
		overlong(r);
		return;
	}
	if (!commandRun(r->p, clean, &reason)) {
		snprintf(r->quit, sizeof(r->quit), "%s", reason);
		r->reason = r->quit;
	}
}

static void overlong(struct reader *r)
{
	char text[96], limit[24];
	snprintf(text, sizeof(text), "lines are limited to %ld bytes; that one was dropped",
	    serverOpt.maxLine);
	snprintf(limit, sizeof(limit), "%ld", serverOpt.maxLine);
	/* After the acks of the lines before it (see roomSay's callers). */
	roomFlush(r->p);
	roomError(r->p, "too-long", limit, text);
}

/* Handles the complete lines that the flood limit allows. */
static void readerLines(struct reader *r)
{
	char *line;
	size_t len;
	if (!r->frame.buf) {
		if (r->eof && !r->reason) r->reason = "connection closed";
		return;
	}
	while (!r->reason && !throttled(r)) {
		enum frameResult res = frameNext(&r->frame, &line, &len);
		if (res == FRAME_NONE) break;
		if (serverOpt.flood) r->tokens--;
		/* An overlong line whose end has not come yet is still
		 * unfinished: its time keeps counting (see checkPartial). */
		if (res != FRAME_OVERLONG || !r->frame.discard) r->partialSince = 0;
		if (res == FRAME_OVERLONG) overlong(r);
		else readerLine(r, line, len);
	}
	if (r->eof && !r->reason && !throttled(r)) {
		/* A reset looks like a clean EOF when a relay's send() took the
		 * socket's error first: then the unfinished line is not whole. */
		if (!isDead(r->p) && frameTake(&r->frame, &line, &len)) readerLine(r, line, len);
		if (!r->reason) r->reason = "connection closed";
	}
	roomFlush(r->p);
}

/* Slowloris: an unfinished line may not wait forever. */
static void checkPartial(struct reader *r, int64_t now)
{
	bool unfinished = framePending(&r->frame) || r->frame.discard;
	if (!serverOpt.lineTimeout || throttled(r) || !unfinished) {
		r->partialSince = 0;
		return;
	}
	if (!r->partialSince) r->partialSince = now;
	if (now - r->partialSince < serverOpt.lineTimeout * 1000) return;
	if (r->timedOut) {
		r->reason = "timed out";
		return;
	}
	char *line;
	size_t len;
	frameTake(&r->frame, &line, &len);
	r->skipRest = r->timedOut = true;
	r->partialSince = 0;
	char text[96], limit[24];
	snprintf(text, sizeof(text), "line not finished within %ld seconds; it was dropped",
	    serverOpt.lineTimeout);
	snprintf(limit, sizeof(limit), "%ld", serverOpt.lineTimeout);
	roomError(r->p, "timeout", limit, text);
}

static int pollTimeout(const struct reader *r, int64_t now, int64_t wait)
{
	if (throttled(r)) {
		int64_t left = (1 - r->tokens) * 1000 / serverOpt.flood + 1;
		if (wait < 0 || left < wait) wait = left;
	}
	if (r->partialSince) {
		int64_t left = r->partialSince + serverOpt.lineTimeout * 1000 - now;
		if (left < 0) left = 0;
		if (wait < 0 || left < wait) wait = left;
	}
	return wait;
}

/* One read into r's frame; recv's result (or TLS's), with errno. */
static ssize_t readSome(struct reader *r)
{
	/* Only now: a client that never says anything costs no buffer. */
	if (!r->frame.buf) frameInit(&r->frame, serverOpt.maxLine);
	size_t room;
	char *space = frameSpace(&r->frame, &room);
	ssize_t n;
	if (r->p->tls) {
		pthread_mutex_lock(&r->p->lock);
		n = tlsRead(r->p->tls, space, room);
		int error = errno;
		r->more = n > 0 && tlsPending(r->p->tls);
		pthread_mutex_unlock(&r->p->lock);
		errno = error;
	} else {
		n = recv(r->p->fd, space, room, MSG_DONTWAIT);
	}
	if (n > 0 && !r->spoke && !r->p->tls && !r->p->irc && (unsigned char)*space == TLS_HANDSHAKE) {
		/* A TLS hello later than --tls-wait: the client has our plain
		 * welcome and will give up; its hello is no line for the room. */
		r->eof = true;
		r->reason = "TLS hello after --tls-wait";
	} else if (n > 0) {
		r->spoke = true;
		frameCommit(&r->frame, n);
		r->heard = utilNow();
	} else if (n == 0) {
		r->eof = true;
	} else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
		r->eof = true;
		r->reason = errno == ECONNRESET ? "connection closed"
		    : errno == ETIMEDOUT ? "timed out"
		    : errno == EPROTO ? "TLS error" : "read error";
	}
	return n;
}

static int waitFor(struct peer *p, short events, int timeout)
{
	struct pollfd pfd = { .fd = p->fd, .events = events };
	struct timespec ts = { timeout / 1000, timeout % 1000 * 1000000L };
	int n = ppoll(&pfd, 1, timeout < 0 ? NULL : &ts, &waitMask);
	return n > 0 ? pfd.revents : 0;
}

/* What others have told us, and whether we hold our own token (with
 * something queued, for when the socket can take more).  The quit
 * reason of a kick goes into quit. */
static bool check(struct peer *p, const char **dead, bool *closing, char *quit, size_t size)
{
	pthread_mutex_lock(&p->lock);
	p->wakePending = false;
	*dead = p->dead;
	*closing = p->closing;
	if (quit && p->kicked[0]) snprintf(quit, size, "%s", p->kicked);
	bool queued = p->parked;
	pthread_mutex_unlock(&p->lock);
	return queued;
}

/* Whether r's thread may go: nothing half-read or waiting, no timer. */
static bool idle(const struct reader *r)
{
	const struct frame *f = &r->frame;
	return !r->p->irc && !r->reason && !r->eof && !r->more && !throttled(r) && !r->partialSince
	    && !(f->buf && (framePending(f) || f->discard));
}

/* With p->lock held: hands p, whose thread's state is in p->saved, to
 * park.c's watcher, unless somebody wants something of it. */
static bool parkable(struct peer *p)
{
	bool go = !p->wakePending && !p->dead && !p->closing && !p->parked && !p->kicked[0]
	    && parkAdd(p);
	if (go && !p->count && !p->sending) {
		free(p->queue);
		p->queue = NULL;
		p->head = p->cap = 0;
	}
	return go;
}

/* Gives p's thread up when nobody wants anything of it (park.c): the
 * buffers an idle client does not use go with it.  Once it has, this
 * thread must not touch p, whom another thread may serve already. */
static bool retire(struct reader *r)
{
	struct peer *p = r->p;
	frameFree(&r->frame);
	free(p->batch);
	p->batch = NULL;
	struct reader *saved = xmalloc(sizeof(*saved));
	*saved = *r;
	pthread_mutex_lock(&p->lock);
	p->saved = saved;
	bool go = parkable(p);
	if (go) p->threadless = true;
	else p->saved = NULL;
	pthread_mutex_unlock(&p->lock);
	if (!go) free(saved);
	return go;
}

/* p is dead: a send to it failed, a reset, say.  The whole lines it
 * sent before are still the room's, though nobody read them yet (its
 * thread was parked, or just starting): read what the socket holds,
 * a bounded number of times, and relay its whole lines; the half line
 * after them is not relayed (readerLines, isDead). */
static void drainLines(struct reader *r)
{
	for (int i = 0; i < DRAIN_READS && !r->reason && !r->eof && !throttled(r); i++) {
		ssize_t n = readSome(r);
		readerLines(r);
		if (n <= 0) break;
	}
}

/* Serves p until it leaves (true) or gives its thread up (false). */
static bool serve(struct reader *r)
{
	struct peer *p = r->p;
	for (;;) {
		int64_t now = utilNow();
		refill(r, now);
		readerLines(r);
		checkPartial(r, now);
		int64_t wait = -1;
		if (p->irc && !r->reason) wait = ircTick(p, now, r->heard, &r->reason);
		const char *dead;
		bool closing;
		char kicked[sizeof(r->quit)] = "";
		bool queued = check(p, &dead, &closing, kicked, sizeof(kicked));
		if (dead) {
			drainLines(r);
			r->reason = dead;
		} else if (*kicked && !r->reason) {
			memcpy(r->quit, kicked, sizeof(r->quit));
			r->reason = r->quit;
		}
		if (r->reason || closing) return true;
		short events = queued ? POLLOUT : 0;
		if (!throttled(r) && !r->eof) events |= POLLIN;
		/* What TLS has decrypted already, poll() cannot see. */
		bool more = r->more && events & POLLIN;
		int timeout = more ? 0 : pollTimeout(r, now, wait);
		bool quiet = timeout < 0 && !queued && idle(r);
		if (quiet) timeout = PARK_MS;
		int revents = waitFor(p, events, timeout);
		if (quiet && !revents && retire(r)) return false;
		if (more) revents |= POLLIN;
		if (revents & POLLOUT) flush(p);
		if (revents & (POLLIN | POLLHUP | POLLERR)) readSome(r);
	}
}

/* Sends what is left for p, for at most FLUSH_MS. */
static void drain(struct peer *p)
{
	int64_t until = utilNow() + FLUSH_MS;
	const char *dead;
	bool closing;
	while (check(p, &dead, &closing, NULL, 0) && !dead) {
		int64_t left = until - utilNow();
		if (left <= 0) break;
		if (waitFor(p, POLLOUT, left) & (POLLOUT | POLLERR | POLLHUP)) {
			if (!flush(p)) break;
		}
	}
}

/* --keepalive S: probe after S seconds of silence, every S / 6, and give
 * up after KEEP_CNT unanswered probes (1.5 S in all). */
static void tune(int fd)
{
	/* Every send is a whole line or more: Nagle would only delay it. */
	int on = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	if (!serverOpt.keepalive) return;
	int idle = serverOpt.keepalive, intvl = idle / 6 ? idle / 6 : 1;
	const struct { int level, name, value; } opts[] = {
		{ SOL_SOCKET, SO_KEEPALIVE, 1 },
		{ IPPROTO_TCP, TCP_KEEPIDLE, idle },
		{ IPPROTO_TCP, TCP_KEEPINTVL, intvl },
		{ IPPROTO_TCP, TCP_KEEPCNT, KEEP_CNT },
		/* Unacknowledged data gives up as soon as keepalive would. */
		{ IPPROTO_TCP, TCP_USER_TIMEOUT, (idle + intvl * KEEP_CNT) * 1000 },
	};
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		setsockopt(fd, opts[i].level, opts[i].name, &opts[i].value, sizeof(opts[i].value));
	}
}

void peerTuneListener(int fd)
{
	tune(fd);
}

/* Whether fd, a client's socket, has what tune() would give it: Linux
 * copies a listener's options to the sockets it accepts, which saves a
 * storm six setsockopt calls a client on the accept loop. */
static bool tuned(int fd)
{
	int v = 0;
	socklen_t len = sizeof(v);
	if (getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, &len) || !v) return false;
	if (!serverOpt.keepalive) return true;
	int idle = serverOpt.keepalive, intvl = idle / 6 ? idle / 6 : 1;
	len = sizeof(v);
	if (getsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &v, &len) || !v) return false;
	len = sizeof(v);
	return !getsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &v, &len)
	    && v == (idle + intvl * KEEP_CNT) * 1000;
}

/* 1 once a client's socket was seen with the listener's options, -1
 * when one was not, which tune() then sets on every client. */
static atomic_int inherits;

/* Joining went deep (formatting, history); an idle client need not keep
 * those pages: give back what lies below this frame.  The stack below the
 * stack pointer is dead, and comes back zeroed if it is used again. */
static void trimStack(void)
{
#ifndef CHAT_SANITIZED
	pthread_attr_t attr;
	void *lo;
	size_t size;
	if (pthread_getattr_np(pthread_self(), &attr)) return;
	int error = pthread_attr_getstack(&attr, &lo, &size);
	pthread_attr_destroy(&attr);
	if (error) return;
	long page = sysconf(_SC_PAGESIZE);
	/* Keep this page, if madvise's own frame fits in it, else one more. */
	char here;
	uintptr_t top = (uintptr_t)&here & ~(uintptr_t)(page - 1);
	if ((uintptr_t)&here - top < 1024) top -= page;
	if (top > (uintptr_t)lo) madvise(lo, top - (uintptr_t)lo, MADV_DONTNEED);
#endif
}

/* Reads and drops what has come, so that our close is a FIN and not a
 * reset that would lose the last line we sent. */
static void discardInput(struct peer *p)
{
	char buf[4096];
	for (int i = 0; i < 16; i++) {
		ssize_t n;
		if (p->tls) {
			pthread_mutex_lock(&p->lock);
			n = tlsRead(p->tls, buf, sizeof(buf));
			pthread_mutex_unlock(&p->lock);
		} else {
			n = recv(p->fd, buf, sizeof(buf), MSG_DONTWAIT);
		}
		if (n <= 0) break;
	}
}

/* A plain client that cannot come in: one line that says why and how
 * (TLS), then goodbye. */
static void refusePlain(struct peer *p, const char *why)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char addr[CHAT_ADDRNAME_MAX + 1] = "HOST:PORT";
	if (!getsockname(p->fd, (struct sockaddr *)&ss, &len)) {
		netAddrName((struct sockaddr *)&ss, len, addr, sizeof(addr));
	}
	char text[256];
	snprintf(text, sizeof(text), "%s: use chat-tui (without --no-tls) or "
	    "openssl s_client -quiet -connect %s", why, addr);
	struct wireMsg m;
	wireInit(&m, WIRE_ERROR);
	m.text = text;
	strcpy(m.code, "tls-required");
	char buf[CHAT_WIRE_MAX];
	size_t n = p->irc ? ircRefusal(buf, sizeof(buf), why) : wireFormat(buf, sizeof(buf), &m);
	if (n && send(p->fd, buf, n, MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
		/* It is going anyway. */
	}
	shutdown(p->fd, SHUT_WR);
	discardInput(p);
}

/* The TLS handshake, within --line-timeout like a line.  One that takes
 * longer than ARRIVE_MS stops counting as arriving (roomArriving), so
 * that it does not hold up the join notices of others. */
static bool handshake(struct reader *r, bool *arriving)
{
	struct peer *p = r->p;
	p->tls = tlsNew(p->fd);
	if (!p->tls) {
		r->reason = "out of memory";
		return false;
	}
	int64_t start = utilNow();
	int64_t limit = serverOpt.lineTimeout * 1000;
	for (;;) {
		const char *why = NULL;
		int want = tlsHandshake(p->tls, &why);
		if (!want) break;
		if (want < 0) {
			snprintf(r->quit, sizeof(r->quit), "TLS handshake failed: %s", why);
			r->reason = r->quit;
			return false;
		}
		int64_t spent = utilNow() - start;
		if (*arriving && spent >= ARRIVE_MS) {
			roomCancel();
			*arriving = false;
		}
		if (limit && spent >= limit) {
			r->reason = "TLS handshake not finished in time";
			return false;
		}
		int64_t wait = *arriving ? ARRIVE_MS - spent : -1;
		if (limit && (wait < 0 || limit - spent < wait)) wait = limit - spent;
		waitFor(p, want, (int)wait);
	}
	if (tlsPeerFingerprint(p->tls, p->key)) {
		/* TRANSLATORS: the address, the TLS version, the client key's fingerprint. */
		serverLog(LOG_INFO, _("%s: encrypted (%s), client key %s"), p->addr, tlsVersion(p->tls), p->key);
	} else {
		serverLog(LOG_INFO, _("%s: encrypted (%s)"), p->addr, tlsVersion(p->tls));
	}
	return true;
}

/* The frame holds a whole line starting with "/since". */
static bool sinceWaiting(const struct frame *f)
{
	static const char verb[] = "/since";
	size_t n = f->len - f->start, vl = sizeof(verb) - 1;
	const char *s = f->buf + f->start;
	return n > vl && !memcmp(s, verb, vl) && (s[vl] == ' ' || s[vl] == '\r' || s[vl] == '\n')
	    && memchr(s, '\n', n);
}

/* A client that resumes says "/since N" first thing (see chat.h): when
 * it is here by now, the join replay leaves out the lines it has.  Only
 * a client that spoke before the hello, or one over TLS, which talks
 * after its handshake, is waited for, and at most --tls-wait: when it
 * comes later the client drops those lines itself, so only bytes hang
 * on this wait.  Returns whether one was taken, for an answer after
 * the join. */
static bool earlySince(struct reader *r)
{
	struct peer *p = r->p;
	if (!r->first) return false;
	int64_t until = utilNow() + serverOpt.tlsWait;
	while (!(r->frame.buf && sinceWaiting(&r->frame))) {
		if (r->eof || r->reason || (r->frame.buf && memchr(r->frame.buf + r->frame.start,
		    '\n', r->frame.len - r->frame.start)))
			return false;   /* another line first: nothing to skip */
		int64_t left = until - utilNow();
		if (left <= 0 || (!r->more && !(waitFor(p, POLLIN, left) & (POLLIN | POLLHUP | POLLERR))))
			return false;
		readSome(r);
	}
	char *line;
	size_t len;
	frameNext(&r->frame, &line, &len);
	long long id;
	const char *arg = line + strlen("/since");
	while (*arg == ' ') arg++;
	if (*arg && utilParseNumber(arg, 1, INT64_MAX, &id)) p->since = id;
	return true;
}

bool peerPause(struct peer *p, int64_t ms)
{
	int64_t until = utilNow() + ms;
	for (;;) {
		const char *dead;
		bool closing;
		check(p, &dead, &closing, NULL, 0);
		if (dead || closing) return false;
		int64_t left = until - utilNow();
		if (left <= 0) return true;
		struct timespec ts = { left / 1000, left % 1000 * 1000000L };
		ppoll(NULL, 0, &ts, &waitMask);
	}
}

/* A "/pass" line: true when it was right.  A wrong one is answered only
 * after gate.c's delay, and one from an address that is still being
 * held back waits for its turn. */
static bool tryPassword(struct reader *r, const char *given, size_t len)
{
	struct peer *p = r->p;
	int64_t wait = 0;
	enum gateResult res;
	while ((res = gateTry(p->addr, given, len, &wait)) == GATE_WAIT) {
		if (!peerPause(p, wait)) return false;
	}
	if (res == GATE_RIGHT) return true;
	serverLog(LOG_INFO, _("%s: wrong password"), p->addr);
	if (peerPause(p, wait)) {
		roomError(p, "bad-password", NULL, "wrong password; try again with /pass PASSWORD");
	}
	return false;
}

/* Waits for more of what the client sends; false when it is time to go. */
static bool readMore(struct reader *r, int64_t until)
{
	const char *dead;
	bool closing;
	check(r->p, &dead, &closing, NULL, 0);
	if (dead || closing) {
		r->reason = dead ? dead : "shutdown";
		return false;
	}
	if (r->eof) {
		if (!r->reason) r->reason = "connection closed";
		return false;
	}
	int64_t left = until < 0 ? -1 : until - utilNow();
	if (until >= 0 && left <= 0) {
		roomError(r->p, "timeout", NULL, "no password came in time");
		r->reason = "no password came in time";
		return false;
	}
	if (!r->more && !(waitFor(r->p, POLLIN, (int)left) & (POLLIN | POLLHUP | POLLERR))) return true;
	readSome(r);
	return true;
}

/* The room has a password (see chat.h): the client is asked for it, and
 * may answer "/pass PASSWORD" within --line-timeout, as often as it
 * likes.  Meanwhile it may also resume ("/since N"; *since is set) or
 * quit; anything else is answered with the question again, a few times. */
static bool askPassword(struct reader *r, bool *since)
{
	static const char ask[] = "this room has a password: send /pass PASSWORD";
	struct peer *p = r->p;
	roomError(p, "password-required", NULL, ask);
	int64_t until = serverOpt.lineTimeout ? utilNow() + serverOpt.lineTimeout * 1000 : -1;
	int others = 0;
	while (!r->reason) {
		char *line;
		size_t len;
		enum frameResult res = r->frame.buf ? frameNext(&r->frame, &line, &len) : FRAME_NONE;
		if (res == FRAME_NONE) {
			if (!readMore(r, until)) return false;
		} else if (res == FRAME_LINE && !strncmp(line, "/pass ", 6)) {
			if (tryPassword(r, line + 6, len - 6)) return true;
			explicit_bzero(line, len);
		} else if (res == FRAME_LINE && !strncmp(line, "/since", 6)) {
			long long id;
			const char *arg = line + 6;
			while (*arg == ' ') arg++;
			if (*arg && utilParseNumber(arg, 1, INT64_MAX, &id)) p->since = id;
			*since = true;
		} else if (res == FRAME_LINE && (!strcmp(line, "/quit") || !strncmp(line, "/quit ", 6))) {
			r->reason = "quit before the password";
		} else if (++others > 5) {
			r->reason = "no password given";
		} else {
			roomError(p, "password-required", NULL, ask);
		}
	}
	return false;
}

/* A TLS client whose key is not on --allow's list: told why, and
 * goodbye.  Nothing of the room has reached it yet. */
static bool admitted(struct reader *r)
{
	struct peer *p = r->p;
	if (gateAllowed(p->key)) return true;
	const char *text = *p->key
	    ? "your key is not on this room's list: give its owner your fingerprint "
	      "(chat-tui --fingerprint)"
	    : "this room admits only the client keys on its list, and you showed none: "
	      "use chat-tui, which has one";
	char buf[CHAT_WIRE_MAX];
	size_t n;
	if (p->irc) {
		n = ircRefusal(buf, sizeof(buf), text);
	} else {
		struct wireMsg m;
		wireInit(&m, WIRE_ERROR);
		m.text = text;
		strcpy(m.code, "not-allowed");
		n = wireFormat(buf, sizeof(buf), &m);
	}
	if (n) peerSend(p, buf, n, NULL);
	drain(p);
	discardInput(p);
	snprintf(r->quit, sizeof(r->quit), "key %s not on the list (--allow)",
	    *p->key ? p->key : "none");
	r->reason = r->quit;
	return false;
}

/* --require-tls, a password or a list of keys. */
static bool plainRefused(void)
{
	return serverOpt.requireTls || gateLocked() || !gateAllowed("");
}

/* TLS or plain, by the first byte. */
static bool greet(struct reader *r, bool *arriving)
{
	struct peer *p = r->p;
	unsigned char first;
	/* A room that refuses plain text has no plain client to welcome
	 * quickly: it waits longer, so that a TLS hello late for --tls-wait
	 * on a loaded machine still comes in.  The wait counts from the
	 * connection: a newcomer may have spent some of it with park.c's
	 * watcher. */
	long wait = serverOpt.tlsWait;
	if (plainRefused() && wait < GATE_TLS_WAIT) wait = GATE_TLS_WAIT;
	int64_t left = p->connectedAt + wait - utilNow();
	r->first = waitFor(p, POLLIN, left > 0 ? (int)left : 0) & POLLIN
	    && recv(p->fd, &first, 1, MSG_PEEK | MSG_DONTWAIT) == 1;
	if (r->first && first == TLS_HANDSHAKE) return handshake(r, arriving) && admitted(r);
	const char *why = serverOpt.requireTls ? "this server takes TLS connections only"
	    : gateLocked() ? "this room has a password, which goes over TLS only"
	    : !gateAllowed("") ? "this room admits only the client keys on its list, over TLS"
	    : NULL;
	if (!why) return true;
	refusePlain(p, why);
	r->reason = serverOpt.requireTls ? "plain text refused (--require-tls)"
	    : gateLocked() ? "plain text refused (--password-file)"
	    : "plain text refused (--allow)";
	return false;
}

/* Whether p is banned (operators never are). */
static bool isBanned(struct peer *p, struct ban *b)
{
	return banFind(p->key, p->addr, b) && !opIs(p->key);
}

/* A banned client is told why, and goes. */
static bool banned(struct reader *r)
{
	struct peer *p = r->p;
	struct ban b;
	if (!isBanned(p, &b)) return false;
	char text[SERVER_REASON_MAX + 64];
	snprintf(text, sizeof(text), "you are banned from this room%s%s",
	    *b.reason ? ": " : "", b.reason);
	roomError(p, "banned", NULL, text);
	drain(p);
	/* Unread input would turn our close into a reset that loses it. */
	if (!p->tls) shutdown(p->fd, SHUT_WR);
	char buf[4096];
	for (int i = 0; i < 16 && recv(p->fd, buf, sizeof(buf), MSG_DONTWAIT) > 0; i++) continue;
	snprintf(r->quit, sizeof(r->quit), "banned (%s)", b.target);
	r->reason = r->quit;
	return true;
}

static void peerFree(struct peer *p)
{
	dropQueue(p);
	free(p->queue);
	free(p->batch);
	free(p->saved);
	if (p->irc) ircFree(p->irc);
	tlsFree(p->tls);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->landed);
	free(p);
}

/* The end of a client, in or not (dropped: said why already). */
static void leave(struct reader *r, bool in, bool dropped)
{
	struct peer *p = r->p;
	if (in) {
		const char *dead;
		bool closing = true;
		check(p, &dead, &closing, NULL, 0);
		/* Its place is free before anyone hears it has gone. */
		limitRelease(p->addr);
		roomLeave(p, r->reason, !closing);
		if (!dead) drain(p);
	}
	if (!dropped) {
		if (!r->reason) r->reason = "shutdown";
		/* One that never joined has no name yet. */
		if (p->name[0]) {
			serverLog(LOG_INFO, _("%s (%s) disconnected: %s"), p->name, p->addr, r->reason);
		} else {
			serverLog(LOG_INFO, _("%s disconnected: %s"), p->addr, r->reason);
		}
	}
	frameFree(&r->frame);
	int fd = p->fd;
	if (!in) limitRelease(p->addr);
	peerFree(p);    /* the close_notify goes out before the close */
	close(fd);
	/* Before the count: once it is 0, main may free OpenSSL's state. */
	tlsThreadEnd();
	pthread_mutex_lock(&threadsLock);
	if (!--threads) pthread_cond_broadcast(&threadsGone);
	pthread_mutex_unlock(&threadsLock);
}

/* A parked client's new thread (park.c): on where the last one left. */
static void *peerResumed(void *arg)
{
	struct peer *p = arg;
	pthread_mutex_lock(&p->lock);
	struct reader r = *p->saved;
	free(p->saved);
	p->saved = NULL;
	pthread_mutex_unlock(&p->lock);
	if (serve(&r)) leave(&r, true, false);
	else tlsThreadEnd();
	return NULL;
}

static void *peerMain(void *arg)
{
	struct peer *p = arg;
	p->thread = pthread_self();
	struct reader r = { .p = p, .tokens = serverOpt.floodBurst, .refilled = utilNow() };
	bool arriving = true, in = false, dropped = false;
	if (!greet(&r, &arriving) || banned(&r)) {
		if (arriving) roomCancel();
		serverLog(LOG_INFO, _("%s dropped: %s"), p->addr, r.reason);
		dropped = true;
	} else if (p->irc) {
		/* It joins once registered, which may take a while: the
		 * joins of others must not wait for it. */
		if (arriving) roomCancel();
		strcpy(p->name, p->addr);
		in = true;
	} else {
		if (!arriving) atomic_fetch_add(&roomArriving, 1);
		roomHello(p);
		bool since = false, pass = true;
		if (gateLocked()) {
			/* Joins of others must not wait for its password. */
			roomCancel();
			pass = askPassword(&r, &since);
			if (pass) atomic_fetch_add(&roomArriving, 1);
			else serverLog(LOG_INFO, _("%s dropped: %s"), p->addr, r.reason);
			dropped = !pass;
		} else {
			since = earlySince(&r);
		}
		in = pass && roomJoin(p, p->addr) == ROOM_JOINED;
		if (in && since) roomSince(p);
	}
	if (in) {
		trimStack();
		if (!serve(&r)) {
			tlsThreadEnd();
			return NULL;
		}
	}
	leave(&r, in, dropped);
	return NULL;
}

static int startThread(struct peer *p, void *(*fn)(void *), pthread_t *thread);

/* peerMain's welcome, on park.c's watcher, for a plain client that has
 * said nothing for --tls-wait (as most do: nc, chat-tui --no-tls): it
 * joins, and waits with the watcher as a parked client does, so that a
 * storm of connections starts no thread at all.  False when it needs a
 * thread after all: plain text refused, a ban to explain, or bytes just
 * come in, which greet() then sees at once. */
static bool joinQuiet(struct peer *p)
{
	struct ban b;
	char byte;
	if (plainRefused() || isBanned(p, &b) || recv(p->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) >= 0)
		return false;
	struct reader r = { .p = p, .tokens = serverOpt.floodBurst, .refilled = utilNow() };
	/* With its send token held, the hello, the welcome and whatever
	 * else comes meanwhile are queued, and go in one write below. */
	pthread_mutex_lock(&p->lock);
	p->sending = true;
	pthread_mutex_unlock(&p->lock);
	roomHello(p);
	if (roomJoin(p, p->addr) != ROOM_JOINED) {
		leave(&r, false, false);
		return true;
	}
	struct reader *saved = xmalloc(sizeof(*saved));
	*saved = r;
	pthread_mutex_lock(&p->lock);
	p->saved = saved;
	flushLocked(p);
	/* Whoever asked for p's thread meanwhile (the flush just now, when
	 * the socket was full, say) has had the watcher asked already. */
	if (!parkable(p) && !p->wakePending) {
		p->wakePending = true;
		parkWake(p);
	}
	pthread_mutex_unlock(&p->lock);
	return true;
}

void peerGreeted(struct peer *p, bool quiet)
{
	if (quiet && joinQuiet(p)) return;
	parkForget(p);
	pthread_mutex_lock(&p->lock);
	p->threadless = false;
	pthread_mutex_unlock(&p->lock);
	pthread_t thread;
	int error = startThread(p, peerMain, &thread);
	if (!error) return;
	serverLog(LOG_ERROR, _("cannot start a thread: %s"), strerror(error));
	roomCancel();
	limitRelease(p->addr);
	char addr[sizeof(p->addr)];
	strcpy(addr, p->addr);
	int fd = p->fd;
	peerFree(p);
	pthread_mutex_lock(&threadsLock);
	threads--;
	pthread_mutex_unlock(&threadsLock);
	serverRefuse(fd, false, addr, "the server cannot take more clients now");
}

long peerThreads(void)
{
	pthread_mutex_lock(&threadsLock);
	long n = threads;
	pthread_mutex_unlock(&threadsLock);
	return n;
}

bool peerWaitAll(int64_t timeoutMs)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += timeoutMs / 1000;
	until.tv_nsec += timeoutMs % 1000 * 1000000L;
	if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
	pthread_mutex_lock(&threadsLock);
	int error = 0;
	while (threads && error != ETIMEDOUT) {
		error = pthread_cond_timedwait(&threadsGone, &threadsLock, &until);
	}
	bool gone = !threads;
	pthread_mutex_unlock(&threadsLock);
	return gone;
}

/* Spare threads.  Starting a thread for a client costs more than its
 * first lines (the clone, a stack to fault in, an allocator arena), and
 * parked clients that speak at once (a busy room waking up) would start
 * them one after the other on the watcher.  So up to SPARES threads wait
 * for a client instead: started with the server, and each thread whose
 * client has left or parked waits again if fewer than SPARES do.  A
 * thread for a client is a spare when one waits, a new thread when none
 * does.  spareLock is a leaf, taken under a peer's lock (park.c). */
enum { SPARES = 16 };

struct spare {
	pthread_cond_t go;
	void *(*fn)(void *);    /* spareLock: its next client's */
	void *arg;
	pthread_t self;         /* spareLock: set while it waits */
	struct spare *next;     /* spareLock: in spares */
};

static pthread_mutex_t spareLock = PTHREAD_MUTEX_INITIALIZER;
static struct spare *spares;    /* spareLock: waiting, the last to wait first */
static int spareCount;

/* With spareLock held: s, the record of thread self, waits for a client. */
static void spareWait(struct spare *s, pthread_t self)
{
	s->self = self;
	s->next = spares;
	spares = s;
	spareCount++;
}

static void *spareMain(void *arg)
{
	struct spare *s = arg;
	pthread_mutex_lock(&spareLock);
	for (;;) {
		while (!s->fn) pthread_cond_wait(&s->go, &spareLock);
		void *(*fn)(void *) = s->fn;
		s->fn = NULL;
		pthread_mutex_unlock(&spareLock);
		fn(s->arg);
		trimStack();
		pthread_mutex_lock(&spareLock);
		if (spareCount >= SPARES) break;
		spareWait(s, pthread_self());
	}
	pthread_mutex_unlock(&spareLock);
	pthread_cond_destroy(&s->go);
	free(s);
	return NULL;
}

/* A new thread running fn(arg) (NULL: a spare); its error number, or 0. */
static int newThread(void *(*fn)(void *), void *arg, pthread_t *thread)
{
	struct spare *s = xcalloc(1, sizeof(*s));
	pthread_cond_init(&s->go, NULL);
	s->fn = fn;
	s->arg = arg;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, STACK_SIZE);
	sigset_t old;
	pthread_sigmask(SIG_BLOCK, &mainOnly, &old);
	/* A spare waits in the list before it runs: it is the one to wake. */
	if (!fn) pthread_mutex_lock(&spareLock);
	pthread_t t;
	int error = pthread_create(&t, &attr, spareMain, s);
	if (!fn) {
		if (!error) spareWait(s, t);
		pthread_mutex_unlock(&spareLock);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (error) {
		pthread_cond_destroy(&s->go);
		free(s);
	} else if (thread) {
		*thread = t;
	}
	return error;
}

void peerSpares(void)
{
	for (int i = 0; i < SPARES; i++) {
		if (newThread(NULL, NULL, NULL)) break;
	}
}

/* A thread for p, running fn: a spare, or a new one; its error number,
 * or 0. */
static int startThread(struct peer *p, void *(*fn)(void *), pthread_t *thread)
{
	pthread_mutex_lock(&spareLock);
	struct spare *s = spares;
	if (s) {
		spares = s->next;
		spareCount--;
		s->fn = fn;
		s->arg = p;
		*thread = s->self;
		pthread_cond_signal(&s->go);
	}
	pthread_mutex_unlock(&spareLock);
	return s ? 0 : newThread(fn, p, thread);
}

bool peerResume(struct peer *p)
{
	pthread_t thread;
	int error = startThread(p, peerResumed, &thread);
	if (error) {
		serverLog(LOG_ERROR, _("cannot start a thread: %s"), strerror(error));
		return false;
	}
	p->thread = thread;
	p->threadless = false;
	return true;
}

/* Returns false when no thread could be started (fd is left open). */
bool peerStart(int fd, const struct sockaddr *sa, socklen_t len, bool irc)
{
	struct peer *p = xcalloc(1, sizeof(*p));
	p->fd = fd;
	p->connectedAt = utilNow();
	int how = atomic_load(&inherits);
	if (!how) {
		how = tuned(fd) ? 1 : -1;
		atomic_store(&inherits, how);
	}
	if (how < 0) tune(fd);
	if (irc) p->irc = ircNew();
	netAddrName(sa, len, p->addr, sizeof(p->addr));
	serverLog(LOG_INFO, _("%s connected"), p->addr);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->landed, NULL);
	pthread_mutex_lock(&threadsLock);
	threads++;
	pthread_mutex_unlock(&threadsLock);
	atomic_fetch_add(&roomArriving, 1);
	/* Until it speaks, or is welcomed as a quiet plain client, it waits
	 * with park.c's watcher, not in a thread of its own (joinQuiet).
	 * An IRC client speaks first, and a room that refuses plain text
	 * welcomes nobody quietly. */
	if (!irc && !plainRefused()) {
		p->threadless = true;
		if (parkGreet(p)) return true;
		p->threadless = false;
	}
	pthread_t thread;
	int error = startThread(p, peerMain, &thread);
	if (!error) return true;
	serverLog(LOG_ERROR, _("cannot start a thread: %s"), strerror(error));
	roomCancel();
	pthread_mutex_lock(&threadsLock);
	threads--;
	pthread_mutex_unlock(&threadsLock);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->landed);
	if (p->irc) ircFree(p->irc);
	free(p);
	return false;
}
