/* ban.c: who may not come in: the state directory's bans file.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An operator bans a client's key, or its address when it has none
 * (a plain client, or TLS without a client certificate).  The bans live
 * in the "bans" file, one a line, so that an operator can read, diff and
 * edit it:
 *
 *	TARGET TIME NAME OPERATOR [REASON]
 *
 * TARGET is a key's fingerprint (SHA256:...) or an IP address (no port,
 * no brackets), TIME when it was banned (2026-12-01T08:00:00Z), NAME the
 * name it had then, OPERATOR who banned it, REASON the rest of the line.
 * '#' lines and blank lines are skipped.  The file is replaced whole
 * (fileReplace), so that a crash leaves the old bans or the new ones.
 */
#include <config.h>

#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#include "server.h"

/* A leaf: taken under roomLock or alone, nothing taken under it. */
static pthread_mutex_t banLock = PTHREAD_MUTEX_INITIALIZER;
static struct ban *list;
static size_t count, cap;
static char *path, *dir;
static bool started;    /* banShare has run: a failure is no longer fatal */
static void share(struct ban *mine, size_t n);

void banTarget(const char *key, const char *addr, char target[BAN_TARGET_MAX])
{
	if (*key) {
		snprintf(target, BAN_TARGET_MAX, "%s", key);
		return;
	}
	/* "127.0.0.1:5555" -> "127.0.0.1", "[::1]:5555" -> "::1". */
	const char *end = addr[0] == '[' ? strchr(addr, ']') : strrchr(addr, ':');
	if (addr[0] == '[') addr++;
	size_t n = end ? (size_t)(end - addr) : strlen(addr);
	if (n >= BAN_TARGET_MAX) n = BAN_TARGET_MAX - 1;
	memcpy(target, addr, n);
	target[n] = '\0';
}

static bool addressValid(const char *s)
{
	unsigned char buf[sizeof(struct in6_addr)];
	return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

static bool targetValid(const char *s)
{
	return fingerprintValid(s) || addressValid(s);
}

static const char timeFormat[] = "%Y-%m-%dT%H:%M:%SZ";

/* Exactly as timeFormat writes it. */
static bool parseTime(const char *s, time_t *when)
{
	struct tm tm = {0};
	const char *end = strptime(s, timeFormat, &tm);
	if (!end || *end) return false;
	*when = timegm(&tm);
	char again[32];
	strftime(again, sizeof(again), timeFormat, gmtime_r(when, &tm));
	return !strcmp(again, s);
}

/* Text the server could have written: sanitised, and short enough. */
static bool reasonValid(const char *s)
{
	size_t n = strlen(s);
	char clean[SANITIZE_SIZE(SERVER_REASON_MAX)];
	return n <= SERVER_REASON_MAX && sanitize(clean, sizeof(clean), s, n) == n && !strcmp(clean, s);
}

static struct ban *findIn(struct ban *bans, size_t n, const char *target)
{
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(bans[i].target, target)) return &bans[i];
	}
	return NULL;
}

/* With banLock held. */
static struct ban *find(const char *target)
{
	return findIn(list, count, target);
}

static void push(struct ban **bans, size_t *n, size_t *size, const struct ban *b)
{
	if (*n == *size) {
		*size = *size ? *size * 2 : 16;
		*bans = xrealloc(*bans, *size * sizeof(**bans));
	}
	(*bans)[(*n)++] = *b;
}

static void add(const struct ban *b)
{
	push(&list, &count, &cap, b);
}

/* "TARGET TIME NAME OPERATOR [REASON]" into b; false when it is not. */
static bool parseLine(char *line, struct ban *b)
{
	char *field[4];
	for (int i = 0; i < 4; i++) {
		field[i] = strtok(i ? NULL : line, " ");
		if (!field[i]) return false;
	}
	char *reason = strtok(NULL, "");
	if (!reason) reason = "";
	if (!targetValid(field[0]) || !parseTime(field[1], &b->when)) return false;
	if (!wireAnyNameValid(field[2]) || !wireAnyNameValid(field[3])) return false;
	if (!reasonValid(reason)) return false;
	snprintf(b->target, sizeof(b->target), "%s", field[0]);
	snprintf(b->name, sizeof(b->name), "%s", field[2]);
	snprintf(b->by, sizeof(b->by), "%s", field[3]);
	snprintf(b->reason, sizeof(b->reason), "%s", reason);
	return true;
}

