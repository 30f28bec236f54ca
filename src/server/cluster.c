/* cluster.c: one room across several chat-servers, through Redis.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With --cluster, a room line is not relayed where it was said: it goes
 * to one Redis stream, and every node, this one included, relays what it
 * reads there, in the stream's order.  So the stream is the room's order
 * of record, every node gives a line the same ID (the stream ID N-0 is
 * the line ID, see HACKING), and a newcomer's history comes from it.
 *
 * Two threads, each with its own connection, so that a write never waits
 * behind a blocked read:
 *
 *   the writer takes every line queued since its last round trip and
 *   writes them with one EVALSHA of the script below (INCR and XADD with
 *   the explicit ID, for each line), so a busy room costs one command and
 *   one round trip per batch, not per line.  Each line carries this
 *   process's source ID and a sequence number; the script skips those it
 *   has, so a batch sent again after a lost connection is never written
 *   twice.
 *
 *   the reader waits in XREAD BLOCK from the last ID it relayed, and hands
 *   each run of lines to roomRelay, which records them in the history
 *   with their IDs and sends them to this node's clients (the sender's
 *   own lines are acknowledged to it instead, as without a cluster).
 *
 * Keys, all under "chat:{ROOM}:" (one hash tag: a Redis Cluster keeps a
 * room on one shard):
 *   stream      the room's lines, trimmed with MAXLEN ~ to --history
 *               (at least 10,000); fields node, src, peer, name, kind
 *               (chat, action), text, time (Unix seconds)
 *   id          the last line ID given
 *   seq:SRC     the last sequence number written for source SRC (a
 *               process; expires after a day)
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <hiredis.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

enum {
	BATCH_LINES = 512,      /* lines in one EVALSHA */
	READ_COUNT = 1000,      /* entries in one XREAD */
	BLOCK_MS = 500,         /* an XREAD waits at most this long */
	TIMEOUT_MS = 2000,      /* a command without a reply by then: Redis is stalled */
	BACKOFF_MIN_MS = 100,
	BACKOFF_MAX_MS = 5000,
	/* The stream keeps at least this many lines: what a node has not
	 * read yet must still be there, and a burst is one batch. */
	STREAM_MIN = 10000,
};

/* INCR and XADD with the explicit ID, for each line not written yet.
 * KEYS: id, stream, seq:SRC.  ARGV: maxlen, floor, clock, node, src,
 * first sequence number, then peer, name, kind, text, time per line.
 * The counter never goes below floor (the last ID this node saw: a Redis
 * restarted without its data must not give an ID twice), and starts from
 * clock (seconds * 1000, as history.c does) when it is not there at all,
 * so that a client's old IDs never pass for new ones. */
static const char script[] =
	"local c = redis.call('GET', KEYS[1])\n"
	"if c then c = tonumber(c) else c = tonumber(ARGV[3]) end\n"
	"local floor = tonumber(ARGV[2])\n"
	"if c < floor then c = floor end\n"
	"local done = tonumber(redis.call('GET', KEYS[3]) or '0')\n"
	"local seq = tonumber(ARGV[6])\n"
	"local i = 7\n"
	"while i + 4 <= #ARGV do\n"
	"  if seq > done then\n"
	"    c = c + 1\n"
	"    redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], string.format('%d-0', c),\n"
	"      'node', ARGV[4], 'src', ARGV[5], 'peer', ARGV[i], 'name', ARGV[i + 1],\n"
	"      'kind', ARGV[i + 2], 'text', ARGV[i + 3], 'time', ARGV[i + 4])\n"
	"    done = seq\n"
	"  end\n"
	"  seq = seq + 1\n"
	"  i = i + 5\n"
	"end\n"
	"redis.call('SET', KEYS[1], string.format('%d', c))\n"
	"redis.call('SET', KEYS[3], string.format('%d', done), 'EX', 86400)\n"
	"return c\n";

static struct {
	char *host, *path;  /* one of them */
	int port, db;
} target;
static char *room = "chat";
static char *node;
static char src[32];    /* this process, in every line it writes */
static char keyId[128], keyStream[128], keySeq[160];
static char sha[41];

/* Lines waiting for the writer, oldest first. */
struct out {
	uint64_t seq, peer;
	enum wireType type;
	char name[CHAT_ADDRNAME_MAX + 1];
	char *text;
	time_t when;
};
static pthread_mutex_t outLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t outCond = PTHREAD_COND_INITIALIZER;
static struct out *outQ;
static size_t outLen, outCap;
static uint64_t outSeq;         /* the last sequence number given */
static bool stopping;

