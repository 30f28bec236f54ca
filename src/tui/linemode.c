/* linemode.c: chat-tui without a terminal: stdin lines out, received lines to stdout.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like the original client, so that scripts can use it: what comes on
 * standard input is sent as it is (server commands included), and every
 * line received is printed, sanitised, as the server sent it.  At the end
 * of standard input we stop sending and keep printing until the server
 * closes the connection, which chat-server does at once; with --listen
 * we do not tell it, and listen on until it goes away.  A message longer than the server takes (its
 * hello says how much) goes as several, cut as on the screen; so lines
 * wait until the server has said something, or READY_MS have passed.
 * The exit status is 1 when the server refused a line as too long.
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sysexits.h>
#include <unistd.h>

#include "tui.h"

enum { LATE_TRIES = 2, OUT_MAX = 1 << 16, READY_MS = 1000 };

/* Bytes that wait: for the server (out), or for a line's end (typed). */
struct bytes {
	char *s;
	size_t len, cap;
};
static struct bytes out;
static struct bytes typed;      /* standard input not yet in out */
static bool ready;              /* we know how long a line may be */
static bool gated;              /* the room wants its password first */
static long maxLine = CHAT_LINE_MAX;
static long refused;

static void add(struct bytes *b, const char *s, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
}

/* A line of standard input into out: a message in as many lines as the
 * server needs, anything else as it is. */
static void outLine(const char *s, size_t len)
{
	bool message = s[0] != '/' || (len > 1 && s[1] == '/');
	if (!message || (long)len + 1 <= maxLine) {
		add(&out, s, len);
		add(&out, "\n", 1);
		return;
	}
	if (s[0] == '/') s++, len--;
	while (len) {
		/* The LF, and a / doubled in front. */
		size_t n = typedCut(s, len, maxLine - 2);
		if (s[0] == '/') add(&out, "/", 1);
		add(&out, s, n);
		add(&out, "\n", 1);
		s += n, len -= n;
		while (len && *s == ' ') s++, len--;
	}
}

/* Moves the complete lines of standard input into out. */
static void outTyped(void)
{
	/* Nothing read yet (stdin empty from the start) is no buffer at all. */
	if (!ready || !typed.len) return;
	size_t start = 0;
	for (char *lf; (lf = memchr(typed.s + start, '\n', typed.len - start)); ) {
		outLine(typed.s + start, lf - (typed.s + start));
		start = lf + 1 - typed.s;
	}
	memmove(typed.s, typed.s + start, typed.len - start);
	typed.len -= start;
}

/* The room's password, before everything else that waits in out. */
static void outPass(void)
{
	const char *pw = passwordLine();
	if (!pw) {
		errx(EX_NOPERM, "%s:%s: %s", tuiOpt.host, tuiOpt.port,
		    _("the room has a password: give it with --password-file"));
	}
	size_t len = strlen(pw) + sizeof("/pass \n") - 1;
	char *line = xmalloc(len + 1);
	snprintf(line, len + 1, "/pass %s\n", pw);
	size_t had = out.len;
	add(&out, line, len);
	memmove(out.s + len, out.s, had);
	memcpy(out.s, line, len);
	explicit_bzero(line, len);
	free(line);
}

static void outNick(void)
{
	if (!tuiOpt.nickGiven) return;
	add(&out, "/nick ", 6);
	add(&out, tuiOpt.nick, strlen(tuiOpt.nick));
	add(&out, "\n", 1);
}

static void heard(const char *clean)
{
	struct wireMsg m;
	wireParse(clean, &m);
	if (m.type == WIRE_HELLO && wireCap(m.text, "password", NULL, 0)) gated = true;
	if (m.type == WIRE_WELCOME) gated = false;
	if (m.type == WIRE_ERROR && !strcmp(m.code, "password-required")) outPass();
	if (m.type == WIRE_ERROR && !strcmp(m.code, "bad-password")) {
		errx(EX_NOPERM, "%s:%s: %s", tuiOpt.host, tuiOpt.port, _("wrong password"));
	}
	char value[16];
	long long max;
	if (m.type == WIRE_HELLO && wireCap(m.text, "max-line", value, sizeof(value)) &&
	    utilParseNumber(value, 16, CHAT_LINE_MAX, &max)) {
		maxLine = max;
	}
	if (m.type == WIRE_ERROR && !strcmp(m.code, "too-long")) refused++;
	if (!ready && !gated) {
		ready = true;
		outNick();
		outTyped();
	}
}

static struct secure *tls;

static ssize_t get(int fd, char *buf, size_t len)
{
	return tls ? secureRead(tls, buf, len) : read(fd, buf, len);
}

static ssize_t put(int fd, const char *buf, size_t len)
{
	return tls ? secureWrite(tls, buf, len) : send(fd, buf, len, MSG_NOSIGNAL);
}

/* The handshake, waiting in place; exits when the server is not trusted.
 * False when chat-server took us for a plain client (our hello came after
 * its --tls-wait) and we may try again. */