/* The file's bans into *bans; false (said why) when it cannot be read
 * or a line is wrong. */
static bool readBans(FILE *file, bool reload, struct ban **bans, size_t *n)
{
	size_t size = 0, lineSize = 0;
	char *line = NULL;
	ssize_t len;
	bool ok = true;
	for (int ln = 1; ok && (len = getline(&line, &lineSize, file)) > 0; ln++) {
		if (line[len - 1] == '\n') line[--len] = '\0';
		if (len && line[len - 1] == '\r') line[--len] = '\0';
		if (!line[strspn(line, " \t")] || line[0] == '#') continue;
		struct ban b;
		if (!parseLine(line, &b)) {
			/* TRANSLATORS: the file and the line number; keep the words in capitals. */
			serverComplain(reload, EX_CONFIG, _("%s:%d: not KEY-OR-ADDRESS TIME NAME OPERATOR [REASON]"), path, ln);
			ok = false;
		} else if (findIn(*bans, *n, b.target)) {
			serverComplain(reload, EX_CONFIG, _("%s:%d: %s is there twice"), path, ln, b.target);
			ok = false;
		} else {
			push(bans, n, &size, &b);
		}
	}
	if (ok && ferror(file)) {
		serverComplain(reload, EX_NOINPUT, "%s: %s", path, strerror(errno));
		ok = false;
	}
	free(line);
	return ok;
}

void banLoad(bool reload)
{
	if (!path) {
		dir = tlsStateDir();
		path = xmalloc(strlen(dir) + sizeof("/bans"));
		sprintf(path, "%s/bans", dir);
		serverSweep(path);
	}
	FILE *file = fopen(path, "re");
	if (!file && errno != ENOENT) {
		serverComplain(reload, EX_NOINPUT, "%s: %s", path, strerror(errno));
		return;
	}
	struct ban *bans = NULL;
	size_t n = 0;
	bool ok = !file || readBans(file, reload, &bans, &n);
	if (file) fclose(file);
	if (!ok) {
		free(bans);
		return;
	}
	if (n || reload) serverLog(LOG_INFO, ngettext("%zu ban in %s", "%zu bans in %s", n), n, path);
	if (reload && clusterOn()) {
		/* The copy here stays the cluster's (even while Redis cannot
		 * be reached): bans added to the file by hand join it, as
		 * clusterStart's banShare does at start. */
		share(bans, n);
		return;
	}
	pthread_mutex_lock(&banLock);
	free(list);
	list = bans;
	count = cap = n;
	pthread_mutex_unlock(&banLock);
}

/* A ban as a line of the file, without its LF. */
enum { LINE_SIZE = BAN_TARGET_MAX + 32 + 2 * (CHAT_ADDRNAME_MAX + 1) + SERVER_REASON_MAX + 8 };
static void formatLine(const struct ban *b, char line[LINE_SIZE])
{
	char when[32];
	struct tm tm;
	strftime(when, sizeof(when), timeFormat, gmtime_r(&b->when, &tm));
	snprintf(line, LINE_SIZE, "%s %s %s %s%s%s", b->target, when, b->name, b->by,
	    *b->reason ? " " : "", b->reason);
}

static bool writeList(FILE *out, void *ctx)
{
	(void)ctx;
	bool ok = fputs("# chat-server: bans, one a line: "
	    "KEY-OR-ADDRESS TIME NAME OPERATOR [REASON]\n", out) >= 0;
	for (size_t i = 0; ok && i < count; i++) {
		char line[LINE_SIZE];
		formatLine(&list[i], line);
		ok = fprintf(out, "%s\n", line) > 0;
	}
	return ok;
}

/* With banLock held. */
static bool save(void)
{
	tlsMakeDir(dir);
	if (fileReplace(path, writeList, NULL)) return true;
	serverLog(LOG_ERROR, _("cannot write %s: %s"), path, strerror(errno));
	return false;
}

