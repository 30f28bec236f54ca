/* tls.c: chat-server's TLS: its key and certificate, and each session.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The only file of chat-server that calls OpenSSL.  The rest sees a
 * session as a socket that reads and writes (tlsRead, tlsWrite, which
 * answer like recv and send) and the fingerprint.  OpenSSL objects are
 * not safe for concurrent use: peer.c holds the peer's lock around every
 * call on its session (see server.h).
 *
 * With no --tls-cert, the key and a self-signed certificate are made on
 * the first start and kept in the state directory, written like a mail
 * spool: a temporary file, fsync, rename; the key first, so that a crash
 * leaves either both files or a key without a certificate, which is made
 * again.
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "server.h"

#ifdef CHAT_SANITIZED
enum { SHAKE_STACK = 1024 * 1024 };
#else
enum { SHAKE_STACK = 128 * 1024 };     /* as a client's thread (peer.c) */
#endif

enum {
	CERT_DAYS = 20 * 365,
	TRIM_AFTER = 64,      /* handshakes, see shaken() */
};

static SSL_CTX *ctx;
static char fingerprint[CHAT_FINGERPRINT_MAX];
static atomic_long shaking;     /* handshakes begun and not yet over */

static const char *sslError(void)
{
	return tlsioError("unknown error");
}

/* $STATE_DIRECTORY (systemd, maybe several: the first), --state-dir,
 * $XDG_STATE_HOME/chat-server, ~/.local/state/chat-server (see
 * fileStateDir for ~). */
char *tlsStateDir(void)
{
	const char *dir = getenv("STATE_DIRECTORY");
	if (dir && *dir) {
		char *first = xstrdup(dir);
		first[strcspn(first, ":")] = '\0';
		return first;
	}
	char *state = fileStateDir("chat-server", serverOpt.stateDir);
	/* A user with no home at all: the root's, as systemd's DynamicUser
	 * without StateDirectory would give. */
	return state ? state : xstrdup("/.local/state/chat-server");
}

/* mkdir -p, the last one private. */
void tlsMakeDir(char *path)
{
	if (!fileMakeDirs(path, 0755)) err(EX_CANTCREAT, "%s", path);
}

static X509 *makeCert(EVP_PKEY *key)
{
	char host[256] = "chat-server";
	gethostname(host, sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	X509 *cert = certMake(key, host, CERT_DAYS);
	if (!cert) errx(EX_SOFTWARE, _("cannot make a certificate: %s"), sslError());
	return cert;
}

struct pem {
	EVP_PKEY *key;          /* the key, or else */
	X509 *cert;             /* the certificate */
	mode_t mode;
};

static bool writePem(FILE *out, void *arg)
{
	const struct pem *pem = arg;
	return !fchmod(fileno(out), pem->mode)
	    && (pem->key ? PEM_write_PrivateKey(out, pem->key, NULL, NULL, 0, NULL, NULL)
		: PEM_write_X509(out, pem->cert));
}

/* Nothing is left behind on failure, and the old file, if any, stays whole. */
static bool writeFile(const char *path, mode_t mode, EVP_PKEY *key, X509 *cert)
{
	struct pem pem = { key, cert, mode };
	if (fileReplace(path, writePem, &pem)) return true;
	warn("%s", path);
	return false;
}

static void generate(const char *dir, const char *keyPath, const char *certPath)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	if (!key) errx(EX_SOFTWARE, _("cannot make a key: %s"), sslError());
	X509 *cert = makeCert(key);
	if (!writeFile(keyPath, 0600, key, NULL) || !writeFile(certPath, 0644, NULL, cert)) {
		unlink(keyPath);
		EVP_PKEY_free(key);
		X509_free(cert);
		/* TRANSLATORS: %s is a directory. */
		errx(EX_CANTCREAT, _("cannot write the TLS key and certificate in %s"), dir);
	}
	EVP_PKEY_free(key);
	X509_free(cert);
	serverLog(LOG_INFO, _("made a TLS key and certificate in %s"), dir);
}

/* Unreadable: EX_NOINPUT; readable but not PEM: EX_CONFIG. */
static void checkReadable(const char *path)
{
	FILE *file = fopen(path, "r");
	if (!file) err(EX_NOINPUT, "%s", path);
	fclose(file);
}

