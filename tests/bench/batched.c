/* batched.c: the benchmark's strong roofline, a batched epoll relay.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One thread.  Each epoll pass reads everything every ready client has,
 * formats the pass's complete lines into one buffer ("<NAME> TEXT", the
 * prefix written once per line), and sends that buffer to every client
 * in one sendmsg, with two iovecs around the recipient's own lines (a
 * sender's lines of one pass are one stretch of the buffer).  What a
 * socket does not take is queued as references into the shared, counted
 * buffer; a client more than QUEUE_MAX bytes behind is cut off.  The
 * wire format is chat-server's: a welcome line, then room lines named
 * after their sender's address.  No history, commands, limits or join
 * notices, like baseline.c: it shows what this machine can do.
 */
#include <config.h>

#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <limits.h>
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
#include <sys/uio.h>
#include <unistd.h>

enum {
	LINE_MAX_ = 1024,           /* longer lines are dropped */
	READ_MAX = 256 << 10,       /* bytes read from one client in one pass */
	QUEUE_MAX = 4 << 20,        /* bytes a client may fall behind */
	IOV_MAX_ = 64,
	EVENTS = 512,
};

/* A pass's lines, shared by every queue that still holds a part of it. */
struct buf {
	int refs;
	size_t len, cap;
	char data[];
};

struct chunk {
	struct buf *buf;
	size_t off, len;
};

struct client {
	int fd;
	char name[64];
	size_t namelen;
	char *part;                 /* an unfinished line; allocated when needed */
	size_t partlen;
	struct chunk *queue;        /* what the socket has not taken, in order */
	size_t head, count, cap, queued;
	size_t from, to;            /* its own lines in this pass's buffer */
	struct client *next, *prev;
	int wantout, dead;
};

static struct client *clients;
static struct buf *pass;        /* this pass's lines */
static int epfd, online;
static volatile sig_atomic_t stop;

static void onTerm(int sig)
{
	stop = sig;
}

static struct buf *bufNew(size_t cap)
{
	struct buf *b = malloc(sizeof(*b) + cap);
	if (!b) err(1, "malloc");
	b->refs = 1;
	b->len = 0;
	b->cap = cap;
	return b;
}

static void bufUnref(struct buf *b)
{
	if (!--b->refs) free(b);
}

/* Room for n more bytes in this pass's buffer. */
static char *passSpace(size_t n)
{
	if (!pass) pass = bufNew(64 << 10);
	if (pass->len + n > pass->cap) {
		size_t cap = pass->cap;
		while (pass->len + n > cap) cap *= 2;
		/* Nobody holds it yet: the pass is not sent before it ends. */
		pass = realloc(pass, sizeof(*pass) + cap);
		if (!pass) err(1, "realloc");
		pass->cap = cap;
	}
	return pass->data + pass->len;
}

static void kill_(struct client *c)
{
	if (c->dead) return;
	c->dead = 1;
	for (size_t i = 0; i < c->count; i++) bufUnref(c->queue[(c->head + i) % c->cap].buf);
	c->count = c->queued = 0;
}

static void push(struct client *c, struct buf *b, size_t off, size_t len)
{
	if (!len) return;
	if (c->queued + len > QUEUE_MAX) {
		kill_(c);
		return;
	}
	if (c->count == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 8;
		struct chunk *q = malloc(cap * sizeof(*q));
		if (!q) err(1, "malloc");
		for (size_t i = 0; i < c->count; i++) q[i] = c->queue[(c->head + i) % c->cap];
		free(c->queue);
		c->queue = q;
		c->cap = cap;
		c->head = 0;
	}
	b->refs++;
	c->queue[(c->head + c->count++) % c->cap] = (struct chunk) { b, off, len };
	c->queued += len;
}

static void watch(struct client *c)
{
	int want = c->count > 0;
	if (c->dead || want == c->wantout) return;
	struct epoll_event ev = { .events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = c };
	epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
	c->wantout = want;
}