static atomic_uint_fast64_t lastSeen;  /* the newest line ID relayed */
static pthread_t writer, reader;
static bool started;

static char *dupN(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

bool clusterOn(void)
{
	return node != NULL;
}

/* "redis://HOST[:PORT][/DB]" ("[V6]" for an IPv6 address) or
 * "unix:///PATH"; false when it is neither. */
static bool parseUrl(const char *url)
{
	static const char tcp[] = "redis://", unix_[] = "unix://";
	if (!strncmp(url, unix_, sizeof(unix_) - 1)) {
		const char *path = url + sizeof(unix_) - 1;
		if (path[0] != '/' || !path[1]) return false;
		target.path = xstrdup(path);
		return true;
	}
	if (strncmp(url, tcp, sizeof(tcp) - 1)) return false;
	const char *h = url + sizeof(tcp) - 1, *end;
	if (*h == '[') {
		end = strchr(h, ']');
		if (!end || end == h + 1) return false;
		target.host = dupN(h + 1, end - h - 1);
		end++;
	} else {
		end = h + strcspn(h, ":/");
		if (end == h) return false;
		target.host = dupN(h, end - h);
	}
	target.port = 6379;
	long long n;
	if (*end == ':') {
		const char *p = end + 1;
		end = p + strcspn(p, "/");
		char *port = dupN(p, end - p);
		bool ok = utilParseNumber(port, 1, 65535, &n);
		free(port);
		if (!ok) return false;
		target.port = n;
	}
	if (*end == '/' && end[1]) {
		if (!utilParseNumber(end + 1, 0, 1000000, &n)) return false;
		target.db = n;
	} else if (*end && strcmp(end, "/")) {
		return false;
	}
	return true;
}

/* A room is a key prefix: short, and nothing that could end a key's
 * hash tag or read oddly in redis-cli. */
static bool roomValid(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > 64) return false;
	for (; *s; s++) {
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.", *s)) {
			return false;
		}
	}
	return true;
}

void clusterOptions(const char *url, const char *roomName, const char *nodeName)
{
	if (!url) {
		if (roomName || nodeName) utilUsageError(_("--room and --node go with --cluster"));
		return;
	}
	if (!parseUrl(url)) {
		utilUsageError(_("invalid value for --%s: '%s' (redis://HOST[:PORT][/DB] or"
		    " unix:///PATH)"), "cluster", url);
	}
	if (roomName && !roomValid(roomName)) {
		utilUsageError(_("invalid value for --%s: '%s' (1 to 64 letters, digits, '-',"
		    " '_' or '.')"), "room", roomName);
	}
	if (nodeName && (!*nodeName || strlen(nodeName) > 64 || strpbrk(nodeName, " \t\r\n"))) {
		utilUsageError(_("invalid value for --%s: '%s' (1 to 64 bytes, no spaces)"),
		    "node", nodeName);
	}
	if (roomName) room = (char *)roomName;
	node = xstrdup(nodeName ? nodeName : "");
}

static redisContext *connectOnce(char *why, size_t size)
{
	struct timeval tv = { TIMEOUT_MS / 1000, TIMEOUT_MS % 1000 * 1000 };
	redisContext *c = target.path ? redisConnectUnixWithTimeout(target.path, tv)
	    : redisConnectWithTimeout(target.host, target.port, tv);
	if (!c) {
		snprintf(why, size, "%s", strerror(ENOMEM));
		return NULL;
	}
	if (c->err) {
		snprintf(why, size, "%s", c->errstr);
		redisFree(c);
		return NULL;
	}
	redisSetTimeout(c, tv);
	if (!target.path) redisEnableKeepAlive(c);
	redisReply *r = NULL;
	if (target.db) {
		r = redisCommand(c, "SELECT %d", target.db);
		if (!r || r->type == REDIS_REPLY_ERROR) goto fail;
		freeReplyObject(r);
	}
	r = redisCommand(c, "SCRIPT LOAD %s", script);
	if (!r || r->type != REDIS_REPLY_STRING || r->len != 40) goto fail;
	memcpy(sha, r->str, 40);
	freeReplyObject(r);
	return c;
fail:
	snprintf(why, size, "%s", r ? r->str ? r->str : "?" : c->errstr);
	if (r) freeReplyObject(r);
	redisFree(c);
	return NULL;
}

/* "N-0" -> N; 0 when it is not a line ID of ours. */
static uint64_t streamId(const char *s)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(s, &end, 10);
	if (errno || end == s || strcmp(end, "-0")) return 0;
	return n;
}

