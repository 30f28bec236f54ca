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
 *               (chat, action), text, time (Unix seconds), late (1: said
 *               while this node could not reach Redis, relayed here then)
 *   id          the last line ID given
 *   seq:SRC     the last sequence number written for source SRC (a
 *               process; expires after a day)
 *   owners      hash: a name owned by a client key (lower case) -> the
 *               key's fingerprint; what owned.c's names file is alone
 *   bans        hash: a banned key or address -> its bans file line
 * (and the leases, events, nodes and members, below and in HACKING).
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <hiredis.h>
#include <stdarg.h>
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
	EVENTS_MAX = 10000,     /* joins, quits, nicks, private messages kept */
	HEARTBEAT_MS = 1000,    /* a node says it is alive this often */
	DEAD_MS = 5000,         /* a node not heard from for this long is gone */
	LEASE_S = 10,           /* a name's lease, renewed with each heartbeat */
	BANS_BEATS = 5,         /* the bans are read again every this many */
};

/* Name leases: chat:{ROOM}:name:NAME holds the SRC of the node whose
 * client has it.  The same script checks the owners hash, so that a
 * name owned by a key is refused to any other, and tied to the key that
 * takes it first, all in one step: no two nodes can give it to two keys.
 * KEYS: the lease, owners.  ARGV: src, seconds, the name in lower case,
 * the key ("" without).  Returns {claim, owned}: claim 1 when taken now,
 * 2 when it was ours already, 0 when another node has it, 3 when another
 * key owns it; owned 0 when nobody does, 1 when this key does, 2 when it
 * does from now on.  Renew and release touch only our own. */
static const char claimScript[] =
	"local v = redis.call('GET', KEYS[1])\n"
	"if v and v ~= ARGV[1] then return {0, 0} end\n"
	"local o = redis.call('HGET', KEYS[2], ARGV[3])\n"
	"if o and o ~= ARGV[4] then return {3, 0} end\n"
	"redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])\n"
	"local b = 0\n"
	"if o then b = 1 elseif ARGV[4] ~= '' then\n"
	"  redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])\n"
	"  b = 2\n"
	"end\n"
	"if v then return {2, b} end\n"
	"return {1, b}\n";
/* Gives an owned name back.  KEYS: owners.  ARGV: the name in lower
 * case, the key that gives it back ("*": an operator, whoever owns it).
 * 0 when nobody owns it, 1 when freed, 2 when another key owns it. */
static const char unownScript[] =
	"local o = redis.call('HGET', KEYS[1], ARGV[1])\n"
	"if not o then return 0 end\n"
	"if ARGV[2] ~= '*' and o ~= ARGV[2] then return 2 end\n"
	"redis.call('HDEL', KEYS[1], ARGV[1])\n"
	"return 1\n";
static const char renewScript[] =
	"for i = 1, #KEYS do\n"
	"  if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('EXPIRE', KEYS[i], ARGV[2]) end\n"
	"end\n"
	"return #KEYS\n";
static const char releaseScript[] =
	"if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end\n"
	"return 1\n";

/* INCR and XADD with the explicit ID, for each line not written yet.
 * KEYS: id, stream, seq:SRC.  ARGV: maxlen, floor, clock, node, src,
 * first sequence number, then peer, name, kind, text, time, late per line.
 * The counter never goes below floor (the last ID this node saw).  When
 * there is none (a new room, or Redis restarted without its data), it
 * starts from clock (the time in milliseconds) or floor, whichever is
 * higher: the node that writes first may have fallen behind the others,
 * and its floor with it, but the clock has passed every ID the room gave
 * unless it averaged over 1000 lines a second since it last started from
 * the clock.  So a client's old IDs never pass for new ones. */
static const char script[] =
	"local c = redis.call('GET', KEYS[1])\n"
	"local floor = tonumber(ARGV[2])\n"
	"if c then c = tonumber(c) else c = math.max(floor, tonumber(ARGV[3])) end\n"
	"if c < floor then c = floor end\n"
	"local done = tonumber(redis.call('GET', KEYS[3]) or '0')\n"
	"local seq = tonumber(ARGV[6])\n"
	"local i = 7\n"
	"while i + 5 <= #ARGV do\n"
	"  if seq > done then\n"
	"    c = c + 1\n"
	"    redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], string.format('%d-0', c),\n"
	"      'node', ARGV[4], 'src', ARGV[5], 'peer', ARGV[i], 'name', ARGV[i + 1],\n"
	"      'kind', ARGV[i + 2], 'text', ARGV[i + 3], 'time', ARGV[i + 4], 'late', ARGV[i + 5])\n"
	"    done = seq\n"
	"  end\n"
	"  seq = seq + 1\n"
	"  i = i + 6\n"
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
static char keyEvents[128], keyNodes[128], keyMembers[160];
static char keyOwners[128], keyBans[128];
static char lastEvent[48] = "0-0";  /* the reader's alone */

/* Who is on the other nodes, from their members hashes at start and
 * their events since.  membersLock is a leaf, taken under roomLock. */
struct member {
	char src[32];
	char name[CHAT_ADDRNAME_MAX + 1];
	bool verified;          /* its name is owned by its key */
};
static pthread_mutex_t membersLock = PTHREAD_MUTEX_INITIALIZER;
static struct member *members;
static size_t nmembers, membersCap;

/* The connection for claims, which a peer's thread waits for. */
static pthread_mutex_t claimLock = PTHREAD_MUTEX_INITIALIZER;
static redisContext *claimCtx;
static char sha[41];