/* Drops sent bytes from the head of c's queue. */
static void consume(struct client *c, size_t sent)
{
	c->queued -= sent;
	while (sent) {
		struct chunk *k = &c->queue[c->head];
		if (sent < k->len) {
			k->off += sent;
			k->len -= sent;
			return;
		}
		sent -= k->len;
		bufUnref(k->buf);
		c->head = (c->head + 1) % c->cap;
		c->count--;
	}
}

/* One sendmsg of the queue's head, until the socket is full. */
static void flush(struct client *c)
{
	while (c->count && !c->dead) {
		struct iovec iov[IOV_MAX_];
		size_t n = 0;
		for (; n < c->count && n < IOV_MAX_; n++) {
			struct chunk *k = &c->queue[(c->head + n) % c->cap];
			iov[n] = (struct iovec) { k->buf->data + k->off, k->len };
		}
		struct msghdr msg = { .msg_iov = iov, .msg_iovlen = n };
		ssize_t sent = sendmsg(c->fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (sent < 0 && (errno == EAGAIN || errno == EINTR)) break;
		if (sent <= 0) {
			kill_(c);
			break;
		}
		consume(c, sent);
	}
	watch(c);
}

/* Sends b, less [from, to), to c: at once when nothing waits for it. */
static void deliver(struct client *c, struct buf *b, size_t from, size_t to)
{
	if (c->dead) return;
	if (c->count) {
		push(c, b, 0, from);
		push(c, b, to, b->len - to);
		flush(c);
		return;
	}
	struct iovec iov[2] = { { b->data, from }, { b->data + to, b->len - to } };
	struct msghdr msg = { .msg_iov = iov + !from, .msg_iovlen = from ? 2 : 1 };
	if (to == b->len) msg.msg_iovlen--;
	if (!msg.msg_iovlen) return;
	ssize_t sent = sendmsg(c->fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (sent < 0 && (errno == EAGAIN || errno == EINTR)) sent = 0;
	if (sent < 0) {
		kill_(c);
		return;
	}
	size_t s = sent;
	if (s < from) push(c, b, s, from - s);
	s = s > from ? s - from : 0;
	push(c, b, to + s, b->len - to - s);
	watch(c);
}

/* Appends c's complete lines in buf to the pass, each with its prefix. */
static void frame(struct client *c, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl;
	while ((nl = memchr(p, '\n', end - p))) {
		size_t n = nl - p;
		if (n && p[n - 1] == '\r') n--;
		if (n <= LINE_MAX_) {
			char *out = passSpace(c->namelen + n + 4);
			out[0] = '<';
			memcpy(out + 1, c->name, c->namelen);
			memcpy(out + 1 + c->namelen, "> ", 2);
			memcpy(out + 3 + c->namelen, p, n);
			out[3 + c->namelen + n] = '\n';
			pass->len += c->namelen + n + 4;
		}
		p = nl + 1;
	}
	size_t rest = end - p;
	if (rest > LINE_MAX_) rest = 0;     /* overlong: dropped */
	if (rest && !c->part && !(c->part = malloc(LINE_MAX_ + 1))) err(1, "malloc");
	memmove(c->part, p, rest);
	c->partlen = rest;
}

/* Everything c has, up to READ_MAX, into the pass as one stretch. */
static void readAll(struct client *c)
{
	static char buf[LINE_MAX_ + 1 + 65536];
	c->from = pass ? pass->len : 0;
	for (size_t total = 0; total < READ_MAX && !c->dead;) {
		if (c->partlen) memcpy(buf, c->part, c->partlen);
		ssize_t n = read(c->fd, buf + c->partlen, sizeof(buf) - c->partlen);
		if (n < 0 && (errno == EAGAIN || errno == EINTR)) break;
		if (n <= 0) {
			kill_(c);
			break;
		}
		frame(c, buf, c->partlen + n);
		total += n;
		if ((size_t)n < sizeof(buf) - LINE_MAX_ - 1) break;
	}
	c->to = pass ? pass->len : 0;
}

static void nameOf(const struct sockaddr_storage *sa, char *name, size_t size)
{
	char host[INET6_ADDRSTRLEN];
	if (sa->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)sa;
		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof(host));
		snprintf(name, size, "[%s]:%u", host, ntohs(s6->sin6_port));
	} else {
		const struct sockaddr_in *s4 = (const void *)sa;
		inet_ntop(AF_INET, &s4->sin_addr, host, sizeof(host));
		snprintf(name, size, "%s:%u", host, ntohs(s4->sin_port));
	}
}

