/* history.c: the last lines of the room, and the --log file behind them.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A log line is the relayed line with its UTC time and its ID in front:
 *	2026-11-26T12:00:00Z #41 <NAME> TEXT
 *	2026-11-26T12:00:00Z #42 * NAME TEXT
 * This module alone assigns line IDs (see chat.h), except in a cluster,
 * where the stream gives them (cluster.c) and historyPut takes them as
 * they come.  Otherwise one more than the last,
 * and at start one more than the last in the log, so that they keep
 * growing across restarts.  Without a log they start from the clock
 * (seconds * 1000), which grows too as long as the room says fewer than
 * 1000 lines a second on average; BASE then tells a client that what
 * came before was lost.  Lines of an older log without IDs count on from
 * 1.  The ring holds consecutive IDs, so a replay is FROM to TO.
 * Each is written whole, with one write(2), or not at all when the disk is
 * full; it is flushed to the kernel as it is written (it survives the server
 * being killed, not the machine losing power: there is no fsync).
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

/* A remembered line as the room had it ("<NAME> TEXT", without its ID
 * or LF): copied as it passes, which every line of the room does, and
 * parsed only when replayed, which few are.  A slot's buffer is kept for
 * the line that takes its place. */
struct record {
	time_t when;
	char *line;
	size_t cap;
};

static pthread_mutex_t historyLock = PTHREAD_MUTEX_INITIALIZER;
static struct record *ring;
static size_t size, start, count;
static FILE *logFile;
static const char *logPath;
static bool logFailing;
static uint64_t nextId = 1;     /* the ID the next room line gets */
static uint64_t baseId;         /* the first ID of the unbroken run we have */

static void remember(time_t when, const char *line, size_t len)
{
	if (!size) return;
	struct record *e = &ring[(start + count) % size];
	if (count == size) start = (start + 1) % size;
	else count++;
	if (e->cap <= len) {
		free(e->line);
		e->cap = len < 128 ? 128 : len + 1;
		e->line = xmalloc(e->cap);
	}
	memcpy(e->line, line, len);
	e->line[len] = '\0';
	e->when = when;
}

static void forget(void)
{
	start = count = 0;
}

/* Exactly "2026-11-26T12:00:00Z REST": strptime alone takes
 * "2026-1-1T1:1:1Z" too, and then the body would not start at
 * STAMP_LEN.  Returns where the body starts, or NULL. */
enum { STAMP_LEN = 21 };
static const char *parseTime(const char *s, time_t *when)
{
	static const char form[] = "0000-00-00T00:00:00Z ";
	for (size_t i = 0; i < STAMP_LEN; i++) {
		bool digit = s[i] >= '0' && s[i] <= '9';
		if (form[i] == '0' ? !digit : s[i] != form[i]) return NULL;
	}
	struct tm tm = {0};
	const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ ", &tm);
	if (end != s + STAMP_LEN) return NULL;
	*when = timegm(&tm);
	return end;
}

static void load(FILE *file)
{
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&buf, &cap, file)) > 0) {
		if (buf[n - 1] == '\n') buf[--n] = '\0';
		time_t when;
		const char *body = parseTime(buf, &when);
		if (!body) continue;
		struct wireMsg m;
		/* The ID is written like a live line's: "#ID <NAME> TEXT". */
		wireParse(body, &m);
		if (m.type != WIRE_CHAT && m.type != WIRE_ACTION) continue;
		uint64_t id = m.id && m.id >= nextId ? m.id : nextId;
		if (!baseId || id != nextId) {
			/* Lines missing from the log (a full disk): the ring holds
			 * consecutive IDs only, and BASE says what was lost. */
			forget();
			baseId = id;
		}
		/* Kept as the room had it, without the ID. */
		char line[CHAT_WIRE_MAX];
		m.id = 0;
		size_t len = wireFormat(line, sizeof(line), &m);
		if (len) remember(when, line, len - 1);
		nextId = id + 1;
	}
	free(buf);
}

