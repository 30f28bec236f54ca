/* linemode.c: chat-tui without a terminal: stdin lines out, received lines to stdout.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like the original client, so that scripts can use it: what comes on
 * standard input is sent as it is (server commands included), and every
 * line received is printed, sanitised, as the server sent it.  At the end
 * of standard input we stop sending and keep printing until the server
 * closes the connection.
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

enum { OUT_MAX = 1 << 16 };

static char *out;
static size_t outLen, outCap;

static void outAdd(const char *s, size_t n)
{
	if (outLen + n > outCap) {
		outCap = (outLen + n) * 2;
		out = xrealloc(out, outCap);
	}
	memcpy(out + outLen, s, n);
	outLen += n;
}

static void print(const char *line, size_t len)
{
	char *clean = xmalloc(SANITIZE_SIZE(len));
	size_t n = sanitize(clean, SANITIZE_SIZE(len), line, len);
	fwrite(clean, 1, n, stdout);
	putchar('\n');
	free(clean);
}

/* Reads what the server sent; false once it has closed the connection. */
static bool receive(int fd, struct frame *in, int64_t *partialAt)
{
	size_t room;
	char *space = frameSpace(in, &room);
	ssize_t n = read(fd, space, room);
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
		outAdd(buf, n);
		return;
	}
	if (outLen && out[outLen - 1] != '\n') outAdd("\n", 1);
	*eof = true;
}

static void sendOut(int fd)
{
	ssize_t n = send(fd, out, outLen, MSG_NOSIGNAL);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR) return;
		err(EX_UNAVAILABLE, "%s:%s", tuiOpt.host, tuiOpt.port);
	}
	memmove(out, out + n, outLen - n);
	outLen -= n;
}

int linemodeRun(void)
{
	char why[512];
	signal(SIGPIPE, SIG_IGN);
	int fd = connDial(tuiOpt.host, tuiOpt.port, CONN_TIMEOUT, why, sizeof(why));
	if (fd < 0) errx(EX_UNAVAILABLE, "%s", why);
	if (tuiOpt.nickGiven) {
		outAdd("/nick ", 6);
		outAdd(tuiOpt.nick, strlen(tuiOpt.nick));
		outAdd("\n", 1);
	}
	struct frame in;
	frameInit(&in, CHAT_WIRE_MAX);
	bool eof = false, shut = false, open = true;
	int64_t partialAt = 0;
	while (open) {
		struct pollfd p[2] = {
			{ .fd = fd, .events = POLLIN | (outLen ? POLLOUT : 0) },
			{ .fd = eof || outLen > OUT_MAX ? -1 : STDIN_FILENO, .events = POLLIN },
		};
		int timeout = -1;
		if (partialAt) {
			int64_t ms = partialAt - utilNow();
			timeout = ms < 0 ? 0 : (int)ms;
		}
		if (poll(p, 2, timeout) < 0 && errno != EINTR) err(EX_OSERR, "poll");
		if (p[1].revents) readStdin(&eof);
		if (p[0].revents & POLLOUT) sendOut(fd);
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) open = receive(fd, &in, &partialAt);
		if (eof && !outLen && !shut) {
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
	close(fd);
	frameFree(&in);
	free(out);
	return EXIT_SUCCESS;
}