static void greet(int lfd)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	int fd;
	while ((fd = accept4(lfd, (struct sockaddr *)&sa, &len, SOCK_NONBLOCK)) >= 0) {
		struct client *c = calloc(1, sizeof(*c));
		if (!c) err(1, "calloc");
		c->fd = fd;
		nameOf(&sa, c->name, sizeof(c->name));
		c->namelen = strlen(c->name);
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		c->next = clients;
		if (clients) clients->prev = c;
		clients = c;
		struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
		if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) err(1, "epoll_ctl");
		struct buf *w = bufNew(128);
		w->len = snprintf(w->data, w->cap, "-!- welcome %s: %d online, /help for commands\n",
		    c->name, ++online);
		deliver(c, w, 0, 0);
		bufUnref(w);
		len = sizeof(sa);
	}
}

/* Sends the pass to everyone and frees the dead. */
static void endPass(void)
{
	struct buf *b = pass;
	pass = NULL;
	for (struct client *c = clients, *next; c; c = next) {
		next = c->next;
		if (b && b->len) deliver(c, b, c->from, c->to);
		c->from = c->to = 0;
		if (!c->dead) continue;
		if (c->prev) c->prev->next = c->next;
		else clients = c->next;
		if (c->next) c->next->prev = c->prev;
		close(c->fd);
		online--;
		free(c->queue);
		free(c->part);
		free(c);
	}
	if (b) bufUnref(b);
}

static int listenOn(const char *host, const char *port, const char *portfile)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE }, *ai;
	int e = getaddrinfo(host, port, &hints, &ai);
	if (e) errx(69, "%s: %s", host, gai_strerror(e));
	int lfd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (lfd < 0 || bind(lfd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(lfd, 65535) < 0)
		err(69, "%s %s", host, port);
	freeaddrinfo(ai);
	if (!portfile) return lfd;
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	getsockname(lfd, (struct sockaddr *)&sa, &len);
	FILE *f = fopen(portfile, "w");
	unsigned p = ntohs(sa.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&sa)->sin6_port
	    : ((struct sockaddr_in *)&sa)->sin_port);
	if (!f || fprintf(f, "%u\n", p) < 0 || fclose(f)) err(1, "%s", portfile);
	return lfd;
}

int main(int argc, char *argv[])
{
	const char *portfile = NULL;
	if (argc > 2 && !strcmp(argv[1], "--port-file")) { portfile = argv[2]; argv += 2; argc -= 2; }
	if (argc != 3) errx(64, "usage: batched [--port-file FILE] HOST PORT");
	struct rlimit rl;
	if (!getrlimit(RLIMIT_NOFILE, &rl)) { rl.rlim_cur = rl.rlim_max; setrlimit(RLIMIT_NOFILE, &rl); }
	signal(SIGPIPE, SIG_IGN);
	struct sigaction term = { .sa_handler = onTerm };
	sigaction(SIGTERM, &term, NULL);
	sigaction(SIGINT, &term, NULL);
	int lfd = listenOn(argv[1], argv[2], portfile);
	if ((epfd = epoll_create1(0)) < 0) err(1, "epoll_create1");
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL }, evs[EVENTS];
	epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev);
	while (!stop) {
		int n = epoll_wait(epfd, evs, EVENTS, -1);
		if (n < 0 && errno != EINTR) err(1, "epoll_wait");
		for (int i = 0; i < n; i++) {
			struct client *c = evs[i].data.ptr;
			if (!c) { greet(lfd); continue; }
			if (c->dead) continue;
			if (evs[i].events & EPOLLOUT) flush(c);
			if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) readAll(c);
		}
		endPass();
	}
	for (struct client *c = clients; c; c = c->next) kill_(c);
	endPass();
	close(lfd);
	close(epfd);
	return 0;
}