/* Lines waiting for the writer, oldest first. */
enum outKind {
	OUT_LINE, OUT_JOIN, OUT_QUIT, OUT_NICK, OUT_MSG, OUT_UNOWN, OUT_BAN, OUT_UNBAN,
	OUT_KICK, OUT_BANNING,
};
static const char *kindNames[] = {
	[OUT_LINE] = "line", [OUT_JOIN] = "join", [OUT_QUIT] = "quit",
	[OUT_NICK] = "nick", [OUT_MSG] = "msg", [OUT_UNOWN] = "unown",
	[OUT_BAN] = "ban", [OUT_UNBAN] = "unban",
	[OUT_KICK] = "kick", [OUT_BANNING] = "ban-name",
};
struct out {
	enum outKind kind;
	uint64_t seq, peer;
	enum wireType type;
	char name[CHAT_ADDRNAME_MAX + 1];
	char name2[CHAT_ADDRNAME_MAX + 1];  /* NICK: the new name; MSG: to whom */
	char *text;             /* a line's; MSG: the message; QUIT: the reason;
	                         * BAN: the bans file line; UNBAN: the target */
	bool verified;          /* JOIN, NICK: the name is owned by its key */
	time_t when;
	bool late;              /* a line relayed here while Redis was away */
};
static pthread_mutex_t outLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t outCond = PTHREAD_COND_INITIALIZER;
static struct out *outQ;
static size_t outLen, outCap;
static uint64_t outSeq;         /* the last sequence number given */
static bool stopping;

static atomic_uint_fast64_t lastSeen;  /* the newest line ID relayed */
/* Redis away (unreachable, or not answering within TIMEOUT_MS): lines
 * are relayed here at once, and written marked late once it is back.
 * Each thread says how it fares; both must do well to end it. */
static atomic_bool away, readerOk = true, writerOk = true;
static atomic_llong upSince;    /* utilNow() when the writer last connected */
static unsigned beats;          /* the writer's heartbeats since it connected */
static pthread_t writer, reader;
static bool started;

