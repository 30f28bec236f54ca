/* fingerprint.c: a certificate's SHA-256 fingerprint, as people compare it.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>

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

bool fingerprintValid(const char *s)
{
	if (strncmp(s, "SHA256:", 7) || strlen(s) != 7 + 32 * 3 - 1) return false;
	for (int i = 0; i < 32 * 3 - 1; i++) {
		char c = s[7 + i];
		if (i % 3 == 2 ? c != ':' : !strchr("0123456789ABCDEF", c)) return false;
	}
	return true;
}
