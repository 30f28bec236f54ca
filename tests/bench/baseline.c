/* baseline.c: the benchmark's roofline, a minimal single-threaded epoll relay.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Same framing and naming as chat-server: each client is named by its
 * address, a line "TEXT" goes to every other client as "<NAME> TEXT", and a
 * welcome line greets each newcomer.  No history, no commands, no limits:
 * whatever chat-server does beyond this is its overhead.  Output is
 * appended to per-client buffers and flushed once per epoll pass.
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

enum { LINE_MAX_ = 1024, OUT_MAX = 64 << 20 };

struct client {
	int fd;
	char name[64];
	char in[LINE_MAX_ + 1];
	size_t inlen;
	char *out;
	size_t outlen, outcap, outoff;
	struct client *next, *prev;  /* all clients */
	struct client *dirty;        /* has output to flush this pass */
	int isdirty, wantout;
};

static struct client *clients, *dirties;
static int epfd, online;
static volatile sig_atomic_t stop;

static void onTerm(int sig)
{
	stop = sig;
}

static void drop(struct client *c)
{
	close(c->fd);
	c->fd = -1;
}

static void append(struct client *c, const char *s, size_t n)
{
	if (c->fd < 0) return;
	if (c->outlen + n > c->outcap) {
		if (c->outoff) {
			memmove(c->out, c->out + c->outoff, c->outlen - c->outoff);
			c->outlen -= c->outoff;
			c->outoff = 0;
		}
		while (c->outlen + n > c->outcap) c->outcap = c->outcap ? 2 * c->outcap : 4096;
		if (c->outcap > OUT_MAX) { drop(c); return; }
		if (!(c->out = realloc(c->out, c->outcap))) err(1, "realloc");
	}
	memcpy(c->out + c->outlen, s, n);
	c->outlen += n;
	if (!c->isdirty) { c->isdirty = 1; c->dirty = dirties; dirties = c; }
}

static void flush(struct client *c)
{
	while (c->fd >= 0 && c->outoff < c->outlen) {
		ssize_t n = write(c->fd, c->out + c->outoff, c->outlen - c->outoff);
		if (n < 0 && errno == EAGAIN) break;
		if (n <= 0) { drop(c); return; }
		c->outoff += n;
	}
	if (c->outoff == c->outlen) c->outoff = c->outlen = 0;
	int want = c->outlen > 0;
	if (c->fd >= 0 && want != c->wantout) {
		struct epoll_event ev = { .events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = c };
		epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
		c->wantout = want;
	}
}

static void relayBlock(struct client *from, const char *block, size_t n)
{
	for (struct client *c = clients; n && c; c = c->next)
		if (c != from) append(c, block, n);
}

/* Formats the lines one read brought into one block, which goes into
 * each other client's buffer with one copy. */
static void relay(struct client *from, const char *lines, size_t size)
{
	static char block[65536];
	size_t n = 0;
	const char *p = lines, *end = lines + size, *nl;
	while ((nl = memchr(p, '\n', end - p))) {
		size_t len = nl - p;
		if (len && p[len - 1] == '\r') len--;
		if (n + len + sizeof(from->name) + 4 > sizeof(block)) {
			relayBlock(from, block, n);
			n = 0;
		}
		if (len <= LINE_MAX_)
			n += sprintf(block + n, "<%s> %.*s\n", from->name, (int)len, p);
		p = nl + 1;
	}
	relayBlock(from, block, n);
}

static void greet(int lfd)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	int fd;
	while ((fd = accept4(lfd, (struct sockaddr *)&sa, &len, SOCK_NONBLOCK)) >= 0) {
		struct client *c = calloc(1, sizeof(*c));
		if (!c) err(1, "calloc");
		char host[NI_MAXHOST], serv[NI_MAXSERV];
		getnameinfo((struct sockaddr *)&sa, len, host, sizeof(host), serv, sizeof(serv),
		    NI_NUMERICHOST | NI_NUMERICSERV);
		snprintf(c->name, sizeof(c->name), sa.ss_family == AF_INET6 ? "[%s]:%s" : "%s:%s",
		    host, serv);
		c->fd = fd;
		int one = 1;  /* a relay must not wait for ACKs (Nagle) */
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		c->next = clients;
		if (clients) clients->prev = c;
		clients = c;
		struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
		if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) err(1, "epoll_ctl");
		char line[128];
		int n = snprintf(line, sizeof(line), "-!- welcome %s: %d online, /help for commands\n",
		    c->name, ++online);
		append(c, line, n);
		len = sizeof(sa);
	}
}