static int64_t wallMs(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Call with membersLock held. */
static struct member *memberFind(const char *msrc, const char *name)
{
	for (size_t i = 0; i < nmembers; i++) {
		if ((!msrc || !strcmp(members[i].src, msrc)) &&
		    !wireNameCompare(members[i].name, name)) {
			return &members[i];
		}
	}
	return NULL;
}

static void memberAdd(const char *msrc, const char *name, bool verified)
{
	struct member *m = memberFind(msrc, name);
	if (m) {
		m->verified = verified;
		return;
	}
	if (nmembers == membersCap) {
		membersCap = membersCap ? membersCap * 2 : 64;
		members = xrealloc(members, membersCap * sizeof(*members));
	}
	snprintf(members[nmembers].src, sizeof(members[nmembers].src), "%s", msrc);
	snprintf(members[nmembers].name, sizeof(members[nmembers].name), "%s", name);
	members[nmembers].verified = verified;
	nmembers++;
}

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

/* A run of lines with consecutive IDs, handed to roomRelay together:
 * one send to each client here for all of them.  Lines said late on
 * another node come in runs of their own, after a notice. */
enum { RUN_LINES = 1024 };
struct run {
	char buf[65536];
	size_t len, lines;
	uint64_t first, next;
	struct roomFrom from[RUN_LINES];
	bool late;              /* another node's late lines */
	char src[sizeof(src)];  /* whose, then */
	char node[65];
};

/* The reader's notice of late lines and the lines themselves go out
 * under it, and fare's notices too, so that the writer's "can be reached
 * again" cannot come between them: roomInfo sends at once, where
 * roomRelay's lines wait for the passer.  Taken before roomLock. */
static pthread_mutex_t noticeLock = PTHREAD_MUTEX_INITIALIZER;

static void runFlush(struct run *run)
{
	pthread_mutex_lock(&noticeLock);
	if (run->len && run->late) {
		/* Said where Redis could not be reached: this node's clients
		 * are told that these lines come late. */
		char text[160];
		snprintf(text, sizeof(text), "the next lines were said on %s while it could not"
		    " reach the other servers", run->node);
		roomInfo(text);
	}
	if (run->len) roomRelay(run->buf, run->len, run->first, run->from, run->lines);
	pthread_mutex_unlock(&noticeLock);
	if (run->next) atomic_store(&lastSeen, run->next - 1);
	run->len = run->lines = 0;
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
	const char *text = field(fields, "text"), *late = field(fields, "late");
	const char *enode = field(fields, "node");
	bool ours = esrc && !strcmp(esrc, src);
	bool isLate = late && !strcmp(late, "1");
	uint64_t from = ours && peer ? strtoull(peer, NULL, 10) : 0;
	bool lateOther = isLate && !ours;
	if (run->len && (id != run->next || lateOther != run->late || run->lines == RUN_LINES ||
	    (lateOther && strcmp(esrc ? esrc : "", run->src)))) {
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
		run->late = lateOther;
		snprintf(run->src, sizeof(run->src), "%s", esrc ? esrc : "");
		snprintf(run->node, sizeof(run->node), "%s", enode ? enode : "?");
	}
	memcpy(run->buf + run->len, line, n);
	run->len += n;
	/* Ours said late were relayed here when they were said. */
	run->from[run->lines++] = (struct roomFrom) { .serial = from, .relayed = isLate && ours };
	run->next = id + 1;
}

/* One event of another node: its members change, and this node's
 * clients are told. */
static void otherEvent(const redisReply *e)
{
	if (e->type != REDIS_REPLY_ARRAY || e->elements != 2 ||
	    e->element[0]->type != REDIS_REPLY_STRING) {
		return;
	}
	snprintf(lastEvent, sizeof(lastEvent), "%s", e->element[0]->str);
	const redisReply *f = e->element[1];
	const char *type = field(f, "type"), *esrc = field(f, "src");
	const char *name = field(f, "name"), *name2 = field(f, "name2"), *text = field(f, "text");
	const char *ver = field(f, "verified");
	if (!type || !esrc || !name || !name2 || !text || !strcmp(esrc, src)) return;
	if (strlen(esrc) >= sizeof(members->src) || strlen(name) > CHAT_ADDRNAME_MAX ||
	    strlen(name2) > CHAT_ADDRNAME_MAX) {
		return;
	}
	bool verified = ver && !strcmp(ver, "1");
	/* What an operator did elsewhere holds here too. */
	if (!strcmp(type, "unown")) {
		roomUnverify(name);
		return;
	}
	if (!strcmp(type, "ban")) {
		banShared(text);
		return;
	}
	if (!strcmp(type, "unban")) {
		banLifted(text, name, name2);
		return;
	}
	if (!strcmp(type, "kick") || !strcmp(type, "ban-name")) {
		opActed(!strcmp(type, "ban-name"), name, name2, text);
		return;
	}
	bool tell = false;
	pthread_mutex_lock(&membersLock);
	struct member *m = memberFind(esrc, name);
	if (!strcmp(type, "join")) {
		tell = !m;
		memberAdd(esrc, name, verified);
	} else if (!strcmp(type, "quit") && m) {
		*m = members[--nmembers];
		tell = true;
	} else if (!strcmp(type, "nick")) {
		tell = !m || wireNameCompare(name, name2) || strcmp(name, name2) ||
		    m->verified != verified;
		if (m) {
			snprintf(m->name, sizeof(m->name), "%s", name2);
			m->verified = verified;
		} else {
			memberAdd(esrc, name2, verified);
		}
	}
	pthread_mutex_unlock(&membersLock);
	if (!strcmp(type, "msg")) roomPrivateFrom(name, name2, text);
	else if (tell && !strcmp(type, "join")) roomRemoteNotice(WIRE_JOIN, name, NULL, NULL, verified);
	else if (tell && !strcmp(type, "quit")) roomRemoteNotice(WIRE_QUIT, name, NULL, text, false);
	else if (tell) roomRemoteNotice(WIRE_NICK, name, name2, NULL, verified);
}

/* XREAD's or XRANGE's entries, relayed in order. */
static void entries(const redisReply *list)
{
	static struct run run;
	if (list->type != REDIS_REPLY_ARRAY) return;
	for (size_t i = 0; i < list->elements; i++) entry(&run, list->element[i]);
	runFlush(&run);
}

/* Who is on the other nodes now: the last event first, so that none
 * after it is missed (see appendEvent), then each live node's members. */
static bool loadMembers(redisContext *c)
{
	redisReply *r = redisCommand(c, "XREVRANGE %s + - COUNT 1", keyEvents);
	if (!r) return false;
	if (r->type == REDIS_REPLY_ARRAY && r->elements == 1 &&
	    r->element[0]->type == REDIS_REPLY_ARRAY && r->element[0]->elements == 2 &&
	    r->element[0]->element[0]->type == REDIS_REPLY_STRING) {
		snprintf(lastEvent, sizeof(lastEvent), "%s", r->element[0]->element[0]->str);
	}
	freeReplyObject(r);
	r = redisCommand(c, "ZRANGEBYSCORE %s %lld +inf", keyNodes, (long long)(wallMs() - DEAD_MS));
	if (!r) return false;
	for (size_t i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements; i++) {
		const char *nsrc = r->element[i]->str;
		if (!nsrc || strlen(nsrc) >= sizeof(members->src) || !strcmp(nsrc, src)) continue;
		redisReply *h = redisCommand(c, "HGETALL chat:{%s}:members:%s", room, nsrc);
		if (!h) {
			freeReplyObject(r);
			return false;
		}
		pthread_mutex_lock(&membersLock);
		/* NAME, then "v" when it is verified, else "1". */
		for (size_t j = 0; h->type == REDIS_REPLY_ARRAY && j + 1 < h->elements; j += 2) {
			const char *mname = h->element[j]->str, *v = h->element[j + 1]->str;
			if (mname && strlen(mname) <= CHAT_ADDRNAME_MAX) {
				memberAdd(nsrc, mname, v && !strcmp(v, "v"));
			}
		}
		pthread_mutex_unlock(&membersLock);
		freeReplyObject(h);
	}
	freeReplyObject(r);
	return true;
}

/* A new room's counter, made now rather than at its first line, so that
 * the IDs a client is told before that line (LAST in "-!- ids") are the
 * counter's, on every node: else the first line would look like a gap. */
static bool startIds(redisContext *c)
{
	if (atomic_load(&lastSeen)) return true;
	struct historyIds ids;
	historyIds(0, &ids);
	uint64_t clock = (uint64_t)time(NULL) * 1000;
	if (ids.last > clock) clock = ids.last;
	redisReply *r = redisCommand(c, "SET %s %llu NX", keyId, (unsigned long long)clock);
	if (!r) return false;
	freeReplyObject(r);
	r = redisCommand(c, "GET %s", keyId);
	if (!r) return false;
	uint64_t id = r->type == REDIS_REPLY_STRING ? strtoull(r->str, NULL, 10) : 0;
	freeReplyObject(r);
	if (id) {
		atomic_store(&lastSeen, id);
		historyStart(id + 1);
	}
	return true;
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

static void fare(atomic_bool *ok, bool now)
{
	atomic_store(ok, now);
	bool down = !atomic_load(&readerOk) || !atomic_load(&writerOk);
	if (atomic_exchange(&away, down) == down) return;
	pthread_mutex_lock(&outLock);
	bool stop = stopping;
	pthread_mutex_unlock(&outLock);
	if (stop) return;
	pthread_mutex_lock(&noticeLock);
	if (down) {
		serverLog(LOG_ERROR, _("cluster: Redis is away; relaying to this server's clients only"));
		roomInfo("the other servers cannot be reached: only the users of this server hear you now");
	} else {
		serverLog(LOG_INFO, _("cluster: Redis is back"));
		roomInfo("the other servers can be reached again; what was said here meanwhile is passed on to them");
	}
	pthread_mutex_unlock(&noticeLock);
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
				fare(&readerOk, false);
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
		redisReply *r = redisCommand(c, "XREAD COUNT %d BLOCK %d STREAMS %s %s %s %s",
		    READ_COUNT, BLOCK_MS, keyStream, keyEvents, from, lastEvent);
		if (!r || r->type == REDIS_REPLY_ERROR) {
			serverLog(LOG_ERROR, _("cluster: cannot read from Redis: %s"),
			    r ? r->str : c->errstr);
			if (r) freeReplyObject(r);
			redisFree(c);
			c = NULL;
			fare(&readerOk, false);
			continue;
		}
		fare(&readerOk, true);
		/* [[stream, [entries]], [events, [entries]]], or nil when
		 * BLOCK ran out. */
		for (size_t i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements; i++) {
			const redisReply *s = r->element[i];
			if (s->type != REDIS_REPLY_ARRAY || s->elements != 2 ||
			    s->element[0]->type != REDIS_REPLY_STRING) {
				continue;
			}
			const redisReply *list = s->element[1];
			if (!strcmp(s->element[0]->str, keyStream)) {
				entries(list);
			} else {
				for (size_t j = 0; list->type == REDIS_REPLY_ARRAY && j < list->elements; j++) {
					otherEvent(list->element[j]);
				}
			}
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

/* Appends the EVALSHA that writes lines q[0..n). */
static void appendLines(redisContext *c, const struct out *q, size_t n)
{
	size_t argc = 3 + 3 + 6 + 6 * n;
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
	snprintf(nums[k], sizeof(nums[k]), "%llu", (unsigned long long)wallMs());
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
		argv[a++] = q[i].late ? "1" : "0";
	}
	redisAppendCommandArgv(c, (int)a, argv, NULL);
	free(argv);
	free(nums);
}

/* "chat:{ROOM}:name:NAME", NAME in lower case: names differ by more than case. */
static void nameKey(char *buf, size_t size, const char *name)
{
	int n = snprintf(buf, size, "chat:{%s}:name:", room);
	for (size_t i = n; i + 1 < size && *name; i++, name++) {
		buf[i] = *name >= 'A' && *name <= 'Z' ? *name - 'A' + 'a' : *name;
		buf[i + 1] = '\0';
	}
}

/* Appends the commands of an event; returns how many.  The members hash
 * changes before the event is added, so that a node starting meanwhile
 * either sees the event or finds the hash changed already. */
static size_t appendEvent(redisContext *c, const struct out *o)
{
	size_t n = 0;
	char key[256];
	if (o->kind == OUT_QUIT || o->kind == OUT_NICK) {
		redisAppendCommand(c, "HDEL %s %s", keyMembers, o->name);
		n++;
		if (wireNameValid(o->name) && (o->kind == OUT_QUIT ||
		    wireNameCompare(o->name, o->name2))) {
			nameKey(key, sizeof(key), o->name);
			redisAppendCommand(c, "EVAL %s 1 %s %s", releaseScript, key, src);
			n++;
		}
	}
	if (o->kind == OUT_JOIN || o->kind == OUT_NICK) {
		redisAppendCommand(c, "HSET %s %s %s", keyMembers,
		    o->kind == OUT_JOIN ? o->name : o->name2, o->verified ? "v" : "1");
		n++;
	}
	redisAppendCommand(c, "XADD %s MAXLEN ~ %d * type %s src %s node %s name %s name2 %s text %s"
	    " verified %s", keyEvents, EVENTS_MAX, kindNames[o->kind], src, node, o->name, o->name2,
	    o->text ? o->text : "", o->verified ? "1" : "0");
	return n + 1;
}

/* Writes q[0..n) in one round trip: each run of lines with one EVALSHA,
 * events as they come; false when Redis did not take them all (they are
 * sent again: the lines' sequence numbers keep them from being written
 * twice). */
static bool writeItems(redisContext *c, const struct out *q, size_t n)
{
	size_t cmds = 0;
	for (size_t i = 0; i < n; ) {
		size_t j = i;
		while (j < n && q[j].kind == OUT_LINE) j++;
		if (j > i) {
			appendLines(c, q + i, j - i);
			cmds++;
			i = j;
		} else {
			cmds += appendEvent(c, &q[i++]);
		}
	}
	bool ok = true;
	for (size_t k = 0; k < cmds; k++) {
		redisReply *r;
		if (redisGetReply(c, (void **)&r) != REDIS_OK) {
			serverLog(LOG_ERROR, _("cluster: cannot write to Redis: %s"), c->errstr);
			return false;
		}
		if (r->type == REDIS_REPLY_ERROR) {
			if (ok) serverLog(LOG_ERROR, _("cluster: cannot write to Redis: %s"), r->str);
			ok = false;
		}
		freeReplyObject(r);
	}
	return ok;
}

struct names {
	char *buf;
	size_t len, cap, n;
	bool flags;     /* each name after 'v' (verified) or '1' */
};

static void collect(const struct peer *q, void *ctx)
{
	struct names *names = ctx;
	size_t k = strlen(q->name) + 1 + names->flags;
	if (names->len + k > names->cap) {
		names->cap = (names->cap + k) * 2;
		names->buf = xrealloc(names->buf, names->cap);
	}
	if (names->flags) names->buf[names->len++] = q->verified ? 'v' : '1';
	memcpy(names->buf + names->len, q->name, k - names->flags);
	names->len += k - names->flags;
	names->n++;
}

/* Everyone of node gone is gone: told here as quits, and their names
 * free at once rather than when their leases run out. */
static void gone(redisContext *c, const char *gsrc)
{
	struct names names = { 0 };
	pthread_mutex_lock(&membersLock);
	for (size_t i = 0; i < nmembers; ) {
		if (strcmp(members[i].src, gsrc)) {
			i++;
			continue;
		}
		struct peer fake;
		strcpy(fake.name, members[i].name);
		collect(&fake, &names);
		members[i] = members[--nmembers];
	}
	pthread_mutex_unlock(&membersLock);
	for (size_t off = 0; off < names.len; off += strlen(names.buf + off) + 1) {
		char key[256];
		nameKey(key, sizeof(key), names.buf + off);
		redisReply *r = redisCommand(c, "EVAL %s 1 %s %s", releaseScript, key, gsrc);
		if (r) freeReplyObject(r);
		roomRemoteNotice(WIRE_QUIT, names.buf + off, NULL, "its server is gone", false);
	}
	free(names.buf);
}

static bool replyOk(redisContext *c, redisReply **out)
{
	redisReply *r;
	if (redisGetReply(c, (void **)&r) != REDIS_OK) return false;
	bool ok = r->type != REDIS_REPLY_ERROR;
	if (out && ok) *out = r;
	else freeReplyObject(r);
	return ok;
}

/* Says this node is alive, renews its clients' names, and finds the
 * nodes that are not: their clients are told here as gone. */
static bool heartbeat(redisContext *c)
{
	struct names names = { .flags = true };
	roomEach(collect, &names);
	int64_t now = wallMs();
	redisAppendCommand(c, "ZADD %s %lld %s", keyNodes, (long long)now, src);
	size_t cmds = 1;
	const char **argv = xcalloc(5 + 2 * names.n + 2, sizeof(*argv));
	char (*keys)[256] = xcalloc(names.n + 1, sizeof(*keys));
	size_t a = 0, nk = 0;
	argv[a++] = "HSET";
	argv[a++] = keyMembers;
	for (size_t off = 0; off < names.len; off += strlen(names.buf + off) + 1) {
		argv[a++] = names.buf + off + 1;
		argv[a++] = names.buf[off] == 'v' ? "v" : "1";
	}
	if (names.n) {
		redisAppendCommandArgv(c, (int)a, argv, NULL);
		cmds++;
	}
	redisAppendCommand(c, "PEXPIRE %s %d", keyMembers, 3 * DEAD_MS);
	cmds++;
	char nk_s[16], ttl[16];
	a = 0;
	argv[a++] = "EVAL";
	argv[a++] = renewScript;
	argv[a++] = nk_s;
	for (size_t off = 0; off < names.len; off += strlen(names.buf + off) + 1) {
		if (!wireNameValid(names.buf + off + 1)) continue;
		nameKey(keys[nk], sizeof(keys[nk]), names.buf + off + 1);
		argv[a++] = keys[nk++];
	}
	snprintf(nk_s, sizeof(nk_s), "%zu", nk);
	snprintf(ttl, sizeof(ttl), "%d", LEASE_S);
	argv[a++] = src;
	argv[a++] = ttl;
	redisAppendCommandArgv(c, (int)a, argv, NULL);
	cmds++;
	redisAppendCommand(c, "ZRANGE %s 0 -1 WITHSCORES", keyNodes);
	free(argv);
	free(keys);
	free(names.buf);
	bool ok = true;
	for (size_t k = 0; k < cmds; k++) ok = replyOk(c, NULL) && ok;
	redisReply *nodes = NULL;
	if (!replyOk(c, &nodes) || !ok) {
		if (nodes) freeReplyObject(nodes);
		return false;
	}
	/* Those alive; any node of our table not among them is gone. */
	char (*alive)[32] = xcalloc(nodes->elements / 2 + 1, sizeof(*alive));
	size_t nalive = 0;
	for (size_t i = 0; i + 1 < nodes->elements; i += 2) {
		const char *nsrc = nodes->element[i]->str, *score = nodes->element[i + 1]->str;
		if (!nsrc || !score) continue;
		/* Just back from a stall, the others have not said they are
		 * alive yet: wait one DEAD_MS before judging them. */
		if (strtoll(score, NULL, 10) >= now - DEAD_MS ||
		    utilNow() - atomic_load(&upSince) < DEAD_MS) {
			snprintf(alive[nalive++], sizeof(*alive), "%s", nsrc);
		} else if (strcmp(nsrc, src)) {
			redisReply *r = redisCommand(c, "ZREM %s %s", keyNodes, nsrc);
			if (r) freeReplyObject(r);
			r = redisCommand(c, "DEL chat:{%s}:members:%s", room, nsrc);
			if (r) freeReplyObject(r);
		}
	}
	freeReplyObject(nodes);
	for (;;) {
		char dead[32] = "";
		pthread_mutex_lock(&membersLock);
		for (size_t i = 0; i < nmembers && !*dead; i++) {
			bool live = false;
			for (size_t j = 0; j < nalive && !live; j++) live = !strcmp(alive[j], members[i].src);
			if (!live) strcpy(dead, members[i].src);
		}
		pthread_mutex_unlock(&membersLock);
		if (!*dead) break;
		serverLog(LOG_INFO, _("cluster: node %s is gone"), dead);
		gone(c, dead);
	}
	free(alive);
	return true;
}

/* The bans, read again: ban.c's copy made the same. */
static void refreshBans(redisContext *c)
{
	redisReply *r = redisCommand(c, "HVALS %s", keyBans);
	if (r && r->type == REDIS_REPLY_ARRAY) {
		const char **lines = xcalloc(r->elements + 1, sizeof(*lines));
		size_t n = 0;
		for (size_t i = 0; i < r->elements; i++) {
			if (r->element[i]->type == REDIS_REPLY_STRING) lines[n++] = r->element[i]->str;
		}
		banRefresh(lines, n);
		free(lines);
	}
	if (r) freeReplyObject(r);
}

static void *writerMain(void *arg)
{
	redisContext *c = arg;
	long wait = BACKOFF_MIN_MS;
	char why[256];
	int64_t beat = 0;
	struct out *batch = xcalloc(BATCH_LINES, sizeof(*batch));
	for (;;) {
		pthread_mutex_lock(&outLock);
		while (!outLen && !stopping && utilNow() < beat + HEARTBEAT_MS) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			int64_t left = beat + HEARTBEAT_MS - utilNow();
			ts.tv_sec += left / 1000;
			ts.tv_nsec += left % 1000 * 1000000L;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&outCond, &outLock, &ts);
		}
		if (!outLen && stopping) {
			pthread_mutex_unlock(&outLock);
			break;
		}
		size_t n = outLen < BATCH_LINES ? outLen : BATCH_LINES;
		if (n) memcpy(batch, outQ, n * sizeof(*batch));
		bool stop = stopping;
		pthread_mutex_unlock(&outLock);
		bool due = !stop && utilNow() >= beat + HEARTBEAT_MS;
		if (!c && (c = connectOnce(why, sizeof(why)))) {
			atomic_store(&upSince, utilNow());
			beats = 0;
		}
		if (!c || (n && !writeItems(c, batch, n)) || (due && !heartbeat(c))) {
			if (c) redisFree(c);
			c = NULL;
			fare(&writerOk, false);
			if (stop) {
				serverLog(LOG_ERROR, ngettext("cluster: %zu line not written to Redis",
				    "cluster: %zu lines not written to Redis", n), n);
				break;
			}
			sleepMs(wait);
			wait = backoff(wait);
			continue;
		}
		if (due) beat = utilNow();
		/* Now and then, and first thing after connecting: events
		 * missed while away (or a Redis restarted) cannot leave a ban
		 * out here, or one lifted in. */
		if (due && beats++ % BANS_BEATS == 0) refreshBans(c);
		fare(&writerOk, true);
		wait = BACKOFF_MIN_MS;
		if (n) {
			pthread_mutex_lock(&outLock);
			for (size_t i = 0; i < n; i++) free(outQ[i].text);
			outLen -= n;
			memmove(outQ, outQ + n, outLen * sizeof(*outQ));
			pthread_mutex_unlock(&outLock);
		}
	}
	if (c) {
		/* Gone cleanly: the others need not wait to know. */
		redisReply *r = redisCommand(c, "ZREM %s %s", keyNodes, src);
		if (r) freeReplyObject(r);
		r = redisCommand(c, "DEL %s", keyMembers);
		if (r) freeReplyObject(r);
		redisFree(c);
	}
	free(batch);
	return NULL;
}

/* Call with outLock held: the next place in the queue, cleared. */
static struct out *enqueue(enum outKind kind)
{
	if (outLen == outCap) {
		outCap = outCap ? outCap * 2 : 64;
		outQ = xrealloc(outQ, outCap * sizeof(*outQ));
	}
	struct out *o = &outQ[outLen++];
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	return o;
}

static void event(enum outKind kind, const char *name, const char *name2, const char *text,
    bool verified)
{
	if (!clusterOn()) return;
	pthread_mutex_lock(&outLock);
	struct out *o = enqueue(kind);
	snprintf(o->name, sizeof(o->name), "%s", name);
	snprintf(o->name2, sizeof(o->name2), "%s", name2 ? name2 : "");
	o->text = xstrdup(text ? text : "");
	o->verified = verified;
	pthread_cond_signal(&outCond);
	pthread_mutex_unlock(&outLock);
}

void clusterJoin(const char *name, bool verified)
{
	event(OUT_JOIN, name, NULL, NULL, verified);
}

void clusterQuit(const char *name, const char *reason)
{
	event(OUT_QUIT, name, NULL, reason, false);
}

void clusterNick(const char *old, const char *name, bool verified)
{
	event(OUT_NICK, old, name, NULL, verified);
}

bool clusterPrivate(const char *from, const char *to, const char *text, char *name)
{
	if (!clusterOn()) return false;
	pthread_mutex_lock(&membersLock);
	struct member *m = memberFind(NULL, to);
	if (m) strcpy(name, m->name);
	pthread_mutex_unlock(&membersLock);
	if (m) event(OUT_MSG, from, name, text, false);
	return m != NULL;
}

bool clusterAct(bool banning, const char *name, const char *by, const char *reason)
{
	char to[CHAT_ADDRNAME_MAX + 1];
	pthread_mutex_lock(&membersLock);
	struct member *m = memberFind(NULL, name);
	if (m) strcpy(to, m->name);
	pthread_mutex_unlock(&membersLock);
	if (m) event(banning ? OUT_BANNING : OUT_KICK, to, by, reason, false);
	return m != NULL;
}

long clusterMembers(void)
{
	pthread_mutex_lock(&membersLock);
	long n = nmembers;
	pthread_mutex_unlock(&membersLock);
	return n;
}

void clusterEachMember(void (*fn)(const char *name, bool verified, void *ctx), void *ctx)
{
	pthread_mutex_lock(&membersLock);
	for (size_t i = 0; i < nmembers; i++) fn(members[i].name, members[i].verified, ctx);
	pthread_mutex_unlock(&membersLock);
}

/* A name as the owners hash and the leases know it: in lower case. */
static void lower(char buf[CHAT_ADDRNAME_MAX + 1], const char *name)
{
	size_t i = 0;
	for (; i < CHAT_ADDRNAME_MAX && name[i]; i++) {
		buf[i] = name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i];
	}
	buf[i] = '\0';
}