bool banFind(const char *key, const char *addr, struct ban *out)
{
	char target[BAN_TARGET_MAX];
	pthread_mutex_lock(&banLock);
	const struct ban *b = NULL;
	if (count && *key) b = find(key);
	/* An address ban holds for keys from there too: a key costs nothing. */
	if (count && !b) {
		banTarget("", addr, target);
		b = find(target);
	}
	if (b && out) *out = *b;
	pthread_mutex_unlock(&banLock);
	return b;
}

/* In a cluster: into Redis first, the other nodes told; then here. */
static enum banResult shareAdd(const struct ban *b)
{
	char line[LINE_SIZE];
	formatLine(b, line);
	int r = clusterBanAdd(b->target, line, b->name, b->by);
	if (r < 0) return BAN_FAILED;
	pthread_mutex_lock(&banLock);
	if (!find(b->target)) add(b);
	pthread_mutex_unlock(&banLock);
	return r ? BAN_ADDED : BAN_THERE;
}

enum banResult banAdd(const struct ban *b)
{
	if (clusterOn()) return shareAdd(b);
	pthread_mutex_lock(&banLock);
	enum banResult result = BAN_ADDED;
	if (find(b->target)) {
		result = BAN_THERE;
	} else {
		add(b);
		if (!save()) {
			count--;
			result = BAN_FAILED;
		}
	}
	pthread_mutex_unlock(&banLock);
	return result;
}

/* With banLock held: what may be an address in any form, a fingerprint
 * in any case, or a name. */
static struct ban *findAny(const char *what)
{
	char target[BAN_TARGET_MAX];
	snprintf(target, sizeof(target), "%s", what);
	if (!strncasecmp(target, "sha256:", 7)) {
		for (char *s = target; *s; s++) *s = *s >= 'a' && *s <= 'f' ? *s - 'a' + 'A' : *s;
		memcpy(target, "SHA256", 6);
	} else if (target[0] == '[') {
		banTarget("", what, target);
	}
	struct ban *b = find(target);
	for (size_t i = 0; !b && i < count; i++) {
		if (!wireNameCompare(list[i].name, what)) b = &list[i];
	}
	return b;
}

/* With banLock held: the ban on target here is no more. */
static void drop(const char *target)
{
	struct ban *b = find(target);
	if (b) *b = list[--count];
}

/* In a cluster: out of Redis first, the other nodes told; then here. */
static enum banResult shareRemove(const char *what, const char *by, struct ban *removed)
{
	pthread_mutex_lock(&banLock);
	struct ban *b = findAny(what);
	if (b) *removed = *b;
	pthread_mutex_unlock(&banLock);
	if (!b) return BAN_NONE;
	if (clusterBanRemove(removed->target, removed->name, by) < 0) return BAN_FAILED;
	pthread_mutex_lock(&banLock);
	drop(removed->target);
	pthread_mutex_unlock(&banLock);
	return BAN_REMOVED;
}

enum banResult banRemove(const char *what, const char *by, struct ban *removed)
{
	if (clusterOn()) return shareRemove(what, by, removed);
	pthread_mutex_lock(&banLock);
	struct ban *b = findAny(what);
	enum banResult result = b ? BAN_REMOVED : BAN_NONE;
	if (b) {
		*removed = *b;
		*b = list[--count];
		if (!save()) {
			/* Still banned on disk: keep it banned here too. */
			add(removed);
			result = BAN_FAILED;
		}
	}
	pthread_mutex_unlock(&banLock);
	return result;
}

void banEach(void (*fn)(const struct ban *b, void *ctx), void *ctx)
{
	/* A copy, so that fn may send without banLock held. */
	pthread_mutex_lock(&banLock);
	size_t n = count;
	struct ban *copy = n ? xmalloc(n * sizeof(*copy)) : NULL;
	if (n) memcpy(copy, list, n * sizeof(*copy));
	pthread_mutex_unlock(&banLock);
	for (size_t i = 0; i < n; i++) fn(&copy[i], ctx);
	free(copy);
}

