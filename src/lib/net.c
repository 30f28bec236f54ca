/* net.c: listening sockets, printable peer addresses, descriptor flags.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chat.h"

int netNonblock(int fd, bool on)
{
	int flags = fcntl(fd, F_GETFL);
	if (flags < 0) return -1;
	flags = on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
	return fcntl(fd, F_SETFL, flags);
}

int netCloexec(int fd)
{
	int flags = fcntl(fd, F_GETFD);
	if (flags < 0) return -1;
	return fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

void netAddrName(const struct sockaddr *sa, socklen_t len, char *buf, size_t size)
{
	char host[NI_MAXHOST], port[NI_MAXSERV];
	int error = getnameinfo(sa, len, host, sizeof(host), port, sizeof(port),
	    NI_NUMERICHOST | NI_NUMERICSERV);
	if (error) {
		snprintf(buf, size, "?");
	} else if (sa->sa_family == AF_INET6) {
		snprintf(buf, size, "[%s]:%s", host, port);
	} else {
		snprintf(buf, size, "%s:%s", host, port);
	}
}

static void setPort(struct sockaddr *sa, in_port_t port)
{
	if (sa->sa_family == AF_INET6) {
		((struct sockaddr_in6 *)sa)->sin6_port = port;
	} else if (sa->sa_family == AF_INET) {
		((struct sockaddr_in *)sa)->sin_port = port;
	}
}

static in_port_t boundPort(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0) return 0;
	if (ss.ss_family == AF_INET6) return ((struct sockaddr_in6 *)&ss)->sin6_port;
	if (ss.ss_family == AF_INET) return ((struct sockaddr_in *)&ss)->sin_port;
	return 0;
}

/* Opens, binds and listens on one address; -1 with errno set on failure. */
static int listenOn(const struct addrinfo *ai)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
	if (fd < 0) return -1;
	int on = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (ai->ai_family == AF_INET6) {
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	}
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, SOMAXCONN) < 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/* A family the host lacks is skipped; any other failure is fatal. */
static bool skippable(int error)
{
	return error == EAFNOSUPPORT || error == EADDRNOTAVAIL || error == EPROTONOSUPPORT;
}

/* Binds every address of the list; -1 with errno and where on failure. */
static int bindAll(struct addrinfo *head, int *fds, int max, char *where, size_t size)
{
	int n = 0;
	int error = 0;
	in_port_t chosen = 0;
	for (struct addrinfo *ai = head; ai && n < max; ai = ai->ai_next) {
		/* With port 0, every address gets the port the first one got. */
		if (chosen) setPort(ai->ai_addr, chosen);
		int fd = listenOn(ai);
		if (fd < 0) {
			error = errno;
			netAddrName(ai->ai_addr, ai->ai_addrlen, where, size);
			if (skippable(error)) continue;
			while (n) close(fds[--n]);
			break;
		}
		if (!chosen) chosen = boundPort(fd);
		fds[n++] = fd;
	}
	if (!n) errno = error;
	return n ? n : -1;
}

static bool portZero(const struct addrinfo *head)
{
	struct sockaddr_storage ss = { 0 };
	memcpy(&ss, head->ai_addr, head->ai_addrlen);
	if (ss.ss_family == AF_INET6) return !((struct sockaddr_in6 *)&ss)->sin6_port;
	return !((struct sockaddr_in *)&ss)->sin_port;
}

int netListen(const char *host, const char *port, int *fds, int max,
    char *err, size_t errsize)
{
	struct addrinfo hints = {
		.ai_flags = AI_PASSIVE,
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_STREAM,
	};
	long long number;
	if (strspn(port, "0123456789") == strlen(port) &&
	    !utilParseNumber(port, 0, 65535, &number)) {
		/* TRANSLATORS: %s is what was given as a port number. */
		snprintf(err, errsize, _("invalid port: %s"), port);
		return -1;
	}
	struct addrinfo *head;
	int error = getaddrinfo(host, port, &hints, &head);
	if (error) {
		/* TRANSLATORS: the first %s is a host name, the second a port,
		 * the third why it failed. */
		snprintf(err, errsize, _("cannot resolve %s port %s: %s"),
		    host ? host : "*", port, gai_strerror(error));
		return -1;
	}
	char where[NI_MAXHOST + NI_MAXSERV + 4] = "";
	int n = bindAll(head, fds, max, where, sizeof(where));
	/* Port 0 may be free on the first address and taken on another. */
	for (int tries = 0; n < 0 && errno == EADDRINUSE && portZero(head) && tries < 8; tries++) {
		for (struct addrinfo *ai = head; ai; ai = ai->ai_next) setPort(ai->ai_addr, 0);
		n = bindAll(head, fds, max, where, sizeof(where));
	}
	error = errno;
	freeaddrinfo(head);
	if (n < 0) {
		/* TRANSLATORS: %s is an address like 127.0.0.1:7667, then why it failed. */
		snprintf(err, errsize, _("cannot listen on %s: %s"),
		    where[0] ? where : port, strerror(error ? error : EADDRNOTAVAIL));
		return -1;
	}
	return n;
}