/* A command on the claims' connection, with claimLock held, connecting
 * first when need be; NULL when Redis cannot answer now (the connection
 * is dropped, to be made again next time). */
static redisReply *ask(const char *fmt, ...)
{
	char why[256];
	if (!claimCtx) claimCtx = connectOnce(why, sizeof(why));
	if (!claimCtx) return NULL;
	va_list ap;
	va_start(ap, fmt);
	redisReply *r = redisvCommand(claimCtx, fmt, ap);
	va_end(ap);
	if (r && r->type != REDIS_REPLY_ERROR) return r;
	serverLog(LOG_ERROR, _("cluster: cannot ask Redis: %s"),
	    r ? r->str : claimCtx->errstr);
	if (r) freeReplyObject(r);
	redisFree(claimCtx);
	claimCtx = NULL;
	return NULL;
}

enum clusterClaim clusterClaim(const char *name, const char *key, int *owned)
{
	*owned = 0;
	if (!clusterOn()) return CLAIM_NEW;
	char lease[256], low[CHAT_ADDRNAME_MAX + 1];
	nameKey(lease, sizeof(lease), name);
	lower(low, name);
	pthread_mutex_lock(&claimLock);
	redisReply *r = ask("EVAL %s 2 %s %s %s %d %s %s", claimScript, lease, keyOwners,
	    src, LEASE_S, low, key);
	enum clusterClaim claim = CLAIM_ERROR;
	if (r && r->type == REDIS_REPLY_ARRAY && r->elements == 2 &&
	    r->element[0]->type == REDIS_REPLY_INTEGER &&
	    r->element[1]->type == REDIS_REPLY_INTEGER) {
		long long c = r->element[0]->integer;
		claim = c == 1 ? CLAIM_NEW : c == 2 ? CLAIM_OURS : c == 3 ? CLAIM_OWNED : CLAIM_TAKEN;
		*owned = (int)r->element[1]->integer;
	}
	if (r) freeReplyObject(r);
	pthread_mutex_unlock(&claimLock);
	if (*owned == 2) serverLog(LOG_INFO, _("%s now belongs to %s"), name, key);
	return claim;
}

