/* cert.c: a self-signed certificate for a key of our own.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * chat-server makes one for its TLS key on the first start, chat-tui
 * one for the key it shows servers.  Neither is checked against a CA:
 * people compare fingerprints, so only the key and the dates matter.
 * Both read their key back without ever asking for a passphrase.
 */
#include <config.h>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "chat.h"

int certNoPassphrase(char *buf, int size, int rw, void *data)
{
	(void)buf, (void)size, (void)rw, (void)data;
	return 0;
}

struct x509_st *certMake(struct evp_pkey_st *key, const char *name, int days)
{
	X509 *cert = X509_new();
	BIGNUM *serial = BN_new();
	X509_NAME *subject = cert ? X509_get_subject_name(cert) : NULL;
	/* From yesterday: a clock a little behind still takes it. */
	bool ok = cert && serial && subject
	    && X509_set_version(cert, X509_VERSION_3)
	    && BN_rand(serial, 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY)
	    && BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(cert))
	    && X509_gmtime_adj(X509_getm_notBefore(cert), -86400)
	    && X509_time_adj_ex(X509_getm_notAfter(cert), days, 0, NULL)
	    && X509_set_pubkey(cert, key)
	    && X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
		(const unsigned char *)name, -1, -1, 0)
	    && X509_set_issuer_name(cert, subject)
	    && X509_sign(cert, key, EVP_sha256());
	BN_free(serial);
	if (ok) return cert;
	X509_free(cert);
	return NULL;
}
