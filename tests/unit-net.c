/* unit-net.c: unit tests for the socket helpers in net.c (loopback only).
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chat.h"
#include "unit.h"


static void localName(int fd, char *buf, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	CHECK(getsockname(fd, (struct sockaddr *)&ss, &len) == 0);
	netAddrName((struct sockaddr *)&ss, len, buf, size);
}

static void testListen(void)
{
	int fds[4];
	char err[256], name[80];
	int n = netListen("127.0.0.1", "0", fds, 4, err, sizeof(err));
	CHECK(n == 1);
	if (n != 1) return;
	localName(fds[0], name, sizeof(name));
	CHECK(!strncmp(name, "127.0.0.1:", 10) && strcmp(name, "127.0.0.1:0"));
	CHECK(fcntl(fds[0], F_GETFD) & FD_CLOEXEC);
	/* The same port again is taken, with the address in the message. */
	int again[4];
	n = netListen("127.0.0.1", strchr(name, ':') + 1, again, 4, err, sizeof(err));
	CHECK(n == -1 && strstr(err, name));
	CHECK(netNonblock(fds[0], true) == 0 && (fcntl(fds[0], F_GETFL) & O_NONBLOCK));
	CHECK(netNonblock(fds[0], false) == 0 && !(fcntl(fds[0], F_GETFL) & O_NONBLOCK));
	close(fds[0]);
}

/* Every address of a name shares one port, also when asked for port 0. */
static void testLocalhost(void)
{
	int fds[4];
	char err[256], first[80], other[80];
	int n = netListen("localhost", "0", fds, 4, err, sizeof(err));
	CHECK(n >= 1);
	if (n < 1) return;
	localName(fds[0], first, sizeof(first));
	for (int i = 1; i < n; i++) {
		localName(fds[i], other, sizeof(other));
		CHECK(!strcmp(strrchr(first, ':'), strrchr(other, ':')));
	}
	while (n) close(fds[--n]);
}

static void testErrors(void)
{
	int fds[4];
	char err[256] = "";
	CHECK(netListen("127.0.0.1", "65536", fds, 4, err, sizeof(err)) == -1 && err[0]);
	err[0] = '\0';
	CHECK(netListen("host.invalid", "0", fds, 4, err, sizeof(err)) == -1 && err[0]);
	CHECK(netNonblock(-1, true) == -1);
	CHECK(netCloexec(-1) == -1);
}

static void testAddrName(void)
{
	char buf[80];
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(5555) };
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	netAddrName((struct sockaddr *)&sin, sizeof(sin), buf, sizeof(buf));
	CHECK(!strcmp(buf, "127.0.0.1:5555"));
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_port = htons(5555) };
	sin6.sin6_addr = in6addr_loopback;
	netAddrName((struct sockaddr *)&sin6, sizeof(sin6), buf, sizeof(buf));
	CHECK(!strcmp(buf, "[::1]:5555"));
	netAddrName((struct sockaddr *)&sin6, sizeof(sin6), buf, 5);
	CHECK(strlen(buf) == 4);
}

int main(void)
{
	testListen();
	testLocalhost();
	testErrors();
	testAddrName();
	return unitStatus();
}
