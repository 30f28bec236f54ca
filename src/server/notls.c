/* notls.c: tls.c's interface in a chat-server built without OpenSSL
 * (configure --disable-tls), for systems that have no OpenSSL 3, such as
 * a musl tool chain.  Every connection is plain: a TLS hello is refused
 * like any failed handshake, and the options that need TLS are errors.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <sysexits.h>

#include "server.h"

void tlsSetup(void)
{
	if (serverOpt.tlsCert || serverOpt.requireTls) {
		errx(EX_CONFIG, "%s", _("this chat-server was built without TLS "
		    "(configure --disable-tls): --tls-cert, --tls-key and --require-tls "
		    "are not available"));
	}
}

const char *tlsFingerprint(void)
{
	return NULL;
}

/* A session that only fails its handshake, so that a TLS hello is
 * logged as what it is. */
static char noSession;

struct ssl_st *tlsNew(int fd)
{
	(void)fd;
	return (struct ssl_st *)(void *)&noSession;
}

int tlsHandshake(struct ssl_st *ssl, const char **why)
{
	(void)ssl;
	*why = "built without TLS";
	return -1;
}

ssize_t tlsRead(struct ssl_st *ssl, void *buf, size_t len)
{
	(void)ssl, (void)buf, (void)len;
	errno = EPROTO;
	return -1;
}

ssize_t tlsWrite(struct ssl_st *ssl, const void *buf, size_t len)
{
	(void)ssl, (void)buf, (void)len;
	errno = EPROTO;
	return -1;
}

bool tlsPending(struct ssl_st *ssl)
{
	(void)ssl;
	return false;
}

const char *tlsVersion(struct ssl_st *ssl)
{
	(void)ssl;
	return "none";
}

bool tlsPeerFingerprint(struct ssl_st *ssl, char buf[CHAT_FINGERPRINT_MAX])
{
	(void)ssl;
	buf[0] = '\0';
	return false;
}

void tlsFree(struct ssl_st *ssl)
{
	(void)ssl;
}

void tlsThreadEnd(void)
{
}

bool opAdd(const char *fingerprint)
{
	(void)fingerprint;
	errx(EX_CONFIG, "%s", _("this chat-server was built without TLS "
	    "(configure --disable-tls): --op is not available"));
}

/* No keys, so no operators. */
void opRun(struct peer *p, const struct request *cmd)
{
	(void)cmd;
	roomError(p, "not-operator", NULL, "only operators may do that");
}
