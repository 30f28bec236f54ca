/* rst.c: a client that crashes mid-write, for the hardening tests.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: rst [-t] PORT COUNT TEXT
 *
 * COUNT times: connects to 127.0.0.1:PORT, waits for the server's first
 * line after its hello (so the client is in the room), sends TEXT
 * (escapes \n \\ \xHH; no newline is added) and resets
 * the connection (SO_LINGER 0, so the server sees RST, not FIN), without
 * reading anything else.  Exits 0 when every write went out.
 *
 * With -t, one more connection talks: right after each reset it sends a
 * line ("talk N"), so that the server relays into the reset socket while
 * the crashed client's own thread is still reading it.  It reads what the
 * room sends it between resets, so that its queue never fills.
 */
#include <config.h>

#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static size_t unescape(char *s)
{
	size_t n = 0;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] != '\\' || !s[i + 1]) {
			s[n++] = s[i];
		} else if (s[i + 1] == 'n') {
			s[n++] = '\n', i++;
		} else if (s[i + 1] == 'x' && s[i + 2] && s[i + 3]) {
			char hex[3] = { s[i + 2], s[i + 3], 0 };
			s[n++] = (char)strtol(hex, NULL, 16), i += 3;
		} else {
			s[n++] = s[++i];
		}
	}
	return n;
}

/* Connects and waits for the end of the first line after the hello. */
static int dial(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) err(99, "socket");
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin))) err(1, "connect");
	char line[4096];
	size_t n = 0;
	for (;;) {
		char c;
		if (read(fd, &c, 1) != 1) errx(1, "no welcome from the server");
		if (c != '\n') {
			if (n < sizeof(line) - 1) line[n++] = c;
			continue;
		}
		line[n] = '\0';
		if (strncmp(line, "-!- hello: ", 11)) break;
		n = 0;
	}
	return fd;
}

static void crash(int port, const char *text, size_t len)
{
	int fd = dial(port);
	if (write(fd, text, len) != (ssize_t)len) err(1, "write");
	struct linger lin = { .l_onoff = 1, .l_linger = 0 };
	if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &lin, sizeof(lin))) err(99, "SO_LINGER");
	close(fd);
}

static void talk(int fd, long i)
{
	char buf[4096];
	ssize_t got;
	while ((got = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) continue;
	if (!got) errx(1, "talker: the server closed the connection");
	if (errno != EAGAIN && errno != EWOULDBLOCK) err(1, "talker: recv");
	int n = snprintf(buf, sizeof(buf), "talk %ld\n", i);
	if (write(fd, buf, n) != n) err(1, "talker: write");
}

int main(int argc, char *argv[])
{
	int talker = -1;
	if (argc == 5 && !strcmp(argv[1], "-t")) {
		talker = 0;
		argc--, argv++;
	}
	if (argc != 4) errx(2, "usage: rst [-t] PORT COUNT TEXT");
	int port = atoi(argv[1]);
	long count = atol(argv[2]);
	size_t len = unescape(argv[3]);
	if (!talker) talker = dial(port);
	for (long i = 0; i < count; i++) {
		crash(port, argv[3], len);
		if (talker >= 0) talk(talker, i + 1);
	}
	if (talker >= 0) {
		/* A close with unread bytes would reset the talker too, and its
		 * last line could go with it: end it as a client should. */
		char buf[4096];
		shutdown(talker, SHUT_WR);
		while (recv(talker, buf, sizeof(buf), 0) > 0) continue;
		close(talker);
	}
	return 0;
}
