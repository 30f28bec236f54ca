/* unit-cert.c: cert.c's self-signed certificates, their fingerprints,
 * and keys that want a passphrase.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <time.h>

#include "chat.h"
#include "unit.h"

int main(void)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	CHECK(key);
	if (!key) return unitStatus();
	X509 *cert = certMake(key, "héllo", 10);
	CHECK(cert);
	if (!cert) return unitStatus();
	/* Signed by its own key, for that key. */
	CHECK(X509_verify(cert, key) == 1);
	CHECK(X509_check_private_key(cert, key) == 1);
	CHECK(X509_get_version(cert) == X509_VERSION_3);
	CHECK(!X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)));
	char cn[64] = "";
	X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof(cn));
	CHECK_STR(cn, "héllo");
	/* From a day ago, for days days. */
	int days = 0, secs = 0;
	CHECK(ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(cert), X509_get0_notAfter(cert)));
	CHECK(days == 11 && secs == 0);
	time_t now = time(NULL);
	CHECK(X509_cmp_time(X509_get0_notBefore(cert), &now) < 0);
	CHECK(X509_cmp_time(X509_get0_notAfter(cert), &now) > 0);
	/* Two of them differ, if only by their serial number. */
	X509 *other = certMake(key, "héllo", 10);
	char a[CHAT_FINGERPRINT_MAX], b[CHAT_FINGERPRINT_MAX];
	CHECK(other && fingerprintCert(cert, a) && fingerprintCert(other, b));
	CHECK(strcmp(a, b));
	CHECK(ASN1_INTEGER_cmp(X509_get0_serialNumber(cert), X509_get0_serialNumber(other)));
	X509_free(other);
	X509_free(cert);

	/* A key that needs a passphrase is refused; one that does not, read. */
	BIO *bio = BIO_new(BIO_s_mem());
	CHECK(PEM_write_bio_PrivateKey(bio, key, EVP_aes_256_cbc(),
	    (unsigned char *)"secret", 6, NULL, NULL));
	EVP_PKEY *read = PEM_read_bio_PrivateKey(bio, NULL, certNoPassphrase, NULL);
	CHECK(!read);
	EVP_PKEY_free(read);
	BIO_free(bio);
	bio = BIO_new(BIO_s_mem());
	CHECK(PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL));
	read = PEM_read_bio_PrivateKey(bio, NULL, certNoPassphrase, NULL);
	CHECK(read && EVP_PKEY_eq(read, key) == 1);
	EVP_PKEY_free(read);
	BIO_free(bio);
	EVP_PKEY_free(key);
	return unitStatus();
}