struct bans {
	struct ban *list;
	size_t n, size;
};

static void collect(char *line, void *ctx)
{
	struct bans *all = ctx;
	struct ban b;
	if (!parseLine(line, &b)) {
		serverLog(LOG_ERROR, _("cluster: a ban in Redis is not KEY-OR-ADDRESS TIME NAME"
		    " OPERATOR [REASON]: %s"), line);
		return;
	}
	if (!findIn(all->list, all->n, b.target)) push(&all->list, &all->n, &all->size, &b);
}

/* The file's n bans (mine, freed here) into Redis; then the copy here
 * is what Redis has.  When Redis cannot be reached, the copy stays. */
static void share(struct ban *mine, size_t n)
{
	/* The file's bans join the cluster's (one there already on the same
	 * key or address wins), and leave the file: kept there, a ban
	 * lifted in the cluster would come back at the next start. */
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++) {
		char line[LINE_SIZE];
		formatLine(&mine[i], line);
		/* The other nodes are told of those new there. */
		ok = clusterBanAdd(mine[i].target, line, mine[i].name, mine[i].by) >= 0;
	}
	free(mine);
	struct bans all = { 0 };
	ok = ok && clusterBansEach(collect, &all);
	bool reload = started;
	if (!ok) {
		free(all.list);
		serverComplain(reload, EX_UNAVAILABLE, _("cannot reach Redis to share the bans"));
		return;
	}
	pthread_mutex_lock(&banLock);
	free(list);
	list = NULL;
	count = cap = 0;
	if (n && save()) {
		serverLog(LOG_INFO, ngettext("cluster: %zu ban moved from %s to Redis",
		    "cluster: %zu bans moved from %s to Redis", n), n, path);
	}
	list = all.list;
	count = all.n;
	cap = all.size;
	pthread_mutex_unlock(&banLock);
	started = true;
	serverLog(LOG_INFO, ngettext("cluster: %zu ban in Redis", "cluster: %zu bans in Redis",
	    all.n), all.n);
}

void banShare(void)
{
	pthread_mutex_lock(&banLock);
	size_t n = count;
	struct ban *mine = n ? xmalloc(n * sizeof(*mine)) : NULL;
	if (n) memcpy(mine, list, n * sizeof(*mine));
	pthread_mutex_unlock(&banLock);
	share(mine, n);
}

void banShared(const char *line)
{
	char copy[LINE_SIZE];
	struct ban b;
	snprintf(copy, sizeof(copy), "%s", line);
	if (!parseLine(copy, &b)) return;
	/* Known here already (banRefresh came first): done already. */
	pthread_mutex_lock(&banLock);
	bool known = find(b.target);
	if (!known) add(&b);
	pthread_mutex_unlock(&banLock);
	if (!known) opBannedElsewhere(&b);
}

void banRefresh(const char **lines, size_t n)
{
	struct bans now = { 0 };
	for (size_t i = 0; i < n; i++) {
		char copy[LINE_SIZE];
		struct ban b;
		snprintf(copy, sizeof(copy), "%s", lines[i]);
		if (parseLine(copy, &b) && !findIn(now.list, now.n, b.target)) {
			push(&now.list, &now.n, &now.size, &b);
		}
	}
	pthread_mutex_lock(&banLock);
	for (size_t i = 0; i < count; ) {
		if (findIn(now.list, now.n, list[i].target)) i++;
		else list[i] = list[--count];
	}
	pthread_mutex_unlock(&banLock);
	for (size_t i = 0; i < n; i++) banShared(lines[i]);
	free(now.list);
}

void banLifted(const char *target, const char *name, const char *by)
{
	pthread_mutex_lock(&banLock);
	drop(target);
	pthread_mutex_unlock(&banLock);
	if (!wireAnyNameValid(name) || !wireAnyNameValid(by)) return;
	struct wireMsg m;
	wireInit(&m, WIRE_MOD);
	snprintf(m.code, sizeof(m.code), "unban");
	snprintf(m.name, sizeof(m.name), "%s", name);
	snprintf(m.name2, sizeof(m.name2), "%s", by);
	roomNotice(&m);
}