static const char *field(const redisReply *fields, const char *name)
{
	if (fields->type != REDIS_REPLY_ARRAY) return NULL;
	for (size_t i = 0; i + 1 < fields->elements; i += 2) {
		const redisReply *k = fields->element[i], *v = fields->element[i + 1];
		if (k->type == REDIS_REPLY_STRING && v->type == REDIS_REPLY_STRING &&
		    !strcmp(k->str, name)) {
			return v->str;
		}
	}
	return NULL;
}

/* A run of lines from one sender, handed to roomRelay together. */
struct run {
	char buf[16384];
	size_t len;
	uint64_t first, next;
	uint64_t peer;          /* the sender, when it is one of ours */
	char src[sizeof(src)];
};

static void runFlush(struct run *run)
{
	if (run->len) roomRelay(run->buf, run->len, run->first, run->peer);
	if (run->next) atomic_store(&lastSeen, run->next - 1);
	run->len = 0;
	run->first = 0;
}

/* One stream entry: its wire line goes into the run. */
static void entry(struct run *run, const redisReply *e)
{
	if (e->type != REDIS_REPLY_ARRAY || e->elements != 2) return;
	const redisReply *idr = e->element[0], *fields = e->element[1];
	if (idr->type != REDIS_REPLY_STRING) return;
	uint64_t id = streamId(idr->str);
	uint64_t last = run->len ? run->next - 1 : atomic_load(&lastSeen);
	if (!id || id <= last) return;
	if (last && id > last + 1) {
		serverLog(LOG_ERROR, _("cluster: lines %llu to %llu were gone from the stream"
		    " before this node read them"), (unsigned long long)last + 1,
		    (unsigned long long)id - 1);
	}
	const char *esrc = field(fields, "src"), *peer = field(fields, "peer");
	const char *name = field(fields, "name"), *kind = field(fields, "kind");
	const char *text = field(fields, "text");
	uint64_t from = esrc && peer && !strcmp(esrc, src) ? strtoull(peer, NULL, 10) : 0;
	if (run->len && (id != run->next || from != run->peer ||
	    strcmp(esrc ? esrc : "", run->src))) {
		runFlush(run);
	}
	struct wireMsg m;
	wireInit(&m, kind && !strcmp(kind, "action") ? WIRE_ACTION : WIRE_CHAT);
	m.text = text ? text : "";
	snprintf(m.name, sizeof(m.name), "%s", name ? name : "");
	char line[CHAT_WIRE_MAX];
	size_t n = name ? wireFormat(line, sizeof(line), &m) : 0;
	if (!n) {
		/* Not a line we can relay: its ID is a gap. */
		runFlush(run);
		atomic_store(&lastSeen, id);
		return;
	}
	if (run->len + n > sizeof(run->buf)) runFlush(run);
	if (!run->len) {
		run->first = id;
		run->peer = from;
		snprintf(run->src, sizeof(run->src), "%s", esrc ? esrc : "");
	}
	memcpy(run->buf + run->len, line, n);
	run->len += n;
	run->next = id + 1;
}

/* XREAD's or XRANGE's entries, relayed in order. */
static void entries(const redisReply *list)
{
	static struct run run;
	if (list->type != REDIS_REPLY_ARRAY) return;
	for (size_t i = 0; i < list->elements; i++) entry(&run, list->element[i]);
	runFlush(&run);
}

/* The history, from the stream: what a newcomer on any node sees. */
static bool loadHistory(redisContext *c)
{
	long n = serverOpt.history ? serverOpt.history : 1;
	redisReply *r = redisCommand(c, "XREVRANGE %s + - COUNT %ld", keyStream, n);
	if (!r) return false;
	if (r->type == REDIS_REPLY_ARRAY) {
		/* Newest first: relay them oldest first. */
		for (size_t i = 0; i < r->elements / 2; i++) {
			redisReply *t = r->element[i];
			r->element[i] = r->element[r->elements - 1 - i];
			r->element[r->elements - 1 - i] = t;
		}
		if (r->elements) {
			const redisReply *e = r->element[0];
			if (e->type == REDIS_REPLY_ARRAY && e->elements == 2 &&
			    e->element[0]->type == REDIS_REPLY_STRING) {
				uint64_t id = streamId(e->element[0]->str);
				if (id) atomic_store(&lastSeen, id - 1);
			}
		}
		entries(r);
	}
	freeReplyObject(r);
	return true;
}

