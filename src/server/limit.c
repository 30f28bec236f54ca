/* limit.c: connections per address (--max-per-address).
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One host must not take every place in the room (as ngIRCd's
 * MaxConnectionsIP): the main thread takes a place for each newcomer's
 * address before starting its thread, and the thread gives it back as
 * it ends.  Loopback is one address for everyone on the machine, and
 * for everyone behind an ssh tunnel or a proxy on it, so it is counted
 * only with --limit-loopback.
 */
#include <config.h>

#include <pthread.h>
#include <string.h>

#include "server.h"

struct count {
	char ip[CHAT_ADDRNAME_MAX + 1];
	long n;
};

static pthread_mutex_t limitLock = PTHREAD_MUTEX_INITIALIZER;
static struct count *counts;
static size_t ncounts, cap;

/* "127.0.0.1:5555" -> "127.0.0.1", "[::1]:5555" -> "[::1]". */
static void ipOf(const char *addr, char *ip)
{
	const char *colon = strrchr(addr, ':');
	size_t n = colon ? (size_t)(colon - addr) : strlen(addr);
	if (n > CHAT_ADDRNAME_MAX) n = CHAT_ADDRNAME_MAX;
	memcpy(ip, addr, n);
	ip[n] = '\0';
}

static bool loopback(const char *ip)
{
	return !strncmp(ip, "127.", 4) || !strcmp(ip, "[::1]") ||
	    !strncmp(ip, "[::ffff:127.", 12);
}

static bool counted(const char *ip)
{
	return serverOpt.maxPerAddress && (serverOpt.limitLoopback || !loopback(ip));
}

/* Call with limitLock held. */
static struct count *find(const char *ip)
{
	for (size_t i = 0; i < ncounts; i++) {
		if (!strcmp(counts[i].ip, ip)) return &counts[i];
	}
	return NULL;
}

bool limitTake(const char *addr)
{
	char ip[CHAT_ADDRNAME_MAX + 1];
	ipOf(addr, ip);
	if (!counted(ip)) return true;
	pthread_mutex_lock(&limitLock);
	struct count *c = find(ip);
	bool ok = !c || c->n < serverOpt.maxPerAddress;
	if (ok && !c) {
		if (ncounts == cap) {
			cap = cap ? 2 * cap : 64;
			counts = xrealloc(counts, cap * sizeof(*counts));
		}
		c = &counts[ncounts++];
		strcpy(c->ip, ip);
		c->n = 0;
	}
	if (ok) c->n++;
	pthread_mutex_unlock(&limitLock);
	return ok;
}

void limitRelease(const char *addr)
{
	char ip[CHAT_ADDRNAME_MAX + 1];
	ipOf(addr, ip);
	if (!counted(ip)) return;
	pthread_mutex_lock(&limitLock);
	struct count *c = find(ip);
	if (c && !--c->n) *c = counts[--ncounts];
	pthread_mutex_unlock(&limitLock);
}
