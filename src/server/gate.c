/* gate.c: who may join: the room's password (--password-file), the keys
 * on its list (--allow), and the slow-down after wrong passwords.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The password comes from a file so that it never shows in ps, and goes
 * over TLS only (peer.c and irc.c refuse it in plain text).  Guessing is
 * slowed per source address, not per connection, so that opening more
 * connections does not help: every wrong password from an address pushes
 * its next check further away (250 ms, then twice as long each time, up
 * to a minute), and one that comes earlier waits for its turn.  Both
 * files are read again on SIGHUP; a bad one then keeps what was there,
 * and a key no longer on a good one leaves the room.
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "server.h"

enum {
	DELAY_FIRST = 250,          /* ms after the first wrong password */
	DELAY_MAX = 60000,
	FORGET_MS = 15 * 60000,     /* an address quiet this long starts afresh */
	TRIES_MAX = 1024,           /* addresses remembered at once */
};

struct tries {
	char ip[CHAT_ADDRNAME_MAX + 1];     /* "" when free */
	int fails;
	int64_t next;                       /* no check before this (ms) */
};

/* Guards everything below; a leaf lock, held for no system call. */
static pthread_mutex_t gateLock = PTHREAD_MUTEX_INITIALIZER;
static char *password;
static size_t passwordLen;
static char (*allow)[CHAT_FINGERPRINT_MAX];
static size_t nallow;
static bool allowOn;
static struct tries tries[TRIES_MAX];

/* "SHA256:" and 32 hex bytes joined by colons, in either case; written
 * into out in upper case, as fingerprint.c writes them. */
bool gateKey(const char *s, char out[CHAT_FINGERPRINT_MAX])
{
	if (strncasecmp(s, "SHA256:", 7) || strlen(s) != 7 + 32 * 3 - 1) return false;
	memcpy(out, "SHA256:", 7);
	for (int i = 0; i < 32 * 3 - 1; i++) {
		char c = s[7 + i];
		if (i % 3 == 2 ? c != ':' : !strchr("0123456789ABCDEFabcdef", c)) return false;
		out[7 + i] = c >= 'a' ? c - 'a' + 'A' : c;
	}
	out[7 + 32 * 3 - 1] = '\0';
	return true;
}

/* The file's lines, one fingerprint each; false (said why) on any
 * error.  A comment follows the fingerprint or starts a line with '#'. */
bool gateReadKeys(const char *path, bool reload, char (**list)[CHAT_FINGERPRINT_MAX], size_t *n)
{
	FILE *file = fopen(path, "re");
	if (!file) {
		serverComplain(reload, EX_NOINPUT, "%s: %s", path, strerror(errno));
		return false;
	}
	size_t cap = 0;
	*list = NULL;
	*n = 0;
	char line[1024];
	bool ok = true;
	for (int ln = 1; ok && fgets(line, sizeof(line), file); ln++) {
		char *word = strtok(line, " \t\r\n");
		if (!word || *word == '#') continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*list = xrealloc(*list, cap * sizeof(**list));
		}
		if (!gateKey(word, (*list)[*n])) {
			/* TRANSLATORS: the file and the line number. */
			serverComplain(reload, EX_CONFIG, _("%s:%d: not a key fingerprint "
			    "(SHA256:XX:XX:..., as chat-tui --fingerprint prints it)"), path, ln);
			ok = false;
		}
		(*n)++;
	}
	if (ok && ferror(file)) {
		serverComplain(reload, EX_NOINPUT, "%s: %s", path, strerror(errno));
		ok = false;
	}
	fclose(file);
	if (!ok) free(*list);
	return ok;
}