static enum ownedResult unown(const char *name, const char *key)
{
	char low[CHAT_ADDRNAME_MAX + 1];
	lower(low, name);
	pthread_mutex_lock(&claimLock);
	redisReply *r = ask("EVAL %s 1 %s %s %s", unownScript, keyOwners, low, key ? key : "*");
	enum ownedResult result = OWNED_FAILED;
	if (r && r->type == REDIS_REPLY_INTEGER) {
		result = r->integer == 1 ? OWNED_FREED : r->integer == 2 ? OWNED_OTHER : OWNED_NOT;
	}
	if (r) freeReplyObject(r);
	pthread_mutex_unlock(&claimLock);
	return result;
}

void clusterUnbind(const char *name, const char *key)
{
	if (unown(name, key) == OWNED_FREED) {
		serverLog(LOG_INFO, _("%s belongs to nobody now"), name);
	}
}

enum ownedResult clusterUnown(const char *name, const char *key)
{
	if (key && !*key) key = "-";    /* no key: it owns nothing */
	enum ownedResult r = unown(name, key);
	if (r == OWNED_FREED) {
		serverLog(LOG_INFO, _("%s belongs to nobody now"), name);
		/* Whoever holds it on another node is verified no more. */
		event(OUT_UNOWN, name, NULL, NULL, false);
	}
	return r;
}