/* A log cut short (a crash mid-write) ends without a newline: the next
 * line would run into it and replay as the same speaker's. */
static void endLine(int fd, off_t length)
{
	char c;
	if (length > 0 && pread(fd, &c, 1, length - 1) == 1 && c != '\n' &&
	    write(fd, "\n", 1) != 1) {
		/* The next write will say what is wrong. */
	}
}

/* Opens the log for reading and appending: never through a symbolic
 * link planted in its place, never blocking on a FIFO, created 0600 (it
 * holds what people said), and only when it is a regular file.  NULL
 * with *why set when it cannot be. */
static FILE *openLog(const char **why)
{
	int fd = open(logPath, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC, 0600);
	struct stat st;
	if (fd < 0) {
		*why = strerror(errno);
		if (errno == ELOOP && !lstat(logPath, &st) && S_ISLNK(st.st_mode)) {
			*why = _("a symbolic link: give the file it points to");
		}
		return NULL;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		*why = _("not a regular file");
		return NULL;
	}
	endLine(fd, st.st_size);
	FILE *file = fdopen(fd, "a+");
	if (!file) {
		*why = strerror(errno);
		close(fd);
		return NULL;
	}
	setvbuf(file, NULL, _IOLBF, 0);
	return file;
}

void historyInit(long lines, const char *path)
{
	size = lines;
	ring = xcalloc(size ? size : 1, sizeof(*ring));
	logPath = path;
	if (!path) {
		nextId = baseId = (uint64_t)time(NULL) * 1000 + 1;
		return;
	}
	const char *why;
	logFile = openLog(&why);
	if (!logFile) errx(EXIT_FAILURE, "%s: %s", path, why);
	rewind(logFile);
	load(logFile);
	if (!baseId) baseId = nextId;
	serverLog(LOG_INFO, ngettext("history: %zu line loaded from %s",
	    "history: %zu lines loaded from %s", count), count, path);
}

void historyFree(void)
{
	forget();
	for (size_t i = 0; i < size; i++) free(ring[i].line);
	free(ring);
	ring = NULL;
	if (logFile && fclose(logFile)) serverLog(LOG_ERROR, "%s: %s", logPath, strerror(errno));
	logFile = NULL;
}

/* One write(2) per line, and a line is in the log whole or not at all: a
 * line torn by a full disk would otherwise run into the next one once
 * there is room again, and replay as part of someone else's line. */
/* --log-max: the log moves to FILE.1 (replacing the one before) and a
 * new one starts, so a room, or someone filling it with U+FFFD, takes
 * at most twice that on the disk.  Call with historyLock held. */
static void rotate(void)
{
	size_t n = strlen(logPath) + 3;
	char *old = xmalloc(n);
	snprintf(old, n, "%s.1", logPath);
	const char *why = NULL;
	FILE *file = NULL;
	if (rename(logPath, old)) why = strerror(errno);
	else if ((file = openLog(&why))) why = NULL;
	if (why) {
		serverLog(LOG_ERROR, _("cannot rotate %s: %s"), logPath, why);
	} else {
		fclose(logFile);
		logFile = file;
		serverLog(LOG_INFO, _("%s reached --log-max; the older lines are in %s"), logPath, old);
	}
	free(old);
}

static void writeLog(time_t when, const struct wireMsg *m)
{
	char buf[CHAT_WIRE_MAX + 32];
	if (!logFile) return;
	struct tm tm;
	gmtime_r(&when, &tm);
	size_t n = strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ ", &tm);
	size_t len = wireFormat(buf + n, sizeof(buf) - n, m);
	if (!len) return;
	len += n;
	int fd = fileno(logFile);
	struct stat st;
	bool regular = !fstat(fd, &st) && S_ISREG(st.st_mode);
	if (regular && serverOpt.logMax && st.st_size > 0 &&
	    st.st_size + (off_t)len > serverOpt.logMax) {
		rotate();
		fd = fileno(logFile);
		regular = !fstat(fd, &st) && S_ISREG(st.st_mode);
	}
	ssize_t done = write(fd, buf, len);
	if (done == (ssize_t)len) {
		if (logFailing) serverLog(LOG_ERROR, _("writing to %s again"), logPath);
		logFailing = false;
		return;
	}
	int error = done < 0 ? errno : ENOSPC;
	if (done > 0 && regular && ftruncate(fd, st.st_size)) {
		/* Nothing more can be done: the next line will follow it. */
	}
	if (!logFailing) {
		serverLog(LOG_ERROR, _("cannot write to %s: %s"), logPath, strerror(error));
	}
	logFailing = true;
}

