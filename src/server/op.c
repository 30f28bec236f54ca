/* op.c: operators, and what they may do that others may not.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An operator is a client key, named by its fingerprint with --op or in
 * the state directory's "ops" file (read as --allow's list is, again on
 * SIGHUP).
 * Keys, not names: a name is only as good as the key that owns it, and
 * a plain client has none.  Operators may /kick, /ban (ban.c keeps the
 * bans), /unban, list the /bans, /mute and /unmute, and /release a name
 * another key owns (owned.c); each act is told to
 * the room as "-!- VERB NAME by OPERATOR[: REASON]" and logged.  No
 * operator can be kicked, banned or muted, so that no operator can lock
 * the others (or, by an address ban, the whole machine) out.
 *
 * Mutes are kept in memory only, by key or address like bans, so that
 * reconnecting does not lift one; a restart does.
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

struct mute {
	char target[BAN_TARGET_MAX];
	char name[CHAT_ADDRNAME_MAX + 1];
};

/* A leaf: taken under roomLock or alone, nothing taken under it. */
static pthread_mutex_t opLock = PTHREAD_MUTEX_INITIALIZER;
/* The --op keys, and the ops file's, which SIGHUP reads again. */
static char (*given)[CHAT_FINGERPRINT_MAX], (*listed)[CHAT_FINGERPRINT_MAX];
static size_t ngiven, nlisted;
static struct mute *mutes;
static size_t nmutes, mutesCap;
static atomic_size_t muted;     /* nmutes, read without the lock */

bool opAdd(const char *fingerprint)
{
	char key[CHAT_FINGERPRINT_MAX];
	if (!gateKey(fingerprint, key)) return false;
	given = xrealloc(given, (ngiven + 1) * sizeof(*given));
	strcpy(given[ngiven++], key);
	return true;
}

void opLoad(bool reload)
{
	char *dir = tlsStateDir();
	char *path = xmalloc(strlen(dir) + sizeof("/ops"));
	sprintf(path, "%s/ops", dir);
	char (*keys)[CHAT_FINGERPRINT_MAX] = NULL;
	size_t n = 0;
	/* The file is optional: none is a list of none. */
	bool ok = (access(path, F_OK) && errno == ENOENT) || gateReadKeys(path, reload, &keys, &n);
	if (ok) {
		pthread_mutex_lock(&opLock);
		free(listed);
		listed = keys;
		nlisted = n;
		pthread_mutex_unlock(&opLock);
		size_t all = ngiven + n;
		if (all || reload) {
			serverLog(LOG_INFO, ngettext("%zu operator", "%zu operators", all), all);
		}
	}
	free(path);
	free(dir);
}

static bool among(char (*keys)[CHAT_FINGERPRINT_MAX], size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(keys[i], key)) return true;
	}
	return false;
}

bool opIs(const char *key)
{
	if (!*key) return false;
	pthread_mutex_lock(&opLock);
	bool is = among(given, ngiven, key) || among(listed, nlisted, key);
	pthread_mutex_unlock(&opLock);
	return is;
}

/* With opLock held. */
static struct mute *findMute(const char *target)
{
	for (size_t i = 0; i < nmutes; i++) {
		if (!strcmp(mutes[i].target, target)) return &mutes[i];
	}
	return NULL;
}

bool opMuted(const struct peer *p)
{
	if (!atomic_load(&muted)) return false;
	/* An address mute is for the plain clients there; an operator who
	 * shares the address (a NAT, a lab) must still be heard. */
	if (*p->key && opIs(p->key)) return false;
	char ip[BAN_TARGET_MAX];
	banTarget("", p->addr, ip);
	pthread_mutex_lock(&opLock);
	/* Like a ban, an address holds for keys from there too. */
	bool is = (*p->key && findMute(p->key)) || findMute(ip);
	pthread_mutex_unlock(&opLock);
	return is;
}

