/* latehello.c: a server that takes TLS clients for plain ones, for the tests.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: latehello PORTFILE PLAIN [UPSTREAM]
 *
 * Listens on 127.0.0.1, on a free port written to PORTFILE.  Its first
 * PLAIN connections get at once what chat-server sends a client that has
 * said nothing within --tls-wait (its hello and welcome, in plain text),
 * as if their TLS hello had come too late, whatever the machine's speed.
 * It then reads what such a client sends until it closes, and prints
 *
 *   plain N: BYTES bytes in RECORDS TLS records
 *   plain N: not TLS: WHAT
 *
 * the second when anything of it is not a TLS record (a line sent in
 * plain text after all).  The connections after the first PLAIN are
 * relayed to 127.0.0.1:UPSTREAM ("relay N"); without UPSTREAM they are
 * all plain.  Lines go to standard output as they happen.  It exits
 * after 60 s without a connection, or on SIGTERM.
 */
#include <config.h>

#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { CONN_MAX = 32, SEEN_MAX = 65536, IDLE_MS = 60000 };

struct conn {
	int fd, up;             /* up: the upstream socket of a relay, or -1 */
	long n;                 /* its number, from 1 */
	bool fdEnded, upEnded;  /* a relay passes on each side's end alone */
	unsigned char *seen;    /* what a plain one sent */
	size_t seenLen;
};

static struct conn conns[CONN_MAX];
static int nconns;

static int dial(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) err(99, "socket");
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin))) err(99, "connect to %d", port);
	return fd;
}

static void writeAll(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR) continue;
		if (n <= 0) return;    /* gone: its read says so */
		p += n;
		len -= n;
	}
}

/* Whether what the client sent is TLS records and nothing else. */
static void judge(const struct conn *c)
{
	size_t at = 0, records = 0;
	while (at < c->seenLen) {
		const unsigned char *r = c->seen + at;
		size_t left = c->seenLen - at;
		if (left < 5 || r[0] < 20 || r[0] > 23 || r[1] != 3) {
			printf("plain %ld: not TLS: byte %zu of %zu is 0x%02x\n", c->n, at, c->seenLen, r[0]);
			return;
		}
		size_t len = (size_t)r[3] << 8 | r[4];
		if (left < 5 + len) {
			printf("plain %ld: not TLS: a record cut at byte %zu\n", c->n, c->seenLen);
			return;
		}
		at += 5 + len;
		records++;
	}
	printf("plain %ld: %zu bytes in %zu TLS records\n", c->n, c->seenLen, records);
}

static void drop(int i)
{
	struct conn *c = &conns[i];
	if (c->up < 0) judge(c);
	fflush(stdout);
	close(c->fd);
	if (c->up >= 0) close(c->up);
	free(c->seen);
	conns[i] = conns[--nconns];
}

static void take(int lfd, long *count, long plain, int upstream)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0) return;
	if (nconns == CONN_MAX) {
		close(fd);
		return;
	}
	struct conn *c = &conns[nconns++];
	*c = (struct conn) { .fd = fd, .up = -1, .n = ++*count };
	if (c->n > plain && upstream) {
		c->up = dial(upstream);
		printf("relay %ld\n", c->n);
		fflush(stdout);
		return;
	}
	c->seen = malloc(SEEN_MAX);
	if (!c->seen) err(99, "malloc");
	static const char said[] = "-!- hello: ids max-line=1024\n"
	    "-!- welcome 127.0.0.1:1: 1 online, /help for commands\n";
	writeAll(fd, said, sizeof(said) - 1);
}

/* Returns false when the connection has ended. */
static bool pass(struct conn *c, int from)
{
	unsigned char buf[16384];
	ssize_t n = recv(from, buf, sizeof(buf), 0);
	if (n < 0 && errno == EINTR) return true;
	if (n <= 0 && c->up >= 0) {
		/* A line client half-closes and still reads the answers. */
		shutdown(from == c->fd ? c->up : c->fd, SHUT_WR);
		if (from == c->fd) c->fdEnded = true;
		else c->upEnded = true;
		return !(c->fdEnded && c->upEnded);
	}
	if (n <= 0) return false;
	if (c->up < 0) {
		size_t keep = (size_t)n < SEEN_MAX - c->seenLen ? (size_t)n : SEEN_MAX - c->seenLen;
		memcpy(c->seen + c->seenLen, buf, keep);
		c->seenLen += keep;
		return true;
	}
	writeAll(from == c->fd ? c->up : c->fd, buf, n);
	return true;
}

int main(int argc, char *argv[])
{
	if (argc < 3 || argc > 4) errx(64, "usage: latehello PORTFILE PLAIN [UPSTREAM]");
	long plain = atol(argv[2]);
	int upstream = argc == 4 ? atoi(argv[3]) : 0;
	signal(SIGPIPE, SIG_IGN);
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) || listen(lfd, 8)
	    || getsockname(lfd, (struct sockaddr *)&sin, &len)) {
		err(99, "listen");
	}
	FILE *f = fopen(argv[1], "w");
	if (!f || fprintf(f, "%d\n", ntohs(sin.sin_port)) < 0 || fclose(f)) err(99, "%s", argv[1]);
	long count = 0;
	for (;;) {
		struct pollfd p[1 + 2 * CONN_MAX] = { { .fd = lfd, .events = POLLIN } };
		for (int i = 0; i < nconns; i++) {
			p[1 + 2 * i] = (struct pollfd) { .fd = conns[i].fdEnded ? -1 : conns[i].fd, .events = POLLIN };
			p[2 + 2 * i] = (struct pollfd) { .fd = conns[i].upEnded ? -1 : conns[i].up, .events = POLLIN };
		}
		int n = poll(p, 1 + 2 * nconns, nconns ? -1 : IDLE_MS);
		if (n < 0 && errno == EINTR) continue;
		if (n < 0) err(99, "poll");
		if (!n) errx(1, "no connection for %d s", IDLE_MS / 1000);
		for (int i = nconns - 1; i >= 0; i--) {
			bool open = true;
			if (p[1 + 2 * i].revents) open = pass(&conns[i], conns[i].fd);
			if (open && p[2 + 2 * i].revents) open = pass(&conns[i], conns[i].up);
			if (!open) drop(i);
		}
		if (p[0].revents) take(lfd, &count, plain, upstream);
	}
}