/* HSETNX: 1 when what was not banned yet, 0 when it was, -1 when
 * Redis cannot say. */
static int banPut(const char *what, const char *line)
{
	pthread_mutex_lock(&claimLock);
	redisReply *r = ask("HSETNX %s %s %s", keyBans, what, line);
	int result = r && r->type == REDIS_REPLY_INTEGER ? r->integer == 1 : -1;
	if (r) freeReplyObject(r);
	pthread_mutex_unlock(&claimLock);
	return result;
}

int clusterBanAdd(const char *what, const char *line, const char *name, const char *by)
{
	int r = banPut(what, line);
	if (r == 1) event(OUT_BAN, name, by, line, false);
	return r;
}

int clusterBanRemove(const char *what, const char *name, const char *by)
{
	pthread_mutex_lock(&claimLock);
	redisReply *r = ask("HDEL %s %s", keyBans, what);
	int result = r && r->type == REDIS_REPLY_INTEGER ? r->integer == 1 : -1;
	if (r) freeReplyObject(r);
	pthread_mutex_unlock(&claimLock);
	if (result == 1) event(OUT_UNBAN, name, by, what, false);
	return result;
}

bool clusterBansEach(void (*fn)(char *line, void *ctx), void *ctx)
{
	pthread_mutex_lock(&claimLock);
	redisReply *r = ask("HVALS %s", keyBans);
	pthread_mutex_unlock(&claimLock);
	if (!r) return false;
	for (size_t i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements; i++) {
		if (r->element[i]->type == REDIS_REPLY_STRING) fn(r->element[i]->str, ctx);
	}
	freeReplyObject(r);
	return true;
}