/* Who an operator acts on, as the room knew it at the time. */
struct act {
	const struct peer *op;
	const char *by;     /* the operator's name, when op is on another node */
	const char *verb, *reason;
	char name[CHAT_ADDRNAME_MAX + 1];
	char addr[CHAT_ADDRNAME_MAX + 1];
	char key[CHAT_FINGERPRINT_MAX];
	char target[BAN_TARGET_MAX];
	bool operator;      /* q is one: leave it alone */
	bool there;         /* already muted */
};

static void notice(const struct act *a, struct wireMsg *m)
{
	wireInit(m, WIRE_MOD);
	snprintf(m->code, sizeof(m->code), "%s", a->verb);
	strcpy(m->name, a->name);
	snprintf(m->name2, sizeof(m->name2), "%s", a->op ? a->op->name : a->by);
	m->text = a->reason;
}

/* Under roomLock: what we need of q. */
static bool grab(struct peer *q, struct wireMsg *m, void *ctx)
{
	(void)m;
	struct act *a = ctx;
	strcpy(a->name, q->name);
	strcpy(a->addr, q->addr);
	strcpy(a->key, q->key);
	banTarget(q->key, q->addr, a->target);
	a->operator = opIs(q->key);
	return false;
}

/* Why q leaves, as its quit notice says: "kicked by ada: spam". */
static void leave(struct peer *q, const struct act *a, const char *done)
{
	char why[SERVER_QUIT_MAX];
	snprintf(why, sizeof(why), "%s by %s%s%s", done, a->op ? a->op->name : a->by,
	    a->reason && *a->reason ? ": " : "", a->reason ? a->reason : "");
	peerKick(q, why);
}

static bool kickOne(struct peer *q, struct wireMsg *m, void *ctx)
{
	struct act *a = ctx;
	grab(q, m, a);
	if (a->operator) return false;
	notice(a, m);
	leave(q, a, "kicked");
	return true;
}

/* The same connection as grab saw, if it is still there under that name. */
static bool banOne(struct peer *q, struct wireMsg *m, void *ctx)
{
	struct act *a = ctx;
	if (strcmp(q->addr, a->addr)) return false;
	notice(a, m);
	leave(q, a, "banned");
	return true;
}

/* The banned key's or address's other connections go too. */
static void banOthers(struct peer *q, void *ctx)
{
	struct act *a = ctx;
	char ip[BAN_TARGET_MAX];
	banTarget("", q->addr, ip);
	if (!strcmp(q->addr, a->addr) || opIs(q->key)) return;
	if (strcmp(q->key, a->target) && strcmp(ip, a->target)) return;
	leave(q, a, "banned");
}

static bool muteOne(struct peer *q, struct wireMsg *m, void *ctx)
{
	struct act *a = ctx;
	grab(q, m, a);
	if (a->operator) return false;
	pthread_mutex_lock(&opLock);
	/* Told once: muting again says nothing new. */
	a->there = findMute(a->target);
	if (!a->there) {
		if (nmutes == mutesCap) {
			mutesCap = mutesCap ? 2 * mutesCap : 8;
			mutes = xrealloc(mutes, mutesCap * sizeof(*mutes));
		}
		strcpy(mutes[nmutes].target, a->target);
		strcpy(mutes[nmutes].name, a->name);
		atomic_store(&muted, ++nmutes);
	}
	pthread_mutex_unlock(&opLock);
	notice(a, m);
	return !a->there;
}

static void noSuchName(struct peer *p, const char *name)
{
	roomError(p, "no-such-name", name, "nobody of that name is online");
}

static void isOperator(struct peer *p, const char *name)
{
	roomError(p, "operator", name, "operators cannot be kicked, banned or muted");
}

/* The log's reason: "-" for none. */
#define REASON(a) ((a)->reason && *(a)->reason ? (a)->reason : "-")

/* p's /kick, or (p NULL) one asked for on another node by the operator
 * called by: the one it names may be here. */
