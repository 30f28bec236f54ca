/* tlsio.c: an OpenSSL session read and written as a non-blocking socket.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * chat-server's tls.c and chat-tui's secure.c hand their callers a
 * session that answers like recv and send, so that the plain-text and
 * the TLS paths share their loops.  What OpenSSL's answers mean is the
 * same on both sides, and is said once, here.
 */
#include <config.h>

#include <errno.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "chat.h"

const char *tlsioError(const char *fallback)
{
	unsigned long e = ERR_peek_last_error();
	const char *reason = e ? ERR_reason_error_string(e) : NULL;
	return reason ? reason : fallback;
}

/* recv and send's answers: -1 with errno (EAGAIN to wait), 0 at the end. */
static ssize_t answer(SSL *ssl, int r)
{
	switch (SSL_get_error(ssl, r)) {
	case SSL_ERROR_WANT_READ:
	case SSL_ERROR_WANT_WRITE:
		errno = EAGAIN;
		return -1;
	case SSL_ERROR_ZERO_RETURN:
		return 0;
	case SSL_ERROR_SYSCALL:
		/* errno 0: closed without close_notify, an end all the same. */
		return errno ? -1 : 0;
	default:
		errno = EPROTO;
		return -1;
	}
}

ssize_t tlsioRead(struct ssl_st *ssl, void *buf, size_t len)
{
	size_t n = 0;
	ERR_clear_error();
	errno = 0;
	int r = SSL_read_ex(ssl, buf, len, &n);
	return r == 1 ? (ssize_t)n : answer(ssl, r);
}

ssize_t tlsioWrite(struct ssl_st *ssl, const void *buf, size_t len)
{
	size_t n = 0;
	ERR_clear_error();
	errno = 0;
	int r = SSL_write_ex(ssl, buf, len, &n);
	if (r == 1) return n;
	/* The end, while writing, is what send calls a broken pipe. */
	if (!answer(ssl, r)) errno = EPIPE;
	return -1;
}