static void sleepMs(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000L };
	while (nanosleep(&ts, &ts) && errno == EINTR) continue;
}

static long backoff(long ms)
{
	return ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : ms * 2;
}

static void *readerMain(void *arg)
{
	redisContext *c = arg;
	long wait = BACKOFF_MIN_MS;
	char why[256];
	for (;;) {
		pthread_mutex_lock(&outLock);
		bool stop = stopping;
		pthread_mutex_unlock(&outLock);
		if (stop) break;
		if (!c) {
			c = connectOnce(why, sizeof(why));
			if (!c) {
				sleepMs(wait);
				wait = backoff(wait);
				continue;
			}
			serverLog(LOG_INFO, _("cluster: reading from Redis again, after line %llu"),
			    (unsigned long long)atomic_load(&lastSeen));
			wait = BACKOFF_MIN_MS;
		}
		char from[32];
		snprintf(from, sizeof(from), "%llu-0", (unsigned long long)atomic_load(&lastSeen));
		redisReply *r = redisCommand(c, "XREAD COUNT %d BLOCK %d STREAMS %s %s",
		    READ_COUNT, BLOCK_MS, keyStream, from);
		if (!r || r->type == REDIS_REPLY_ERROR) {
			serverLog(LOG_ERROR, _("cluster: cannot read from Redis: %s"),
			    r ? r->str : c->errstr);
			if (r) freeReplyObject(r);
			redisFree(c);
			c = NULL;
			continue;
		}
		/* [[stream, [entries]]], or nil when BLOCK ran out. */
		if (r->type == REDIS_REPLY_ARRAY && r->elements == 1 &&
		    r->element[0]->type == REDIS_REPLY_ARRAY && r->element[0]->elements == 2) {
			entries(r->element[0]->element[1]);
		}
		freeReplyObject(r);
	}
	if (c) redisFree(c);
	return NULL;
}

static const char *kindOf(enum wireType type)
{
	return type == WIRE_ACTION ? "action" : "chat";
}

/* Writes lines q[0..n) with one EVALSHA; false when Redis did not take
 * them (they are sent again). */
static bool writeBatch(redisContext *c, const struct out *q, size_t n)
{
	size_t argc = 3 + 3 + 6 + 5 * n;
	const char **argv = xcalloc(argc, sizeof(*argv));
	char (*nums)[24] = xcalloc(4 + 2 * n, sizeof(*nums));
	size_t a = 0, k = 0;
	argv[a++] = "EVALSHA";
	argv[a++] = sha;
	argv[a++] = "3";
	argv[a++] = keyId;
	argv[a++] = keyStream;
	argv[a++] = keySeq;
	long maxlen = serverOpt.history > STREAM_MIN ? serverOpt.history : STREAM_MIN;
	snprintf(nums[k], sizeof(nums[k]), "%ld", maxlen);
	argv[a++] = nums[k++];
	snprintf(nums[k], sizeof(nums[k]), "%llu", (unsigned long long)atomic_load(&lastSeen));
	argv[a++] = nums[k++];
	snprintf(nums[k], sizeof(nums[k]), "%llu", (unsigned long long)time(NULL) * 1000);
	argv[a++] = nums[k++];
	argv[a++] = node;
	argv[a++] = src;
	snprintf(nums[k], sizeof(nums[k]), "%llu", (unsigned long long)q[0].seq);
	argv[a++] = nums[k++];
	for (size_t i = 0; i < n; i++) {
		snprintf(nums[k], sizeof(nums[k]), "%llu", (unsigned long long)q[i].peer);
		argv[a++] = nums[k++];
		argv[a++] = q[i].name;
		argv[a++] = kindOf(q[i].type);
		argv[a++] = q[i].text;
		snprintf(nums[k], sizeof(nums[k]), "%lld", (long long)q[i].when);
		argv[a++] = nums[k++];
	}
	redisReply *r = redisCommandArgv(c, (int)a, argv, NULL);
	free(argv);
	free(nums);
	bool ok = r && r->type == REDIS_REPLY_INTEGER;
	if (!ok) {
		serverLog(LOG_ERROR, _("cluster: cannot write to Redis: %s"),
		    r ? r->type == REDIS_REPLY_ERROR ? r->str : "?" : c->errstr);
	}
	if (r) freeReplyObject(r);
	return ok;
}

