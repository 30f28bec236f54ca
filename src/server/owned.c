/* owned.c: names that belong to a client key.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first time a name is taken over TLS with a client certificate, it
 * is tied to the certificate's fingerprint; from then on only that key
 * may take it.  The bindings live in the state directory's "names" file,
 * one "NAME SHA256:..." a line ('#' and blank lines skipped), so that an
 * operator can read and edit it.  It is rewritten whole to a temporary
 * file, synced and renamed over the old one, so that a crash leaves the
 * old file or the new one, never half of either.
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "server.h"

struct owned {
	char name[CHAT_NAME_MAX + 1];
	char key[CHAT_FINGERPRINT_MAX];
};

static pthread_mutex_t ownedLock = PTHREAD_MUTEX_INITIALIZER;
static struct owned *list;
static size_t count, cap;
static char *path, *dir;

static void add(const char *name, const char *key)
{
	if (count == cap) {
		cap = cap ? cap * 2 : 16;
		list = xrealloc(list, cap * sizeof(*list));
	}
	snprintf(list[count].name, sizeof(list[count].name), "%s", name);
	snprintf(list[count].key, sizeof(list[count].key), "%s", key);
	count++;
}

static struct owned *find(const char *name)
{
	for (size_t i = 0; i < count; i++) {
		if (!wireNameCompare(list[i].name, name)) return &list[i];
	}
	return NULL;
}

void ownedLoad(void)
{
	dir = tlsStateDir();
	path = filePath(dir, "names");
	serverSweep(path);
	FILE *file = fopen(path, "re");
	if (!file) {
		if (errno != ENOENT) err(EX_NOINPUT, "%s", path);
		return;
	}
	char line[512];
	for (int n = 1; fgets(line, sizeof(line), file); n++) {
		char *name = strtok(line, " \t\r\n");
		if (!name || *name == '#') continue;
		char *key = strtok(NULL, " \t\r\n");
		char *rest = strtok(NULL, " \t\r\n");
		if (!wireNameValid(name) || !key || !fingerprintValid(key) || rest) {
			/* TRANSLATORS: the file and the line number. */
			errx(EX_CONFIG, _("%s:%d: not NAME SHA256:FINGERPRINT"), path, n);
		}
		if (find(name)) errx(EX_CONFIG, _("%s:%d: %s is there twice"), path, n, name);
		add(name, key);
	}
	fclose(file);
}

static bool writeList(FILE *out, void *ctx)
{
	(void)ctx;
	bool ok = fputs("# chat-server: names and the key that owns each\n", out) >= 0;
	for (size_t i = 0; ok && i < count; i++) {
		ok = fprintf(out, "%s %s\n", list[i].name, list[i].key) > 0;
	}
	return ok;
}

/* With ownedLock held. */
static bool save(void)
{
	tlsMakeDir(dir);
	if (fileReplace(path, writeList, NULL)) return true;
	serverLog(LOG_ERROR, _("cannot write %s: %s"), path, strerror(errno));
	return false;
}

bool ownedTake(const char *name, const char *key)
{
	pthread_mutex_lock(&ownedLock);
	struct owned *o = find(name);
	bool ok = o ? !strcmp(o->key, key) : true;
	if (!o && *key) {
		add(name, key);
		if (save()) {
			serverLog(LOG_INFO, _("%s now belongs to %s"), name, key);
		} else {
			count--;
		}
	}
	pthread_mutex_unlock(&ownedLock);
	return ok;
}

/* With ownedLock held: name is no longer owned by anyone. */
static bool unbind(struct owned *o)
{
	struct owned old = *o;
	*o = list[--count];
	if (save()) return true;
	/* Still owned on disk: keep it owned here too. */
	add(old.name, old.key);
	return false;
}

enum ownedResult ownedRelease(const char *name, const char *key)
{
	pthread_mutex_lock(&ownedLock);
	struct owned *o = find(name);
	enum ownedResult r = OWNED_NOT;
	if (o && key && (!*key || strcmp(o->key, key))) {
		r = OWNED_OTHER;
	} else if (o) {
		r = unbind(o) ? OWNED_FREED : OWNED_FAILED;
		if (r == OWNED_FREED) serverLog(LOG_INFO, _("%s belongs to nobody now"), name);
	}
	pthread_mutex_unlock(&ownedLock);
	return r;
}

enum ownedResult ownedFree(const char *name)
{
	return ownedRelease(name, NULL);
}

bool ownedBy(const char *name, const char *key)
{
	if (!*key) return false;
	pthread_mutex_lock(&ownedLock);
	struct owned *o = find(name);
	bool yes = o && !strcmp(o->key, key);
	pthread_mutex_unlock(&ownedLock);
	return yes;
}

void ownedMerge(bool (*fn)(const char *name, const char *key))
{
	/* A copy: fn asks Redis, and ownedLock is a leaf. */
	pthread_mutex_lock(&ownedLock);
	size_t n = count;
	struct owned *mine = n ? xmalloc(n * sizeof(*mine)) : NULL;
	if (n) memcpy(mine, list, n * sizeof(*mine));
	pthread_mutex_unlock(&ownedLock);
	bool *moved = n ? xcalloc(n, sizeof(*moved)) : NULL;
	size_t nmoved = 0;
	for (size_t i = 0; i < n; i++) nmoved += moved[i] = fn(mine[i].name, mine[i].key);
	/* Kept here, a binding freed in the cluster would come back at the
	 * next start: the cluster has them, the file keeps only conflicts. */
	pthread_mutex_lock(&ownedLock);
	for (size_t i = 0; i < n; i++) {
		struct owned *o = moved[i] ? find(mine[i].name) : NULL;
		if (o && !strcmp(o->key, mine[i].key)) *o = list[--count];
	}
	if (nmoved && save()) {
		serverLog(LOG_INFO, ngettext("cluster: %zu owned name moved from %s to Redis",
		    "cluster: %zu owned names moved from %s to Redis", nmoved), nmoved, path);
	}
	pthread_mutex_unlock(&ownedLock);
	free(mine);
	free(moved);
}