/* The first line of the file, without its newline. */
static char *readPassword(bool reload, size_t *len)
{
	const char *path = serverOpt.passwordFile;
	FILE *file = fopen(path, "re");
	if (!file) {
		serverComplain(reload, EX_NOINPUT, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (!fstat(fileno(file), &st) && st.st_mode & 0077) {
		serverLog(LOG_ERROR, _("%s: others can read the password: chmod 600 it"), path);
	}
	char *line = NULL;
	size_t size = 0;
	ssize_t n = getline(&line, &size, file);
	fclose(file);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
	/* It must fit in a "/pass " line. */
	if (n <= 0 || n > GATE_PASSWORD_MAX) {
		serverComplain(reload, EX_CONFIG, _("%s: the password must be on the first line, "
		    "from 1 to %d bytes"), path, GATE_PASSWORD_MAX);
		if (line) explicit_bzero(line, size);
		free(line);
		return NULL;
	}
	*len = n;
	return line;
}

static void dropPassword(void)
{
	if (password) explicit_bzero(password, passwordLen);
	free(password);
}

static bool stays(const struct peer *q)
{
	return gateAllowed(q->key);
}

bool gateLoad(bool reload)
{
#ifndef HAVE_TLS
	if (serverOpt.passwordFile || serverOpt.allowFile) {
		errx(EX_CONFIG, "%s", _("this chat-server was built without TLS "
		    "(configure --disable-tls): --password-file and --allow need it"));
	}
#endif
	char (*list)[CHAT_FINGERPRINT_MAX] = NULL;
	size_t n = 0, len = 0;
	char *pw = NULL;
	if (serverOpt.allowFile && !gateReadKeys(serverOpt.allowFile, reload, &list, &n)) return false;
	if (serverOpt.passwordFile && !(pw = readPassword(reload, &len))) {
		free(list);
		return false;
	}
	pthread_mutex_lock(&gateLock);
	free(allow);
	allow = list;
	nallow = n;
	allowOn = serverOpt.allowFile;
	dropPassword();
	password = pw;
	passwordLen = len;
	pthread_mutex_unlock(&gateLock);
	if (pw) serverLog(LOG_INFO, _("%s: the room's password read"), serverOpt.passwordFile);
	if (allowOn) {
		serverLog(LOG_INFO, ngettext("%s: %zu key may join", "%s: %zu keys may join", n),
		    serverOpt.allowFile, n);
	}
	/* A key taken off the list is out now, not at its next visit. */
	if (reload && allowOn) {
		roomExpel(stays, "not-allowed", "your key was taken off this room's list",
		    "taken off the list (--allow)");
	}
	return true;
}

void gateFree(void)
{
	dropPassword();
	password = NULL;
	free(allow);
	allow = NULL;
}

bool gateLocked(void)
{
	pthread_mutex_lock(&gateLock);
	bool locked = password;
	pthread_mutex_unlock(&gateLock);
	return locked;
}

bool gateAllowed(const char *key)
{
	pthread_mutex_lock(&gateLock);
	bool ok = !allowOn;
	for (size_t i = 0; !ok && *key && i < nallow; i++) ok = !strcmp(allow[i], key);
	pthread_mutex_unlock(&gateLock);
	return ok;
}

/* Takes as long for every wrong password of a length, so that timing
 * tells nothing of how much of it was right. */
static bool same(const char *given, size_t len)
{
	unsigned char diff = len != passwordLen;
	for (size_t i = 0; i < len; i++) diff |= given[i] ^ password[i % passwordLen];
	return !diff;
}

/* With gateLock held: the record of ip, a new one when need be. */
static struct tries *triesOf(const char *ip, int64_t now)
{
	struct tries *empty = NULL, *oldest = &tries[0];
	for (size_t i = 0; i < TRIES_MAX; i++) {
		struct tries *t = &tries[i];
		if (*t->ip && now - t->next > FORGET_MS) *t->ip = '\0';
		if (!*t->ip) {
			if (!empty) empty = t;
			continue;
		}
		if (!strcmp(t->ip, ip)) return t;
		if (t->next < oldest->next) oldest = t;
	}
	struct tries *t = empty ? empty : oldest;
	snprintf(t->ip, sizeof(t->ip), "%s", ip);
	t->fails = 0;
	t->next = 0;
	return t;
}

/* "127.0.0.1:5555" -> "127.0.0.1": every port of a host is one guesser. */
static void ipOf(const char *addr, char *ip, size_t size)
{
	const char *colon = strrchr(addr, ':');
	size_t n = colon ? (size_t)(colon - addr) : strlen(addr);
	snprintf(ip, size, "%.*s", (int)n, addr);
}

enum gateResult gateTry(const char *addr, const char *given, size_t len, int64_t *wait)
{
	char ip[CHAT_ADDRNAME_MAX + 1];
	ipOf(addr, ip, sizeof(ip));
	int64_t now = utilNow();
	pthread_mutex_lock(&gateLock);
	struct tries *t = triesOf(ip, now);
	enum gateResult result = GATE_RIGHT;
	if (!password) {
		result = GATE_RIGHT;
	} else if (now < t->next) {
		*wait = t->next - now;
		result = GATE_WAIT;
	} else if (same(given, len)) {
		*t->ip = '\0';
	} else {
		int64_t delay = DELAY_FIRST;
		for (int i = 0; i < t->fails && delay < DELAY_MAX; i++) delay *= 2;
		if (delay > DELAY_MAX) delay = DELAY_MAX;
		t->fails++;
		t->next = now + delay;
		*wait = delay;
		result = GATE_WRONG;
	}
	pthread_mutex_unlock(&gateLock);
	return result;
}
