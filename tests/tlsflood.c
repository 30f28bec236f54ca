/* tlsflood.c: many TLS clients at once, for the hardening tests and the bench.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: tlsflood PORT COUNT MODE
 *
 * Opens COUNT connections to 127.0.0.1:PORT at once and drives them all
 * from one poll() loop, with OpenSSL (no certificate check: that is
 * chat-tui's business, not the server's).  MODE is:
 *
 *   full   each completes its handshake and waits for the server's
 *          "-!- welcome" line; prints "welcomed=N seconds=S rate=R" (R
 *          handshakes and welcomes a second) and exits 0 when all were
 *   reset  each sends its hello, waits for the first bytes of the
 *          server's answer, and resets the connection (SO_LINGER 0)
 *          in the middle of the handshake; exits 0 when all got there
 *   hold   as full, then prints "ready" and keeps every connection open
 *          until standard input ends (for measuring an idle server)
 *   serial as hold, but one handshake after another: each connection
 *          is welcomed before the next one is opened
 *
 * Every wait is bounded (60 s).
 */
#include <config.h>

#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { DEADLINE_MS = 60000 };

enum state { DIALING, SHAKING, READING, DONE, FAILED };

struct client {
	int fd;
	SSL *ssl;
	enum state state;
	short want;
	char line[256];
	size_t len;
};

static long long now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void raiseFiles(long count)
{
	struct rlimit lim;
	if (getrlimit(RLIMIT_NOFILE, &lim)) return;
	lim.rlim_cur = lim.rlim_max;
	setrlimit(RLIMIT_NOFILE, &lim);
	if ((long)lim.rlim_cur < count + 16) errx(77, "only %ld files may be open", (long)lim.rlim_cur);
}

static void dial(struct client *c, int port, SSL_CTX *ctx)
{
	/* Connected at once, and the hello sent at once, as a client on a
	 * machine of its own would: the server takes a client that waits
	 * longer than its --tls-wait for a plain one. */
	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (c->fd < 0) err(99, "socket");
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(c->fd, (struct sockaddr *)&sin, sizeof(sin))) err(1, "connect");
	int flags = fcntl(c->fd, F_GETFL);
	fcntl(c->fd, F_SETFL, flags | O_NONBLOCK);
	c->ssl = SSL_new(ctx);
	if (!c->ssl || SSL_set_fd(c->ssl, c->fd) != 1) errx(99, "SSL_new");
	c->state = DIALING;
	c->want = POLLOUT;
}

static void reset(struct client *c)
{
	struct linger lin = { .l_onoff = 1, .l_linger = 0 };
	setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lin, sizeof(lin));
	close(c->fd);
	c->fd = -1;
	c->state = DONE;
}

/* Reads until the welcome line; others before it (hello) are skipped. */
static void readWelcome(struct client *c)
{
	char buf[512];
	int n = SSL_read(c->ssl, buf, sizeof(buf));
	if (n <= 0) {
		int e = SSL_get_error(c->ssl, n);
		if (e == SSL_ERROR_WANT_READ) c->want = POLLIN;
		else if (e == SSL_ERROR_WANT_WRITE) c->want = POLLOUT;
		else c->state = FAILED;
		return;
	}
	for (int i = 0; i < n; i++) {
		if (buf[i] != '\n') {
			if (c->len < sizeof(c->line) - 1) c->line[c->len++] = buf[i];
			continue;
		}
		c->line[c->len] = '\0';
		c->len = 0;
		if (!strncmp(c->line, "-!- welcome ", 12)) {
			c->state = DONE;
			return;
		}
	}
	c->want = POLLIN;
}

static void step(struct client *c, bool resetting)
{
	if (c->state == DIALING) {
		c->state = SHAKING;
	}
	if (c->state == SHAKING) {
		if (resetting && c->want == POLLIN) {
			/* Our hello is out and the server has answered. */
			reset(c);
			return;
		}
		int r = SSL_connect(c->ssl);
		if (r == 1) {
			c->state = READING;
		} else {
			int e = SSL_get_error(c->ssl, r);
			if (e == SSL_ERROR_WANT_READ) c->want = POLLIN;
			else if (e == SSL_ERROR_WANT_WRITE) c->want = POLLOUT;
			else c->state = FAILED;
			return;
		}
	}
	if (c->state == READING) readWelcome(c);
}