/* A binding of this node's names file, into the owners hash: true when
 * Redis has it now (so the file need not), false when another key owns
 * the name there (said in the log, and kept in the file); exits when
 * Redis cannot be asked, as clusterStart does. */
static bool mergeOwned(const char *name, const char *key)
{
	char low[CHAT_ADDRNAME_MAX + 1];
	lower(low, name);
	pthread_mutex_lock(&claimLock);
	redisReply *r = ask("HSETNX %s %s %s", keyOwners, low, key);
	if (r) freeReplyObject(r);
	r = r ? ask("HGET %s %s", keyOwners, low) : NULL;
	pthread_mutex_unlock(&claimLock);
	if (!r) errx(EX_UNAVAILABLE, _("cannot reach Redis to share the owned names"));
	bool same = r->type == REDIS_REPLY_STRING && !strcmp(r->str, key);
	if (!same) {
		serverLog(LOG_ERROR, _("cluster: %s belongs to %s in this server's names file,"
		    " but to %s in the cluster: the cluster's binding stays"), name, key,
		    r->type == REDIS_REPLY_STRING ? r->str : "?");
	}
	freeReplyObject(r);
	return same;
}

void clusterRelease(const char *name)
{
	if (!clusterOn()) return;
	char key[256];
	nameKey(key, sizeof(key), name);
	pthread_mutex_lock(&claimLock);
	redisReply *r = claimCtx ? redisCommand(claimCtx, "EVAL %s 1 %s %s",
	    releaseScript, key, src) : NULL;
	if (!r && claimCtx) {
		/* It expires by itself. */
		redisFree(claimCtx);
		claimCtx = NULL;
	}
	if (r) freeReplyObject(r);
	pthread_mutex_unlock(&claimLock);
}