static void kick(struct peer *p, const char *by, const char *name, const char *reason)
{
	struct act a = { .op = p, .by = by, .verb = "kick", .reason = reason };
	if (!roomAct(name, kickOne, &a)) {
		/* On another node: done there. */
		if (p && !clusterAct(false, name, by, reason)) noSuchName(p, name);
	} else if (a.operator) {
		if (p) isOperator(p, a.name);
	} else {
		serverLog(LOG_INFO, _("%s (operator) kicked %s (%s): %s"), by, a.name, a.target, REASON(&a));
	}
}

/* The same for /ban. */
static void ban(struct peer *p, const char *by, const char *name, const char *reason)
{
	struct act a = { .op = p, .by = by, .verb = "ban", .reason = reason };
	if (!roomAct(name, grab, &a)) {
		if (p && !clusterAct(true, name, by, reason)) noSuchName(p, name);
		return;
	}
	if (a.operator) {
		if (p) isOperator(p, a.name);
		return;
	}
	struct ban b = { .when = time(NULL) };
	strcpy(b.target, a.target);
	strcpy(b.name, a.name);
	snprintf(b.by, sizeof(b.by), "%s", by);
	snprintf(b.reason, sizeof(b.reason), "%s", reason ? reason : "");
	if (banAdd(&b) == BAN_FAILED) {
		if (p) {
			roomError(p, "cannot-save", NULL, clusterOn()
			    ? "the other servers cannot be reached to share the ban; try again later"
			    : "the bans file cannot be written: see the server's log");
		}
		return;
	}
	serverLog(LOG_INFO, _("%s (operator) banned %s (%s): %s"), by, a.name, a.target, REASON(&a));
	if (!roomAct(a.name, banOne, &a)) {
		/* Gone meanwhile: still say so. */
		struct wireMsg m;
		notice(&a, &m);
		roomNotice(&m);
	}
	roomActAll(banOthers, &a);
}

void opActed(bool banning, const char *name, const char *by, const char *reason)
{
	if (!wireAnyNameValid(by)) return;
	if (banning) ban(NULL, by, name, *reason ? reason : NULL);
	else kick(NULL, by, name, *reason ? reason : NULL);
}

static void unban(struct peer *p, const char *what)
{
	struct ban b;
	switch (banRemove(what, p->name, &b)) {
	case BAN_NONE:
		roomError(p, "not-banned", what, "no ban on that name, key or address");
		return;
	case BAN_FAILED:
		roomError(p, "cannot-save", NULL, clusterOn()
		    ? "the other servers cannot be reached to lift the ban; try again later"
		    : "the bans file cannot be written: see the server's log");
		return;
	default:
		break;
	}
	struct act a = { .op = p, .verb = "unban" };
	strcpy(a.name, b.name);
	struct wireMsg m;
	notice(&a, &m);
	roomNotice(&m);
	serverLog(LOG_INFO, _("%s (operator) lifted the ban on %s (%s)"), p->name, b.name, b.target);
}

static void listOne(const struct ban *b, void *ctx)
{
	char when[32], text[CHAT_WIRE_MAX / 2];
	struct tm tm;
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&b->when, &tm));
	snprintf(text, sizeof(text), "banned: %s (%s) since %s by %s%s%s", b->name, b->target,
	    when, b->by, *b->reason ? ": " : "", b->reason);
	struct wireMsg m;
	wireInit(&m, WIRE_INFO);
	m.text = text;
	roomReply(ctx, &m);
}

static void countOne(const struct ban *b, void *ctx)
{
	(void)b;
	++*(size_t *)ctx;
}

static void bans(struct peer *p)
{
	size_t n = 0;
	banEach(countOne, &n);
	char text[64];
	snprintf(text, sizeof(text), n == 1 ? "1 ban" : "%zu bans", n);
	struct wireMsg m;
	wireInit(&m, WIRE_INFO);
	m.text = text;
	roomReply(p, &m);
	banEach(listOne, p);
}

