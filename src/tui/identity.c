/* identity.c: chat-tui's own key and certificate, which it shows servers.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A server ties a name to the fingerprint of the client certificate
 * that first took it, so the key must stay the same from run to run:
 * it is made once, on the first run, and kept with a self-signed
 * certificate in $XDG_STATE_HOME/chat-tui/identity.pem (or
 * ~/.local/state/chat-tui/), key first, mode 0600.  It is written to a
 * temporary file, synced and renamed, so that a crash leaves either no
 * identity or a whole one.  An existing file that cannot be read is an
 * error, never replaced: that would silently lose every name it owns.
 */
#include <config.h>

#include <errno.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

enum { CERT_DAYS = 100 * 365 };

static EVP_PKEY *key;
static X509 *cert;
static char fingerprint[CHAT_FINGERPRINT_MAX];
static char *path;

static const char *identityPath(void)
{
	if (!path) path = fileStatePath("chat-tui", "identity.pem");
	return path;
}

static const char *sslError(void)
{
	return tlsioError(_("unknown error"));
}

static bool writePem(FILE *out, void *ctx)
{
	(void)ctx;
	return PEM_write_PrivateKey(out, key, NULL, NULL, 0, NULL, NULL)
	    && PEM_write_X509(out, cert);
}

static bool make(char *why, size_t size)
{
	const char *file = identityPath();
	key = EVP_EC_gen("P-256");
	/* The name says nothing about the user: only the key matters. */
	cert = key ? certMake(key, "chat-tui", CERT_DAYS) : NULL;
	if (!cert) {
		/* TRANSLATORS: %s is OpenSSL's reason. */
		snprintf(why, size, _("cannot make a key: %s"), sslError());
		return false;
	}
	/* Never replaced: of two chat-tui starting at once, one key stays. */
	if (fileCreate(file, writePem, NULL)) return true;
	int error = errno;
	snprintf(why, size, "%s: %s", file, strerror(error));
	errno = error;
	return false;
}

static bool load(FILE *file, char *why, size_t size)
{
	key = PEM_read_PrivateKey(file, NULL, certNoPassphrase, NULL);
	cert = key ? PEM_read_X509(file, NULL, certNoPassphrase, NULL) : NULL;
	if (!cert || X509_check_private_key(cert, key) != 1) {
		/* TRANSLATORS: the identity file, then OpenSSL's reason. */
		snprintf(why, size, _("%s: not a private key followed by its certificate: %s"),
		    identityPath(), sslError());
		return false;
	}
	return true;
}

bool identityLoad(char *why, size_t size)
{
	if (cert) return true;
	ERR_clear_error();
	for (int tries = 0; tries < 2; tries++) {
		FILE *file = fopen(identityPath(), "re");
		bool ok;
		if (file) {
			ok = load(file, why, size);
			fclose(file);
		} else if (errno == ENOENT) {
			ok = make(why, size);
			/* Another chat-tui made it first: use that one. */
			if (!ok && errno == EEXIST) {
				identityFree();
				continue;
			}
		} else {
			snprintf(why, size, "%s: %s", identityPath(), strerror(errno));
			ok = false;
		}
		if (ok && fingerprintCert(cert, fingerprint)) return true;
		identityFree();
		return false;
	}
	return false;
}

const char *identityFingerprint(void)
{
	return cert ? fingerprint : NULL;
}

bool identityUse(struct ssl_ctx_st *ctx)
{
	return cert && SSL_CTX_use_certificate(ctx, cert) == 1
	    && SSL_CTX_use_PrivateKey(ctx, key) == 1;
}

void identityFree(void)
{
	EVP_PKEY_free(key);
	X509_free(cert);
	key = NULL;
	cert = NULL;
	free(path);
	path = NULL;
}
