/* fingerprint.c: a certificate's SHA-256 fingerprint, as people compare it.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdio.h>

#include "chat.h"

bool fingerprintCert(const struct x509_st *cert, char buf[CHAT_FINGERPRINT_MAX])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	if (!X509_digest(cert, EVP_sha256(), md, &len) || len != 32) return false;
	size_t at = snprintf(buf, CHAT_FINGERPRINT_MAX, "SHA256:");
	for (unsigned int i = 0; i < len; i++) {
		at += snprintf(buf + at, CHAT_FINGERPRINT_MAX - at, i ? ":%02X" : "%02X", md[i]);
	}
	return true;
}