static void warnOpenKey(const char *path)
{
	struct stat st;
	if (stat(path, &st) || !(st.st_mode & (S_IROTH | S_IWOTH))) return;
	/* TRANSLATORS: %s is the key file; keep "chmod o-rw". */
	serverLog(LOG_ERROR, _("warning: the TLS key %s can be read by others: chmod o-rw it"), path);
}

static void load(const char *keyPath, const char *certPath)
{
	checkReadable(certPath);
	checkReadable(keyPath);
	if (SSL_CTX_use_certificate_chain_file(ctx, certPath) != 1) {
		/* TRANSLATORS: %s is a file, then OpenSSL's reason. */
		errx(EX_CONFIG, _("%s: not a PEM certificate: %s"), certPath, sslError());
	}
	FILE *file = fopen(keyPath, "re");
	if (!file) err(EX_NOINPUT, "%s", keyPath);
	EVP_PKEY *key = PEM_read_PrivateKey(file, NULL, certNoPassphrase, NULL);
	fclose(file);
	if (!key) errx(EX_CONFIG, _("%s: not a PEM private key: %s"), keyPath, sslError());
	int ok = SSL_CTX_use_PrivateKey(ctx, key);
	EVP_PKEY_free(key);
	if (ok != 1 || SSL_CTX_check_private_key(ctx) != 1) {
		errx(EX_CONFIG, _("the key in %s does not match the certificate in %s"),
		    keyPath, certPath);
	}
	warnOpenKey(keyPath);
}

/* Trust in a client's key is by its fingerprint (names.c), never by a
 * CA: any certificate is accepted, self-signed ones above all. */
static int acceptAny(int ok, X509_STORE_CTX *store)
{
	(void)ok, (void)store;
	return 1;
}

static void newContext(void)
{
	ctx = SSL_CTX_new(TLS_server_method());
	if (!ctx) errx(EX_SOFTWARE, "SSL_CTX_new: %s", sslError());
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION
	    | SSL_OP_NO_TICKET | SSL_OP_CIPHER_SERVER_PREFERENCE);
	SSL_CTX_set_num_tickets(ctx, 0);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	/* Asked for, not required: a client without a key is anonymous. */
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_CLIENT_ONCE, acceptAny);
	/* Partial writes and a moving buffer let peer.c retry a write from
	 * its queue; idle sessions give their buffers back. */
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE
	    | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
}

/* Kept where the leak checker sees them when an error exits early. */
static char *setupDir, *setupKey, *setupCert;

void tlsSetup(void)
{
	newContext();
	if (serverOpt.tlsCert) {
		setupKey = xstrdup(serverOpt.tlsKey);
		setupCert = xstrdup(serverOpt.tlsCert);
	} else {
		setupDir = tlsStateDir();
		setupKey = filePath(setupDir, "key.pem");
		setupCert = filePath(setupDir, "cert.pem");
		if (access(setupCert, F_OK) && errno == ENOENT) {
			tlsMakeDir(setupDir);
			serverSweep(setupKey);
			serverSweep(setupCert);
			generate(setupDir, setupKey, setupCert);
		}
	}
	load(setupKey, setupCert);
	if (!fingerprintCert(SSL_CTX_get0_certificate(ctx), fingerprint)) {
		errx(EX_SOFTWARE, "X509_digest: %s", sslError());
	}
	free(setupDir);
	free(setupKey);
	free(setupCert);
	setupDir = setupKey = setupCert = NULL;
}

const char *tlsFingerprint(void)
{
	return fingerprint;
}

struct ssl_st *tlsNew(int fd)
{
	SSL *ssl = SSL_new(ctx);
	if (ssl && SSL_set_fd(ssl, fd) == 1) {
		atomic_fetch_add(&shaking, 1);
		SSL_set_app_data(ssl, &shaking);
		return ssl;
	}
	SSL_free(ssl);
	return NULL;
}

/* A handshake is over, one way or the other.  Each one in flight holds
 * its read and write buffers (16 kB each) and its key exchange; when
 * thousands shake hands at once, the sessions that stay are allocated
 * among those, and what the handshakes give back is scattered in holes
 * between them that the heap keeps: 20 kB a client after 2,000 at once.
 * Once the last handshake of a burst is over, the pages of those holes
 * go back to the system.  Not after each handshake: that costs more
 * than the handshake when the heap is large. */