/* Call with historyLock held: the lines get IDs from nextId on. */
static void add(const char *buf, size_t len)
{
	time_t now = time(NULL);
	bool keep = size || logFile;
	/* Every line takes an ID, kept or not. */
	for (const char *lf; len && (lf = memchr(buf, '\n', len)); buf = lf + 1) {
		size_t n = lf - buf;
		len -= n + 1;
		uint64_t id = nextId++;
		if (!keep || n >= CHAT_WIRE_MAX) continue;
		remember(now, buf, n);
		if (!logFile) continue;
		char line[CHAT_WIRE_MAX];
		memcpy(line, buf, n);
		line[n] = '\0';
		struct wireMsg m;
		wireParse(line, &m);
		m.id = id;
		if (m.type == WIRE_CHAT || m.type == WIRE_ACTION) writeLog(now, &m);
	}
}

uint64_t historyAdd(const char *buf, size_t len)
{
	pthread_mutex_lock(&historyLock);
	uint64_t first = nextId;
	add(buf, len);
	pthread_mutex_unlock(&historyLock);
	return first;
}

void historyStart(uint64_t next)
{
	pthread_mutex_lock(&historyLock);
	forget();
	baseId = nextId = next;
	pthread_mutex_unlock(&historyLock);
}

void historyPut(const char *buf, size_t len, uint64_t first)
{
	pthread_mutex_lock(&historyLock);
	if (first != nextId) {
		/* Lines this node never had (trimmed from the stream while it
		 * was away): the ring holds consecutive IDs only. */
		forget();
		baseId = nextId = first;
	}
	add(buf, len);
	pthread_mutex_unlock(&historyLock);
}

/* How many of the remembered lines to skip to replay those after id:
 * none unless id is one of them or the newest (an ID from before a
 * restart without --log, or from another room, says nothing). */
static size_t skipped(uint64_t after)
{
	uint64_t from = nextId - count;
	if (!after || after + 1 < from || after >= nextId) return 0;
	return after + 1 - from;
}

void historyEach(uint64_t after, void (*fn)(const struct wireMsg *m, void *arg), void *arg)
{
	pthread_mutex_lock(&historyLock);
	for (size_t i = skipped(after); i < count; i++) {
		const struct record *e = &ring[(start + i) % size];
		struct wireMsg m;
		wireParse(e->line, &m);
		/* Only the room's lines, as they were said. */
		if ((m.type != WIRE_CHAT && m.type != WIRE_ACTION) || m.id || m.history) continue;
		m.history = true;
		m.when = e->when;
		fn(&m, arg);
	}
	pthread_mutex_unlock(&historyLock);
}

void historyIds(uint64_t after, struct historyIds *ids)
{
	pthread_mutex_lock(&historyLock);
	ids->base = baseId;
	ids->from = nextId - count + skipped(after);
	ids->to = nextId - 1;
	ids->last = nextId - 1;     /* 0: no line yet */
	pthread_mutex_unlock(&historyLock);
}

void historyReopen(void)
{
	if (!logPath) return;
	pthread_mutex_lock(&historyLock);
	const char *why;
	FILE *file = openLog(&why);
	if (file) {
		if (logFile) fclose(logFile);
		logFile = file;
		serverLog(LOG_INFO, _("reopened %s"), logPath);
	} else {
		serverLog(LOG_ERROR, _("cannot reopen %s: %s"), logPath, why);
	}
	pthread_mutex_unlock(&historyLock);
}