static void mute(struct peer *p, const char *name)
{
	struct act a = { .op = p, .verb = "mute" };
	if (!roomAct(name, muteOne, &a)) noSuchName(p, name);
	else if (a.operator) isOperator(p, a.name);
	else if (a.there) roomError(p, "already-muted", a.name, "that one is muted already");
	else serverLog(LOG_INFO, _("%s (operator) muted %s (%s)"), p->name, a.name, a.target);
}

/* Lifts the mute on whoever is online as name, or was muted as name. */
static void unmute(struct peer *p, const char *name)
{
	struct act a = { .op = p, .verb = "unmute" };
	bool online = roomAct(name, grab, &a);
	pthread_mutex_lock(&opLock);
	struct mute *m = online ? findMute(a.target) : NULL;
	for (size_t i = 0; !m && i < nmutes; i++) {
		if (!wireNameCompare(mutes[i].name, name)) m = &mutes[i];
	}
	if (m) {
		if (!online) strcpy(a.name, m->name);
		snprintf(a.target, sizeof(a.target), "%s", m->target);
		*m = mutes[--nmutes];
		atomic_store(&muted, nmutes);
	}
	pthread_mutex_unlock(&opLock);
	if (!m) {
		roomError(p, "not-muted", name, "nobody of that name is muted");
		return;
	}
	struct wireMsg w;
	notice(&a, &w);
	roomNotice(&w);
	serverLog(LOG_INFO, _("%s (operator) unmuted %s (%s)"), p->name, a.name, a.target);
}

void opFree(struct peer *p, const char *name)
{
	struct act a = { .op = p, .verb = "free" };
	snprintf(a.name, sizeof(a.name), "%s", name);
	struct wireMsg m;
	switch (roomUnown(name, NULL)) {
	case OWNED_FREED:
		notice(&a, &m);
		roomNotice(&m);
		serverLog(LOG_INFO, _("%s (operator) freed the name %s"), p->name, name);
		break;
	case OWNED_FAILED:
		roomError(p, "not-saved", name, clusterOn()
		    ? "names cannot be checked with the other servers now; try again later"
		    : "the server could not write its names file");
		break;
	default:
		/* Freed by its owner meanwhile. */
		roomError(p, "not-owned", name, "nobody owns that name");
		break;
	}
}

void opBannedElsewhere(const struct ban *b)
{
	struct act a = { .by = b->by, .reason = *b->reason ? b->reason : NULL, .verb = "ban" };
	snprintf(a.name, sizeof(a.name), "%s", b->name);
	snprintf(a.target, sizeof(a.target), "%s", b->target);
	struct wireMsg m;
	notice(&a, &m);
	roomNotice(&m);
	serverLog(LOG_INFO, _("%s (operator, on another server) banned %s (%s): %s"), b->by,
	    b->name, b->target, REASON(&a));
	roomActAll(banOthers, &a);
}

static const char *commandName(enum requestType type)
{
	switch (type) {
	case REQ_KICK: return "/kick";
	case REQ_BAN: return "/ban";
	case REQ_UNBAN: return "/unban";
	case REQ_BANS: return "/bans";
	case REQ_MUTE: return "/mute";
	default: return "/unmute";
	}
}

void opRun(struct peer *p, const struct request *cmd)
{
	if (!opIs(p->key)) {
		roomError(p, "not-operator", commandName(cmd->type), "only operators may do that");
		return;
	}
	switch (cmd->type) {
	case REQ_KICK: kick(p, p->name, cmd->name, cmd->text); break;
	case REQ_BAN: ban(p, p->name, cmd->name, cmd->text); break;
	case REQ_UNBAN: unban(p, cmd->name); break;
	case REQ_BANS: bans(p); break;
	case REQ_MUTE: mute(p, cmd->name); break;
	case REQ_UNMUTE: unmute(p, cmd->name); break;
	default: break;
	}
}