static void shaken(SSL *ssl)
{
	static atomic_long since;       /* handshakes over since the last trim */
	if (!SSL_get_app_data(ssl)) return;
	SSL_set_app_data(ssl, NULL);
	long done = atomic_fetch_add(&since, 1) + 1;
	if (atomic_fetch_sub(&shaking, 1) != 1 || done < TRIM_AFTER) return;
	atomic_store(&since, 0);
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

/* One step of a handshake, as SSL_accept left it. */
struct step {
	SSL *ssl;
	int result;             /* 0: done; POLLIN, POLLOUT: wait; -1: failed */
	int error;              /* errno, for a failed system call */
	const char *why;
};

static void shake(struct step *s)
{
	ERR_clear_error();
	errno = 0;
	int r = SSL_accept(s->ssl);
	s->error = errno;
	if (r == 1) {
		s->result = 0;
		return;
	}
	s->result = -1;
	switch (SSL_get_error(s->ssl, r)) {
	case SSL_ERROR_WANT_READ: s->result = POLLIN; break;
	case SSL_ERROR_WANT_WRITE: s->result = POLLOUT; break;
	case SSL_ERROR_SYSCALL: s->why = NULL; break;
	default: s->why = sslError();
	}
}

static void *shakeMain(void *arg)
{
	shake(arg);
	/* Its random generators and error queue, freed while its cache of
	 * freed memory can still take them back. */
	OPENSSL_thread_stop();
	return NULL;
}

/* Each step runs in a thread of its own that ends with it.  A handshake
 * allocates and frees hundreds of blocks of many sizes, and glibc keeps
 * some of each size in a cache of the thread that freed them, for that
 * thread alone; OpenSSL keeps random generators for each thread that
 * needs random bytes.  In the client's thread, idle for hours after its
 * handshake, that came to about 12 kB a client; in a thread that ends,
 * it goes back to the heap at once. */
int tlsHandshake(struct ssl_st *ssl, const char **why)
{
	struct step s = { .ssl = ssl };
	pthread_attr_t attr;
	pthread_t thread;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, SHAKE_STACK);
	if (pthread_create(&thread, &attr, shakeMain, &s)) shake(&s);
	else pthread_join(thread, NULL);
	pthread_attr_destroy(&attr);
	if (!s.result) {
		/* An idle client would keep its handshake's read buffer:
		 * RELEASE_BUFFERS frees it only after application data. */
		SSL_free_buffers(ssl);
		shaken(ssl);
	} else if (s.result < 0) {
		*why = s.why ? s.why : s.error ? strerror(s.error) : "connection closed";
	}
	return s.result;
}

ssize_t tlsRead(struct ssl_st *ssl, void *buf, size_t len)
{
	return tlsioRead(ssl, buf, len);
}

ssize_t tlsWrite(struct ssl_st *ssl, const void *buf, size_t len)
{
	return tlsioWrite(ssl, buf, len);
}

bool tlsPending(struct ssl_st *ssl)
{
	return SSL_has_pending(ssl);
}

bool tlsPeerFingerprint(struct ssl_st *ssl, char buf[CHAT_FINGERPRINT_MAX])
{
	X509 *cert = SSL_get0_peer_certificate(ssl);
	*buf = '\0';
	return cert && fingerprintCert(cert, buf);
}

const char *tlsVersion(struct ssl_st *ssl)
{
	return SSL_get_version(ssl);
}

void tlsThreadEnd(void)
{
	/* OpenSSL would free it when the thread ends, but that comes after
	 * peerWaitAll has let the process exit: at shutdown it was still
	 * held, and LeakSanitizer failed every run that used TLS. */
	OPENSSL_thread_stop();
}

void tlsFree(struct ssl_st *ssl)
{
	if (!ssl) return;
	shaken(ssl);
	ERR_clear_error();
	/* close_notify, if the socket takes it now; we do not wait for the reply. */
	if (SSL_is_init_finished(ssl)) SSL_shutdown(ssl);
	SSL_free(ssl);
	ERR_clear_error();
}