/* Counts a client that has just finished, either way.  One descheduled
 * in the middle of its first step can finish there, before the loop
 * below ever polls it, and must count all the same. */
static void tally(const struct client *c, long i, long *done, long *failed)
{
	if (c->state == DONE) ++*done;
	if (c->state == FAILED && !(*failed)++) {
		/* The first failure says why, for the log. */
		fprintf(stderr, "tlsflood: connection %ld failed: %s\n", i,
		    errno ? strerror(errno) : "TLS error");
		ERR_print_errors_fp(stderr);
	}
}

/* Drives the first COUNT clients until each is done or failed, or the
 * deadline passes. */
static void drive(struct client *cs, long count, struct pollfd *pfds, long long start,
    bool resetting, long *done, long *failed)
{
	while (*done + *failed < count) {
		long n = 0;
		for (long i = 0; i < count; i++) {
			if (cs[i].state == DONE || cs[i].state == FAILED) continue;
			pfds[n++] = (struct pollfd) { .fd = cs[i].fd, .events = cs[i].want };
		}
		long long left = start + DEADLINE_MS - now();
		if (left <= 0) break;
		if (poll(pfds, n, (int)left) < 0 && errno != EINTR) err(99, "poll");
		long k = 0;
		for (long i = 0; i < count; i++) {
			struct client *c = &cs[i];
			if (c->state == DONE || c->state == FAILED) continue;
			short rev = pfds[k++].revents;
			if (!rev) continue;
			step(c, resetting);
			tally(c, i, done, failed);
		}
	}
}

int main(int argc, char *argv[])
{
	if (argc != 4) errx(64, "usage: tlsflood PORT COUNT full|reset|hold|serial");
	int port = atoi(argv[1]);
	long count = atol(argv[2]);
	const char *mode = argv[3];
	bool resetting = !strcmp(mode, "reset"), serial = !strcmp(mode, "serial");
	bool holding = serial || !strcmp(mode, "hold");
	if (!resetting && !holding && strcmp(mode, "full")) errx(64, "unknown mode %s", mode);
	if (count < 1) errx(64, "COUNT must be positive");
	signal(SIGPIPE, SIG_IGN);
	raiseFiles(count);
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx) errx(99, "SSL_CTX_new");
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	struct client *cs = calloc(count, sizeof(*cs));
	struct pollfd *pfds = calloc(count, sizeof(*pfds));
	if (!cs || !pfds) err(99, "calloc");
	long long start = now();
	long done = 0, failed = 0;
	for (long i = 0; i < count; i++) {
		dial(&cs[i], port, ctx);
		step(&cs[i], false);
		tally(&cs[i], i, &done, &failed);
		if (serial) drive(cs, i + 1, pfds, start, false, &done, &failed);
	}
	drive(cs, count, pfds, start, resetting, &done, &failed);
	double seconds = (now() - start) / 1000.0;
	if (resetting) {
		printf("reset=%ld failed=%ld seconds=%.3f\n", done, failed, seconds);
	} else {
		printf("welcomed=%ld failed=%ld seconds=%.3f rate=%.0f\n", done, failed, seconds,
		    seconds > 0 ? done / seconds : 0);
	}
	fflush(stdout);
	if (holding && done == count) {
		puts("ready");
		fflush(stdout);
		char buf[64];
		while (read(STDIN_FILENO, buf, sizeof(buf)) > 0) continue;
	}
	for (long i = 0; i < count; i++) {
		if (cs[i].ssl) SSL_free(cs[i].ssl);
		if (cs[i].fd >= 0) close(cs[i].fd);
	}
	free(cs);
	free(pfds);
	SSL_CTX_free(ctx);
	return done == count ? 0 : 1;
}