static bool handshake(int fd, bool retry)
{
	char said[512], why[2048], notice[1024];
	int64_t end = utilNow() + CONN_TIMEOUT;
	tls = secureNew(fd, tuiOpt.host);
	for (;;) {
		enum secureStep step = secureHandshake(tls, said, sizeof(said));
		if (step == SECURE_READ || step == SECURE_WRITE) {
			struct pollfd p = { .fd = fd, .events = step == SECURE_READ ? POLLIN : POLLOUT };
			int64_t left = end - utilNow();
			if (left <= 0 || poll(&p, 1, (int)left) == 0) {
				errx(EX_UNAVAILABLE, "%s:%s: %s", tuiOpt.host, tuiOpt.port, _("TLS handshake timed out"));
			}
			continue;
		}
		if (retry && step == SECURE_PLAIN && !strncmp(said, "-!- ", 4)
		    && strncmp(said, "-!- error ", 10)) {
			secureFree(tls);
			tls = NULL;
			return false;
		}
		if (!connJudge(tls, step, said, why, sizeof(why), notice, sizeof(notice))) {
			errx(EX_UNAVAILABLE, "%s:%s: %s", tuiOpt.host, tuiOpt.port, why);
		}
		/* Standard output is for what the server sends. */
		if (*notice) warnx("%s", notice);
		return true;
	}
}

static void print(const char *line, size_t len)
{
	char *clean = xmalloc(SANITIZE_SIZE(len));
	size_t n = sanitize(clean, SANITIZE_SIZE(len), line, len);
	fwrite(clean, 1, n, stdout);
	putchar('\n');
	heard(clean);
	free(clean);
}

/* Reads what the server sent; false once it has closed the connection. */
static bool receive(int fd, struct frame *in, int64_t *partialAt)
{
	size_t room;
	char *space = frameSpace(in, &room);
	ssize_t n = get(fd, space, room);
	if (n < 0 && (errno == EAGAIN || errno == EINTR)) return true;
	char *line;
	size_t len;
	if (n <= 0) {
		if (frameTake(in, &line, &len)) print(line, len);
		if (n < 0) warn("%s:%s", tuiOpt.host, tuiOpt.port);
		return false;
	}
	frameCommit(in, n);
	enum frameResult r;
	while ((r = frameNext(in, &line, &len)) != FRAME_NONE) {
		if (r == FRAME_LINE) print(line, len);
	}
	fflush(stdout);
	if (!framePending(in)) *partialAt = 0;
	else if (!*partialAt) *partialAt = utilNow() + CONN_PARTIAL_DELAY;
	return true;
}

static void readStdin(bool *eof)
{
	char buf[4096];
	ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
	if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
	if (n > 0) {
		add(&typed, buf, n);
		outTyped();
		return;
	}
	if (typed.len && typed.s[typed.len - 1] != '\n') add(&typed, "\n", 1);
	outTyped();
	*eof = true;
}

static void sendOut(int fd)
{
	ssize_t n = put(fd, out.s, out.len);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR) return;
		err(EX_UNAVAILABLE, "%s:%s", tuiOpt.host, tuiOpt.port);
	}
	memmove(out.s, out.s + n, out.len - n);
	out.len -= n;
}

int linemodeRun(void)
{
	char why[512];
	signal(SIGPIPE, SIG_IGN);
	int fd;
	for (int tries = 0;; tries++) {
		fd = connDial(tuiOpt.host, tuiOpt.port, CONN_TIMEOUT, why, sizeof(why));
		if (fd < 0 && connNextServer()) {
			/* A room with several servers: the next one, at once. */
			warnx("%s", why);
			tries = -1;
			continue;
		}
		if (fd < 0) errx(EX_UNAVAILABLE, "%s", why);
		if (!tuiOpt.tls || handshake(fd, tries < LATE_TRIES)) break;
		close(fd);
	}
	struct frame in;
	frameInit(&in, CHAT_WIRE_MAX);
	bool eof = false, shut = false, open = true;
	int64_t partialAt = 0, readyAt = utilNow() + READY_MS;
	while (open) {
		struct pollfd p[2] = {
			{ .fd = fd, .events = POLLIN | (out.len ? POLLOUT : 0) },
			{ .fd = eof || out.len > OUT_MAX || typed.len > OUT_MAX ? -1 : STDIN_FILENO,
			  .events = POLLIN },
		};
		int64_t at = partialAt;
		if (!ready && !gated && (!at || readyAt < at)) at = readyAt;
		int timeout = -1;
		/* What TLS has decrypted already, poll() cannot see. */
		bool more = tls && securePending(tls);
		if (more) timeout = 0;
		else if (at) {
			int64_t ms = at - utilNow();
			timeout = ms < 0 ? 0 : (int)ms;
		}
		if (poll(p, 2, timeout) < 0 && errno != EINTR) err(EX_OSERR, "poll");
		if (p[1].revents) readStdin(&eof);
		if (p[0].revents & POLLOUT) sendOut(fd);
		if (more || p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			open = receive(fd, &in, &partialAt);
		}
		if (!ready && !gated && utilNow() >= readyAt) {
			ready = true;
			outNick();
			outTyped();
		}
		if (eof && ready && !out.len && !typed.len && !shut && !tuiOpt.listen) {
			if (tls) secureShutdown(tls);
			shutdown(fd, SHUT_WR);
			shut = true;
		}
		char *line;
		size_t len;
		if (partialAt && utilNow() >= partialAt) {
			partialAt = 0;
			if (frameTake(&in, &line, &len)) print(line, len);
			fflush(stdout);
		}
	}
	secureFree(tls);
	secureCleanup();
	close(fd);
	frameFree(&in);
	free(out.s);
	free(typed.s);
	if (!refused) return EXIT_SUCCESS;
	/* TRANSLATORS: %ld is a number of lines. */
	warnx(ngettext("the server refused %ld line as too long",
	    "the server refused %ld lines as too long", refused), refused);
	return EXIT_FAILURE;
}
