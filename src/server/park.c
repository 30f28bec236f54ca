/* park.c: idle clients without a thread, watched by one.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A client that has been quiet for a while, with nothing half-read,
 * nothing queued and no timer running, gives its thread up (peer.c):
 * a thread's stack and its thread control block cost 8 kB at the least
 * with glibc, which for 10,000 idle clients is all of the memory they
 * may take.  Its socket is handed to the watcher, one thread in
 * epoll_wait, which gives it a thread again (a spare one, or a new one:
 * peer.c) as soon as it sends something, or when somebody else needs
 * its thread (parkWake).  So each client that does anything still has
 * a thread of its own.
 *
 * Only the watcher resumes a parked peer, and only once a parking, so a
 * peer cannot be freed while the watcher still holds its address: a
 * socket that turns ready is resumed from its event (EPOLLONESHOT, then
 * removed), unless a wake request for it is in the list, which then
 * does it; the events of a pass are handled before the list.
 *
 * A newcomer starts here too (parkGreet), before it has a thread: it
 * gets one as soon as it sends something (a TLS hello, a line), and a
 * plain client still silent after --tls-wait is welcomed by the watcher
 * itself and stays parked (peerGreeted).  A storm of 10,000 nc-like
 * connections then costs no thread creation at all, which was most of
 * its time.  The newcomers wait in arrival order, so the oldest
 * deadline is always the first; that list is the watcher's alone.
 */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#ifdef HAVE_SYS_EPOLL_H
#include <sys/epoll.h>
#include <sys/eventfd.h>
#endif

#include "server.h"

#ifdef HAVE_SYS_EPOLL_H

enum {
	EVENTS = 64,
	RETRY_MS = 100,         /* a thread that could not start, again after this */
	SETUP_MS = 1000,        /* a watcher that could not start, again after this */
};

static pthread_mutex_t setupLock = PTHREAD_MUTEX_INITIALIZER;
static atomic_bool ready;       /* the watcher runs: epfd and wakeFd are set */
static int64_t failedAt;        /* setupLock: when it last could not start */
static int epfd = -1, wakeFd = -1;
static pthread_mutex_t parkLock = PTHREAD_MUTEX_INITIALIZER;
static struct peer *asked;      /* parkLock: wake requests, newest first */
static struct peer *arrived;    /* parkLock: parkGreet's, newest first */
static struct peer *greetHead, *greetTail;  /* the watcher's: oldest first */
static atomic_bool ending;      /* parkEnd: newcomers wait no more */

static void *watch(void *arg);

static bool setup(void)
{
	epfd = epoll_create1(EPOLL_CLOEXEC);
	wakeFd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_t thread;
	/* Both are set before the watcher starts, which reads them.  The
	 * caller is a peer thread or the admitter: the signals it blocks,
	 * the watcher and the threads it starts block too (peer threads
	 * wait in ppoll with their own mask). */
	int error = epfd < 0 || wakeFd < 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, wakeFd, &ev) ? errno
	    : pthread_create(&thread, &attr, watch, NULL);
	if (error) {
		serverLog(LOG_ERROR, _("idle clients keep their threads: %s"), strerror(error));
		if (epfd >= 0) close(epfd);
		if (wakeFd >= 0) close(wakeFd);
		epfd = wakeFd = -1;
	}
	pthread_attr_destroy(&attr);
	return epfd >= 0;
}

/* The watcher starts with the first client that parks.  When it cannot
 * (out of threads, say, for the moment), clients keep theirs, and it is
 * tried again a while later, not at every client's park. */
static bool started(void)
{
	if (atomic_load_explicit(&ready, memory_order_acquire)) return true;
	pthread_mutex_lock(&setupLock);
	int64_t now = utilNow();
	if (!atomic_load_explicit(&ready, memory_order_relaxed)
	    && (!failedAt || now - failedAt >= SETUP_MS)) {
		if (setup()) atomic_store_explicit(&ready, true, memory_order_release);
		else failedAt = now;
	}
	pthread_mutex_unlock(&setupLock);
	return atomic_load_explicit(&ready, memory_order_acquire);
}

bool parkAdd(struct peer *p)
{
	if (!started()) return false;
	struct epoll_event ev = {
		.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT, .data.ptr = p,
	};
	/* A newcomer welcomed quietly is still there, its event spent: one
	 * call rearms it.  The other call is for when the guess is wrong. */
	int op = p->watched ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
	if (epoll_ctl(epfd, op, p->fd, &ev)) {
		if (errno != (op == EPOLL_CTL_ADD ? EEXIST : ENOENT)) return false;
		op = op == EPOLL_CTL_ADD ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
		if (epoll_ctl(epfd, op, p->fd, &ev)) return false;
	}
	p->watched = true;
	return true;
}

/* Wakes the watcher for a list that was empty: one that was not has
 * had it woken, and the watcher takes every list after each wake. */
static void wakeFor(bool wasEmpty)
{
	uint64_t one = 1;
	if (wasEmpty && write(wakeFd, &one, sizeof(one)) < 0) {
		/* The counter is full: the watcher has been woken already. */
	}
}

bool parkGreet(struct peer *p)
{
	if (!started()) return false;
	pthread_mutex_lock(&parkLock);
	bool wasEmpty = !arrived;
	p->parkNext = arrived;
	arrived = p;
	pthread_mutex_unlock(&parkLock);
	wakeFor(wasEmpty);
	return true;
}