void clusterSay(uint64_t peer, const char *buf, size_t len)
{
	char line[CHAT_WIRE_MAX];
	time_t now = time(NULL);
	bool late = atomic_load(&away);
	if (late) roomLocal(peer, buf, len);
	pthread_mutex_lock(&outLock);
	for (enum frameResult r; (r = frameSplit(&buf, &len, line, sizeof(line))); ) {
		if (r != FRAME_LINE) continue;
		struct wireMsg m;
		wireParse(line, &m);
		if (m.type != WIRE_CHAT && m.type != WIRE_ACTION) continue;
		struct out *o = enqueue(OUT_LINE);
		o->seq = ++outSeq;
		o->peer = peer;
		o->type = m.type;
		strcpy(o->name, m.name);
		o->text = xstrdup(m.text ? m.text : "");
		o->when = now;
		o->late = late;
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
	snprintf(keyEvents, sizeof(keyEvents), "chat:{%s}:events", room);
	snprintf(keyNodes, sizeof(keyNodes), "chat:{%s}:nodes", room);
	snprintf(keyMembers, sizeof(keyMembers), "chat:{%s}:members:%s", room, src);
	snprintf(keyOwners, sizeof(keyOwners), "chat:{%s}:owners", room);
	snprintf(keyBans, sizeof(keyBans), "chat:{%s}:bans", room);
	char why[256];
	redisContext *w = connectOnce(why, sizeof(why));
	redisContext *r = w ? connectOnce(why, sizeof(why)) : NULL;
	const char *where = target.path ? target.path : target.host;
	if (!r) {
		/* Refusing is clearer than a room that looks whole and is not. */
		errx(EX_UNAVAILABLE, _("cannot reach Redis at %s: %s"), where, why);
	}
	if (!loadHistory(r) || !loadMembers(r) || !startIds(r)) {
		errx(EX_UNAVAILABLE, _("cannot reach Redis at %s: %s"), where, r->errstr);
	}
	/* Names owned and bans made before this node was in the cluster
	 * are the cluster's from now on. */
	ownedMerge(mergeOwned);
	banShare();
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
	free(members);
	members = NULL;
	nmembers = membersCap = 0;
	if (claimCtx) redisFree(claimCtx);
	claimCtx = NULL;
	outQ = NULL;
	outLen = outCap = 0;
	free(target.host);
	free(target.path);
	free(node);
	node = NULL;
	started = false;
}