static void *writerMain(void *arg)
{
	redisContext *c = arg;
	long wait = BACKOFF_MIN_MS;
	char why[256];
	struct out *batch = xcalloc(BATCH_LINES, sizeof(*batch));
	for (;;) {
		pthread_mutex_lock(&outLock);
		while (!outLen && !stopping) pthread_cond_wait(&outCond, &outLock);
		if (!outLen) {
			pthread_mutex_unlock(&outLock);
			break;
		}
		size_t n = outLen < BATCH_LINES ? outLen : BATCH_LINES;
		memcpy(batch, outQ, n * sizeof(*batch));
		pthread_mutex_unlock(&outLock);
		if (!c) c = connectOnce(why, sizeof(why));
		if (!c || !writeBatch(c, batch, n)) {
			if (c) redisFree(c);
			c = NULL;
			pthread_mutex_lock(&outLock);
			bool stop = stopping;
			pthread_mutex_unlock(&outLock);
			if (stop) {
				serverLog(LOG_ERROR, ngettext("cluster: %zu line not written to Redis",
				    "cluster: %zu lines not written to Redis", outLen), outLen);
				break;
			}
			sleepMs(wait);
			wait = backoff(wait);
			continue;
		}
		wait = BACKOFF_MIN_MS;
		pthread_mutex_lock(&outLock);
		for (size_t i = 0; i < n; i++) free(outQ[i].text);
		outLen -= n;
		memmove(outQ, outQ + n, outLen * sizeof(*outQ));
		pthread_mutex_unlock(&outLock);
	}
	free(batch);
	if (c) redisFree(c);
	return NULL;
}

void clusterSay(uint64_t peer, const char *buf, size_t len)
{
	char line[CHAT_WIRE_MAX];
	time_t now = time(NULL);
	pthread_mutex_lock(&outLock);
	for (enum frameResult r; (r = frameSplit(&buf, &len, line, sizeof(line))); ) {
		if (r != FRAME_LINE) continue;
		struct wireMsg m;
		wireParse(line, &m);
		if (m.type != WIRE_CHAT && m.type != WIRE_ACTION) continue;
		if (outLen == outCap) {
			outCap = outCap ? outCap * 2 : 64;
			outQ = xrealloc(outQ, outCap * sizeof(*outQ));
		}
		struct out *o = &outQ[outLen++];
		o->seq = ++outSeq;
		o->peer = peer;
		o->type = m.type;
		strcpy(o->name, m.name);
		o->text = xstrdup(m.text ? m.text : "");
		o->when = now;
	}
	pthread_cond_signal(&outCond);
	pthread_mutex_unlock(&outLock);
}

void clusterStart(const char *defaultNode)
{
	if (!clusterOn()) return;
	if (!*node) {
		free(node);
		node = xstrdup(defaultNode);
	}
	/* This process: the node's name may be given twice by mistake, and
	 * a restarted node must not have its lines taken for the old one's. */
	snprintf(src, sizeof(src), "%lx.%lx", (unsigned long)time(NULL), (unsigned long)getpid());
	snprintf(keyId, sizeof(keyId), "chat:{%s}:id", room);
	snprintf(keyStream, sizeof(keyStream), "chat:{%s}:stream", room);
	snprintf(keySeq, sizeof(keySeq), "chat:{%s}:seq:%s", room, src);
	char why[256];
	redisContext *w = connectOnce(why, sizeof(why));
	redisContext *r = w ? connectOnce(why, sizeof(why)) : NULL;
	const char *where = target.path ? target.path : target.host;
	if (!r) {
		/* Refusing is clearer than a room that looks whole and is not. */
		errx(EX_UNAVAILABLE, _("cannot reach Redis at %s: %s"), where, why);
	}
	if (!loadHistory(r)) errx(EX_UNAVAILABLE, _("cannot reach Redis at %s: %s"), where, r->errstr);
	serverLog(LOG_INFO, _("cluster: room %s on Redis at %s, as node %s"), room, where, node);
	if (pthread_create(&writer, NULL, writerMain, w)) errx(EX_OSERR, "pthread_create");
	if (pthread_create(&reader, NULL, readerMain, r)) errx(EX_OSERR, "pthread_create");
	started = true;
}

void clusterStop(void)
{
	if (!started) return;
	pthread_mutex_lock(&outLock);
	stopping = true;
	pthread_cond_signal(&outCond);
	pthread_mutex_unlock(&outLock);
	pthread_join(writer, NULL);
	pthread_join(reader, NULL);
	for (size_t i = 0; i < outLen; i++) free(outQ[i].text);
	free(outQ);
	outQ = NULL;
	outLen = outCap = 0;
	free(target.host);
	free(target.path);
	free(node);
	node = NULL;
	started = false;
}