void parkForget(struct peer *p)
{
	epoll_ctl(epfd, EPOLL_CTL_DEL, p->fd, NULL);
	p->watched = false;
}

void parkEnd(void)
{
	atomic_store(&ending, true);
	if (!atomic_load_explicit(&ready, memory_order_acquire)) return;
	uint64_t one = 1;
	if (write(wakeFd, &one, sizeof(one)) < 0) {
		/* The counter is full: the watcher has been woken already. */
	}
}

void parkWake(struct peer *p)
{
	pthread_mutex_lock(&parkLock);
	bool wasEmpty = !asked;
	p->parkNext = asked;
	asked = p;
	pthread_mutex_unlock(&parkLock);
	wakeFor(wasEmpty);
}

/* With p->lock held: a thread for p again.  When none can start, p
 * waits in the retry list, marked as asked for, so that nobody puts it
 * in the request list as well. */
static void resume(struct peer *p, struct peer **retry)
{
	epoll_ctl(epfd, EPOLL_CTL_DEL, p->fd, NULL);
	p->watched = false;
	if (peerResume(p)) return;
	p->wakePending = true;
	p->parkNext = *retry;
	*retry = p;
}

static void greetAppend(struct peer *p)
{
	p->greeting = true;
	p->greetNext = NULL;
	p->greetPrev = greetTail;
	if (greetTail) greetTail->greetNext = p;
	else greetHead = p;
	greetTail = p;
}

/* p leaves the newcomers: it is peerGreeted's now.  Its socket stays
 * in the epoll set, for parkAdd to rearm when it parks straight away,
 * or for parkForget when it gets a thread. */
static void greetRemove(struct peer *p)
{
	if (p->greetPrev) p->greetPrev->greetNext = p->greetNext;
	else greetHead = p->greetNext;
	if (p->greetNext) p->greetNext->greetPrev = p->greetPrev;
	else greetTail = p->greetPrev;
	p->greeting = false;
}

/* Newcomers from parkGreet, watched from now on in arrival order. */
static void greetTake(struct peer *list)
{
	struct peer *order = NULL;
	while (list) {
		struct peer *p = list;
		list = p->parkNext;
		p->parkNext = order;
		order = p;
	}
	while (order) {
		struct peer *p = order;
		order = p->parkNext;
		greetAppend(p);
		struct epoll_event ev = {
			.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT, .data.ptr = p,
		};
		if (epoll_ctl(epfd, EPOLL_CTL_ADD, p->fd, &ev)) {
			greetRemove(p);
			peerGreeted(p, false);
		} else {
			p->watched = true;
		}
	}
}

/* Milliseconds until the oldest newcomer's --tls-wait is over, or -1;
 * 0 for every one once the server is stopping. */
static int greetDue(void)
{
	if (!greetHead) return -1;
	if (atomic_load(&ending)) return 0;
	int64_t left = greetHead->connectedAt + serverOpt.tlsWait - utilNow();
	return left > 0 ? (int)left : 0;
}

static void *watch(void *arg)
{
	(void)arg;
	struct peer *retry = NULL;
	for (;;) {
		struct epoll_event ev[EVENTS];
		int due = greetDue();
		int timeout = retry && (due < 0 || due > RETRY_MS) ? RETRY_MS : due;
		int n = epoll_wait(epfd, ev, EVENTS, timeout);
		for (int i = 0; i < n; i++) {
			struct peer *p = ev[i].data.ptr;
			if (!p) {
				uint64_t count;
				if (read(wakeFd, &count, sizeof(count)) < 0) {
					/* Nothing to read: another pass took it. */
				}
				continue;
			}
			if (p->greeting) {
				/* It spoke first: a TLS hello, or a line. */
				greetRemove(p);
				peerGreeted(p, false);
				continue;
			}
			pthread_mutex_lock(&p->lock);
			/* A wake request in the list resumes it (see above). */
			if (!p->wakePending) resume(p, &retry);
			pthread_mutex_unlock(&p->lock);
		}
		pthread_mutex_lock(&parkLock);
		struct peer *list = arrived;
		arrived = NULL;
		pthread_mutex_unlock(&parkLock);
		greetTake(list);
		while (!greetDue()) {
			struct peer *p = greetHead;
			greetRemove(p);
			peerGreeted(p, true);
		}
		pthread_mutex_lock(&parkLock);
		list = asked;
		asked = NULL;
		pthread_mutex_unlock(&parkLock);
		/* Those that could not have a thread last time, once more. */
		while (retry) {
			struct peer *p = retry;
			retry = p->parkNext;
			p->parkNext = list;
			list = p;
		}
		while (list) {
			struct peer *p = list;
			list = p->parkNext;
			pthread_mutex_lock(&p->lock);
			resume(p, &retry);
			pthread_mutex_unlock(&p->lock);
		}
	}
	return NULL;
}

#else

bool parkAdd(struct peer *p)
{
	(void)p;
	return false;
}

void parkWake(struct peer *p)
{
	(void)p;
}

bool parkGreet(struct peer *p)
{
	(void)p;
	return false;
}

void parkEnd(void)
{
}

void parkForget(struct peer *p)
{
	(void)p;
}

#endif