static void readable(struct client *c)
{
	static char buf[LINE_MAX_ + 65536];
	memcpy(buf, c->in, c->inlen);
	ssize_t n = read(c->fd, buf + c->inlen, sizeof(buf) - c->inlen);
	if (n <= 0) {
		if (n < 0 && errno == EAGAIN) return;
		drop(c);
		return;
	}
	char *end = buf + c->inlen + n, *p = end;
	while (p > buf && p[-1] != '\n') p--;
	relay(c, buf, p - buf);
	c->inlen = end - p > LINE_MAX_ ? 0 : end - p;  /* overlong: dropped */
	memcpy(c->in, p, c->inlen);
}

static void reap(void)
{
	for (struct client *c = dirties, *next; c; c = next) {
		next = c->dirty;
		c->isdirty = 0;
		flush(c);
	}
	dirties = NULL;
	for (struct client *c = clients, *next; c; c = next) {
		next = c->next;
		if (c->fd >= 0) continue;
		if (c->prev) c->prev->next = c->next; else clients = c->next;
		if (c->next) c->next->prev = c->prev;
		online--;
		free(c->out);
		free(c);
	}
}

int main(int argc, char *argv[])
{
	const char *portfile = NULL;
	if (argc > 2 && !strcmp(argv[1], "--port-file")) { portfile = argv[2]; argv += 2; argc -= 2; }
	if (argc != 3) errx(64, "usage: baseline [--port-file FILE] HOST PORT");
	struct rlimit rl;
	if (!getrlimit(RLIMIT_NOFILE, &rl)) { rl.rlim_cur = rl.rlim_max; setrlimit(RLIMIT_NOFILE, &rl); }
	signal(SIGPIPE, SIG_IGN);
	struct sigaction term = { .sa_handler = onTerm };
	sigaction(SIGTERM, &term, NULL);
	sigaction(SIGINT, &term, NULL);

	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE }, *ai;
	int e = getaddrinfo(argv[1], argv[2], &hints, &ai);
	if (e) errx(69, "%s: %s", argv[1], gai_strerror(e));
	int lfd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (lfd < 0 || bind(lfd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(lfd, 65535) < 0)
		err(69, "%s %s", argv[1], argv[2]);
	freeaddrinfo(ai);
	if (portfile) {
		struct sockaddr_storage sa;
		socklen_t len = sizeof(sa);
		char serv[NI_MAXSERV];
		getsockname(lfd, (struct sockaddr *)&sa, &len);
		getnameinfo((struct sockaddr *)&sa, len, NULL, 0, serv, sizeof(serv), NI_NUMERICSERV);
		FILE *f = fopen(portfile, "w");
		if (!f || fprintf(f, "%s\n", serv) < 0 || fclose(f)) err(1, "%s", portfile);
	}

	if ((epfd = epoll_create1(0)) < 0) err(1, "epoll_create1");
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL }, evs[256];
	epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev);
	while (!stop) {
		int n = epoll_wait(epfd, evs, 256, -1);
		if (n < 0 && errno != EINTR) err(1, "epoll_wait");
		for (int i = 0; i < n; i++) {
			struct client *c = evs[i].data.ptr;
			if (!c) { greet(lfd); continue; }
			if (c->fd < 0) continue;
			if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) readable(c);
			if (c->fd >= 0 && (evs[i].events & EPOLLOUT)) flush(c);
		}
		reap();
	}
	for (struct client *c = clients; c; c = c->next) drop(c);
	reap();
	close(lfd);
	close(epfd);
	return 0;
}
