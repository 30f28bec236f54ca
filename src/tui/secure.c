/* secure.c: chat-tui's TLS session with the server.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The only file of chat-tui that calls OpenSSL for a connection (known.c
 * decides whom to trust).  The rest sees a session that reads and writes
 * like a non-blocking socket, its fingerprint, and whether the system's
 * trust store vouches for the certificate under the host name we dialled.
 * OpenSSL checks the chain and the name (SSL_set1_host, or the address
 * for an IP literal) while it shakes hands; we never fail the handshake
 * on it, because an unknown certificate goes to trust on first use.
 */
#include <config.h>

#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sysexits.h>

#include "tui.h"

enum { FIRST_MAX = 200 };

struct secure {
	SSL *ssl;
	int fd;
	char first[FIRST_MAX + 1];  /* the first bytes the server sent */
	size_t firstLen;
	char fingerprint[CHAT_FINGERPRINT_MAX];
	bool verified;
};

static SSL_CTX *ctx;

static const char *sslError(void)
{
	return tlsioError(_("the connection was closed"));
}

static void setup(void)
{
	ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx) errx(EX_SOFTWARE, "SSL_CTX_new: %s", sslError());
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
	/* conn.c writes from its queue and may move its buffer. */
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	/* The system store, or SSL_CERT_FILE and SSL_CERT_DIR. */
	SSL_CTX_set_default_verify_paths(ctx);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	/* Without an identity (tui.c said why) we connect anonymously. */
	identityUse(ctx);
}

void secureCleanup(void)
{
	SSL_CTX_free(ctx);
	ctx = NULL;
}

/* Keeps the first bytes read, to tell a plain-text server from a broken
 * TLS one and to show what it said. */
static long recordFirst(BIO *bio, int oper, const char *argp, size_t len, int argi,
    long argl, int ret, size_t *processed)
{
	(void)len, (void)argi, (void)argl;
	struct secure *s = (struct secure *)BIO_get_callback_arg(bio);
	if (oper != (BIO_CB_READ | BIO_CB_RETURN) || ret <= 0 || !processed) return ret;
	size_t n = *processed;
	if (n > FIRST_MAX - s->firstLen) n = FIRST_MAX - s->firstLen;
	memcpy(s->first + s->firstLen, argp, n);
	s->firstLen += n;
	return ret;
}

static bool isAddress(const char *host)
{
	unsigned char buf[sizeof(struct in6_addr)];
	return inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1;
}

struct secure *secureNew(int fd, const char *host)
{
	if (!ctx) setup();
	struct secure *s = xcalloc(1, sizeof(*s));
	s->fd = fd;
	s->ssl = SSL_new(ctx);
	if (!s->ssl || SSL_set_fd(s->ssl, fd) != 1) {
		errx(EX_SOFTWARE, "SSL_new: %s", sslError());
	}
	if (isAddress(host)) {
		X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(s->ssl), host);
	} else {
		SSL_set_tlsext_host_name(s->ssl, host);
		SSL_set1_host(s->ssl, host);
	}
	BIO *bio = SSL_get_rbio(s->ssl);
	BIO_set_callback_arg(bio, (char *)s);
	BIO_set_callback_ex(bio, recordFirst);
	return s;
}

void secureFree(struct secure *s)
{
	if (!s) return;
	ERR_clear_error();
	if (SSL_is_init_finished(s->ssl)) SSL_shutdown(s->ssl);
	SSL_free(s->ssl);
	ERR_clear_error();
	free(s);
}

/* After a failed handshake: did a plain-text server answer?  Then the
 * first line it sent, with what is still in the socket. */
static bool plainAnswer(struct secure *s)
{
	/* TLS records start with 20 to 23, an alert or a handshake. */
	if (!s->firstLen || (s->first[0] >= 20 && s->first[0] <= 23)) return false;
	ssize_t n = recv(s->fd, s->first + s->firstLen, FIRST_MAX - s->firstLen, MSG_DONTWAIT);
	if (n > 0) s->firstLen += n;
	s->first[s->firstLen] = '\0';
	s->first[strcspn(s->first, "\r\n")] = '\0';
	return true;
}

enum secureStep secureHandshake(struct secure *s, char *why, size_t size)
{
	ERR_clear_error();
	errno = 0;
	int r = SSL_connect(s->ssl);
	if (r == 1) {
		X509 *cert = SSL_get0_peer_certificate(s->ssl);
		if (!cert || !fingerprintCert(cert, s->fingerprint)) {
			snprintf(why, size, "%s", _("the server sent no certificate"));
			return SECURE_FAILED;
		}
		s->verified = SSL_get_verify_result(s->ssl) == X509_V_OK;
		return SECURE_DONE;
	}
	int e = SSL_get_error(s->ssl, r);
	if (e == SSL_ERROR_WANT_READ) return SECURE_READ;
	if (e == SSL_ERROR_WANT_WRITE) return SECURE_WRITE;
	if (plainAnswer(s)) {
		sanitize(why, size, s->first, strlen(s->first));
		return SECURE_PLAIN;
	}
	if (e == SSL_ERROR_SYSCALL && errno) snprintf(why, size, "%s", strerror(errno));
	else snprintf(why, size, "%s", sslError());
	return SECURE_FAILED;
}

ssize_t secureRead(struct secure *s, void *buf, size_t len)
{
	return tlsioRead(s->ssl, buf, len);
}

ssize_t secureWrite(struct secure *s, const void *buf, size_t len)
{
	return tlsioWrite(s->ssl, buf, len);
}

void secureShutdown(struct secure *s)
{
	ERR_clear_error();
	SSL_shutdown(s->ssl);
}

bool securePending(const struct secure *s)
{
	return SSL_has_pending(s->ssl);
}

const char *secureFingerprint(const struct secure *s)
{
	return s->fingerprint;
}

bool secureVerified(const struct secure *s)
{
	return s->verified;
}
