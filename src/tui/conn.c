/* conn.c: the connection to the server: connecting, reading, sending, reconnecting.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Connecting never blocks the screen (except for the name lookup): every
 * address is tried in turn with a timeout.  When the server goes away,
 * we wait 1, 2, 4 ... 30 seconds between tries.  Lines typed meanwhile
 * wait in order in the outgoing queue, and are sent once we are back.
 *
 * Unless --no-tls, the TLS handshake follows the TCP connect within the
 * same timeout, and nothing we queued goes out before the server's key
 * is trusted (known.c).  A server that answers in plain text is not
 * used: the user is told once, with the option that would join it.
 */
#include <config.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tui.h"

enum {
	BACKOFF_MAX = 30,               /* s between tries, at most */
	LATE_TRIES = 2,                 /* handshakes again when taken for plain */
	READ_BUDGET = 8,                /* ms of handling lines per pass, so keys get a turn */
	READ_CHUNK = 128 << 10,         /* bytes per read(): a bigger one takes milliseconds */
	READ_PASS = 1 << 20,            /* bytes read per pass, at most */
	INBOX_MAX = 32 << 20,           /* bytes read ahead, at most */
	HOLD_MS = 1000,                 /* ms to wait for a server's first words */
};

enum connState connState = CONN_CONNECTING;

static int sock = -1;
static struct addrinfo *addrs, *addr;
static int lastError;
static int64_t deadline;        /* connect timeout, the next try, or a quiet welcome */
static int backoff = 1;
static int64_t downSince;       /* when the connection went away; 0: it never was up */
static bool failShown;
/* A connection counts once the server has said something other than a
 * refusal ("-!- error full"): only then is it "connected", is the gap
 * over, and does the backoff start again from 1 s. */
static bool welcomed, refused;
static bool barred;             /* banned, or not on the list: no retry */
static int refusals;            /* in a row, shown as one entry */
static uint64_t refusedSeq;
static struct frame in;
static int64_t partialAt;
static bool tookPartial;
/* A line shown unfinished (a plain line server), and its entry, which the
 * rest of the line replaces. */
static char *partial;
static size_t partialLen;
static uint64_t partialSeq;
static struct secure *tls;      /* NULL with --no-tls, or until connected */
static bool shaking;            /* the TLS handshake is under way */
static enum secureStep shakeWant;
static char fingerprint[CHAT_FINGERPRINT_MAX];  /* the last server's */
static bool verified;
static int lateTries;           /* see shake() */

/* Bytes read but not yet handled.  Under a flood we read ahead of what we
 * handle, which is cheap, so that the server never counts us as a reader
 * too slow to keep; but only READ_PASS a pass, so that keys and redraws
 * still get their turn. */
static char *inbox;
static size_t inboxLen, inboxStart, inboxSize;
static int inboxEnd = -1;       /* errno of how the stream ended, 0 for EOF */
static size_t passRead;         /* bytes read in this pass of the loop */

static size_t inboxHeld(void)
{
	return inboxLen - inboxStart;
}

static void inboxReset(void)
{
	inboxLen = inboxStart = 0;
	inboxEnd = -1;
}

/* Lines not yet written, oldest first. */
struct connLine {
	struct connLine *next;
	uint64_t seq;           /* the pending entry that shows it, or 0 */
	bool room;              /* a message or action: the server acks it */
	bool since;             /* "/since": what follows it is acked */
	bool pass;              /* "/pass": may go while gated */
	size_t len;
	char text[];
};
static struct connLine *head, **tail = &head;
static size_t written;          /* bytes of head already written */

static struct connLine *enqueue(const char *text, uint64_t seq, bool front)
{
	size_t len = strlen(text);
	struct connLine *l = xmalloc(sizeof(*l) + len + 2);
	memcpy(l->text, text, len);
	l->text[len] = '\n';
	l->text[len + 1] = '\0';
	l->len = len + 1;
	l->seq = seq;
	l->room = l->since = l->pass = false;
	if (front && head && written) {
		/* Not into a line half written. */
		l->next = head->next;
		if (!l->next) tail = &l->next;
		head->next = l;
	} else if (front) {
		l->next = head;
		if (!head) tail = &l->next;
		head = l;
	} else {
		l->next = NULL;
		*tail = l;
		tail = &l->next;
	}
	return l;
}

static void dequeue(void)
{
	struct connLine *l = head;
	head = l->next;
	if (!head) tail = &head;
	if (l->since) resumeSinceWritten();
	if (l->seq && l->room && resumeWritten(l->seq, l->text, l->len - 1)) uiWritten(l->seq);
	else if (l->seq) uiPending(l->seq, false);
	if (l->room) uiDirtyStatus();
	free(l);
	written = 0;
}

static ssize_t put(const char *data, size_t len)
{
	if (tls) return secureWrite(tls, data, len);
	return send(sock, data, len, MSG_NOSIGNAL);
}

static ssize_t get(char *buf, size_t len)
{
	if (tls) return secureRead(tls, buf, len);
	return read(sock, buf, len);
}

/* What waits goes out once the server has said something, or after
 * HOLD_MS: a chat-server's hello must be answered with /since before
 * the lines typed while we were away, or the server's flood limit would
 * keep the answer, and so the room's lines, behind them.  A resuming
 * "/since N" alone goes at once: the server reads it before its replay. */
static bool heard;
static int64_t holdUntil;
static bool gated;              /* see connGate */

static void flush(void)
{
	if (!heard && !(head && head->since && !head->next)) return;
	while (head && connState == CONN_UP) {
		if (gated && !head->since && !head->pass) return;
		/* After EAGAIN, TLS wants the same bytes again: head and
		 * written do not move until the bytes are out. */
		ssize_t n = put(head->text + written, head->len - written);
		if (n < 0) return;      /* EAGAIN, or a read reports the error */
		written += n;
		if (written == head->len) dequeue();
	}
}

/* Every line not yet written shows as pending again. */
static void markPending(void)
{
	written = 0;
	for (struct connLine *l = head; l; l = l->next) {
		if (l->seq) uiPending(l->seq, true);
	}
}

/* Shows the unfinished line so far, in place of what showed of it. */
static void showPartial(const char *text, size_t len)
{
	heard = true;
	partial = xrealloc(partial, partialLen + len + 1);
	memcpy(partial + partialLen, text, len);
	partialLen += len;
	partial[partialLen] = '\0';
	partialSeq = handleLineAt(partial, partialLen, partialSeq);
	tookPartial = true;
}

static void partialDone(void)
{
	free(partial);
	partial = NULL;
	partialLen = 0;
	partialSeq = 0;
	tookPartial = false;
}

static void closeSocket(void)
{
	secureFree(tls);
	tls = NULL;
	shaking = false;
	if (sock >= 0) close(sock);
	sock = -1;
}

/* Several servers ("host1[:port],host2[:port]", for one room served
 * by several chat-servers): a failed or lost one passes to the next,
 * after the usual wait. */
struct server {
	char *host, *port;
};
static struct server *servers;
static size_t nservers, current;

/* "[V6]:PORT", "[V6]", "HOST:PORT", "HOST" (a bare IPv6 address has no
 * port). */
static bool serverParse(char *item, const char *port, struct server *out)
{
	char *colon = strrchr(item, ':');
	if (item[0] == '[') {
		char *end = strchr(item, ']');
		if (!end || end == item + 1 || (end[1] && end[1] != ':')) return false;
		*end = '\0';
		out->host = xstrdup(item + 1);
		out->port = xstrdup(end[1] ? end + 2 : port);
	} else if (colon && colon == strchr(item, ':')) {
		*colon = '\0';
		out->host = xstrdup(item);
		out->port = xstrdup(colon + 1);
	} else {
		out->host = xstrdup(item);
		out->port = xstrdup(port);
	}
	return *out->host && utilPortValid(out->port, false);
}

static void use(size_t i)
{
	current = i;
	tuiOpt.host = servers[i].host;
	tuiOpt.port = servers[i].port;
}

bool connServers(const char *list, const char *port)
{
	char *copy = xstrdup(list), *rest = copy;
	bool ok = true;
	for (char *item; ok && (item = strsep(&rest, ","));) {
		servers = xrealloc(servers, (nservers + 1) * sizeof(*servers));
		ok = serverParse(item, port, &servers[nservers++]);
	}
	free(copy);
	if (ok) use(0);
	return ok;
}

bool connNextServer(void)
{
	if (current + 1 >= nservers) return false;
	use(current + 1);
	return true;
}

static void waitRetry(int64_t now)
{
	if (nservers > 1) use((current + 1) % nservers);
	closeSocket();
	connState = CONN_WAIT;
	deadline = now + backoff * 1000;
	backoff = backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX : backoff * 2;
	uiDirtyStatus();
}

static void connectFailed(int64_t now, const char *why)
{
	if (!failShown) {
		/* The reason may run over several lines: one entry each. */
		int n = strcspn(why, "\n");
		/* TRANSLATORS: the first %s is HOST:PORT, the second the reason. */
		uiPush(entryNotice(KIND_ERROR, _("Cannot connect to %s:%s: %.*s"),
		    tuiOpt.host, tuiOpt.port, n, why));
		for (why += n; *why++; why += n) {
			n = strcspn(why, "\n");
			uiPush(entryNotice(KIND_ERROR, "%.*s", n, why));
		}
		failShown = true;
	}
	waitRetry(now);
}

static void dropPass(void);

static void up(int64_t now)
{
	connState = CONN_UP;
	failShown = false;
	frameFree(&in);
	frameInit(&in, CHAT_WIRE_MAX);
	inboxReset();
	partialAt = 0;
	partialDone();
	welcomed = refused = false;
	/* A plain line server says nothing: a second without a refusal counts. */
	deadline = now + 1000;
	heard = false;
	holdUntil = now + HOLD_MS;
	gated = false;
	dropPass();
	passwordConnected();
	resumeConnected();
	handleConnected(tuiOpt.nick != NULL);
	if (tuiOpt.nick) {
		char line[CHAT_NAME_MAX + 8];
		snprintf(line, sizeof(line), "/nick %s", tuiOpt.nick);
		enqueue(line, 0, true);
	}
	flush();
	uiDirtyStatus();
}

static void tryNext(int64_t now);

static void shake(int64_t now)
{
	char said[512], why[2048], notice[1024];
	enum secureStep step = secureHandshake(tls, said, sizeof(said));
	if (step == SECURE_READ || step == SECURE_WRITE) {
		shakeWant = step;
		return;
	}
	shaking = false;
	/* chat-server took us for a plain client because our hello came
	 * later than its --tls-wait (a busy machine): try again at once, a
	 * few times, before saying that it does not speak TLS. */
	if (step == SECURE_PLAIN && !strncmp(said, "-!- ", 4) && strncmp(said, "-!- error ", 10)
	    && lateTries++ < LATE_TRIES) {
		closeSocket();
		tryNext(now);
		return;
	}
	/* A full server turns us away before TLS, in plain text: counted as
	 * the same refusal that a plain connection gets (handle.c). */
	if (step == SECURE_PLAIN && !strncmp(said, "-!- error full", 14)) {
		connRefused();
		waitRetry(now);
		return;
	}
	if (connJudge(tls, step, said, why, sizeof(why), notice, sizeof(notice))) {
		snprintf(fingerprint, sizeof(fingerprint), "%s", secureFingerprint(tls));
		verified = secureVerified(tls);
		if (*notice) uiPush(entryNotice(KIND_NOTICE, "%s", notice));
		up(now);
		return;
	}
	connectFailed(now, why);
}

bool connJudge(struct secure *s, enum secureStep step, const char *said,
    char *why, size_t size, char *notice, size_t nsize)
{
	if (step == SECURE_PLAIN && !strncmp(said, "-!- error ", 10)) {
		/* TRANSLATORS: %s is the line the server sent. */
		snprintf(why, size, _("the server refused: %s"), said);
	} else if (step == SECURE_PLAIN) {
		snprintf(why, size, "%s", _("the server does not speak TLS (it answered in "
		    "plain text); --no-tls joins it unencrypted, where anyone on the way can read along"));
	} else if (step == SECURE_FAILED) {
		/* TRANSLATORS: %s is OpenSSL's reason. */
		snprintf(why, size, _("TLS handshake failed: %s"), said);
	} else {
		return knownTrust(s, why, size, notice, nsize);
	}
	return false;
}

/* TCP is up: TLS, or the line protocol at once. */
static void linked(int64_t now)
{
	if (!tuiOpt.tls) {
		up(now);
		return;
	}
	tls = secureNew(sock, tuiOpt.host);
	shaking = true;
	connState = CONN_CONNECTING;
	deadline = now + CONN_TIMEOUT;
	shake(now);
}

static void tryNext(int64_t now)
{
	for (; addr; addr = addr->ai_next) {
		sock = socket(addr->ai_family, addr->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    addr->ai_protocol);
		if (sock < 0) {
			lastError = errno;
			continue;
		}
		if (connect(sock, addr->ai_addr, addr->ai_addrlen) == 0) {
			linked(now);
			return;
		}
		if (errno == EINPROGRESS) {
			connState = CONN_CONNECTING;
			deadline = now + CONN_TIMEOUT;
			return;
		}
		lastError = errno;
		closeSocket();
	}
	connectFailed(now, strerror(lastError));
}

static void start(int64_t now)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	if (addrs) freeaddrinfo(addrs);
	addrs = NULL;
	connState = CONN_CONNECTING;
	lateTries = 0;
	uiDirtyStatus();
	int e = getaddrinfo(tuiOpt.host, tuiOpt.port, &hints, &addrs);
	if (e) {
		addrs = NULL;
		connectFailed(now, gai_strerror(e));
		return;
	}
	addr = addrs;
	lastError = ECONNREFUSED;
	tryNext(now);
}

void connInit(void)
{
	frameInit(&in, CHAT_WIRE_MAX);
	start(utilNow());
}

void connFree(void)
{
	closeSocket();
	while (head) {
		struct connLine *l = head;
		head = l->next;
		free(l);
	}
	tail = &head;
	if (addrs) freeaddrinfo(addrs);
	addrs = NULL;
	secureCleanup();
	knownFree();
	frameFree(&in);
	partialDone();
	resumeFree();
	for (size_t i = 0; i < nservers; i++) {
		free(servers[i].host);
		free(servers[i].port);
	}
	free(servers);
	servers = NULL;
	nservers = 0;
	free(inbox);
	inbox = NULL;
	inboxSize = 0;
	inboxReset();
}

void connWelcomed(void)
{
	if (welcomed || connState != CONN_UP) return;
	welcomed = true;
	backoff = 1;
	refusals = 0;
	refusedSeq = 0;
	uiDirtyStatus();
	if (!downSince) return;
	long long s = (utilNow() - downSince + 500) / 1000;
	/* TRANSLATORS: a gap marker in the scrollback; %lld is a number of seconds. */
	uiPush(entryNotice(KIND_NOTICE, ngettext("Reconnected after %lld second",
	    "Reconnected after %lld seconds", s), s));
	downSince = 0;
}

bool connReady(void)
{
	return connState == CONN_UP && welcomed;
}

/* Refused again and again: one entry that counts, not one a try. */
void connRefused(void)
{
	refused = true;
	refusals++;
	struct entry *e;
	if (refusals == 1) {
		e = entryNotice(KIND_ERROR, "%s", _("The room is full: trying again later."));
		refusedSeq = uiPush(e);
		return;
	}
	/* TRANSLATORS: %d is how many times in a row the server refused us. */
	e = entryNotice(KIND_ERROR, ngettext("The room is full: refused %d time; trying again later.",
	    "The room is full: refused %d times; trying again later.", refusals), refusals);
	e->flags |= ENTRY_NOLOG;        /* the log has the first */
	refusedSeq = uiReplace(refusedSeq, e);
}

/* The server said it will not take us (a ban, a key not on its list):
 * trying again would only be refused again, and would fill its log. */
void connBarred(void)
{
	barred = true;
}

static void lost(int64_t now, const char *why)
{
	if (!refused) {
		/* TRANSLATORS: %s says why. */
		uiPush(entryNotice(KIND_ERROR, _("Disconnected: %s"), why));
		if (welcomed || !downSince) downSince = now;
	}
	namesOnline = 0;
	partialAt = 0;
	partialDone();
	markPending();
	resumeLost();
	if (barred) {
		closeSocket();
		connState = CONN_BARRED;
		uiPush(entryNotice(KIND_ERROR, "%s", _("chat-tui will not connect again: "
		    "start it again once an operator has let you in.")));
		uiDirtyStatus();
		return;
	}
	waitRetry(now);
}

bool connIsUp(void)
{
	return connState == CONN_UP;
}

bool connEncrypted(void)
{
	return connState == CONN_UP && tls;
}

const char *connFingerprint(void)
{
	return *fingerprint ? fingerprint : NULL;
}

bool connVerified(void)
{
	return verified;
}

void connSend(const char *line, uint64_t seq)
{
	enqueue(line, seq, false);
	flush();
}

void connSay(const char *line, uint64_t seq)
{
	enqueue(line, seq, false)->room = true;
	flush();
	uiDirtyStatus();
}

void connResend(const char *line, uint64_t seq)
{
	connSay(line, seq);
}

void connSendFirst(const char *line)
{
	enqueue(line, 0, true)->since = true;
	flush();
}

/* Moves what may go while gated to the front, in order: nothing else
 * has been written yet, as the hello that gates comes first. */
void connGate(bool on)
{
	gated = on;
	if (!on) {
		flush();
		return;
	}
	struct connLine *go = NULL, **goTail = &go, *rest = NULL, **restTail = &rest;
	for (struct connLine *l = head, *next; l; l = next) {
		next = l->next;
		bool first = l->since || l->pass || (l == head && written);
		struct connLine ***t = first ? &goTail : &restTail;
		**t = l;
		*t = &l->next;
	}
	*goTail = rest;
	*restTail = NULL;
	head = go;
	tail = !head ? &head : rest ? restTail : goTail;
}

/* A /pass not written on the last connection is for nobody now: the
 * next server is asked again when it wants one. */
static void dropPass(void)
{
	for (struct connLine **p = &head; *p; ) {
		struct connLine *l = *p;
		if (!l->pass) {
			p = &l->next;
			continue;
		}
		*p = l->next;
		explicit_bzero(l->text, l->len);
		free(l);
	}
	tail = &head;
	while (*tail) tail = &(*tail)->next;
}

void connSendPass(const char *line)
{
	enqueue(line, 0, true)->pass = true;
	flush();
}

size_t connWaiting(void)
{
	size_t n = resumeWaiting();
	for (struct connLine *l = head; l; l = l->next) n += l->room;
	return n;
}

void connFds(fd_set *r, fd_set *w, int *max)
{
	if (sock < 0) return;
	if (sock > *max) *max = sock;
	if (shaking) {
		FD_SET(sock, shakeWant == SECURE_READ ? r : w);
		return;
	}
	if (connState == CONN_UP && inboxEnd < 0 && inboxHeld() + READ_CHUNK <= INBOX_MAX) {
		FD_SET(sock, r);
	}
	if (connState == CONN_CONNECTING || head) FD_SET(sock, w);
}

/* What TLS has decrypted already, select() cannot see. */
static bool tlsHolds(void)
{
	return connState == CONN_UP && tls && inboxEnd < 0 && securePending(tls);
}

int64_t connDeadline(void)
{
	int64_t at = -1;
	if (connState == CONN_UP && (inboxHeld() || inboxEnd >= 0 || tlsHolds())) return utilNow();
	if (connState == CONN_BARRED) return partialAt ? partialAt : -1;
	if (connState != CONN_UP || (!welcomed && !refused)) at = deadline;
	if (connState == CONN_UP && !heard && head && (at < 0 || holdUntil < at)) at = holdUntil;
	if (connState == CONN_WAIT) {
		/* The status bar counts down in whole seconds. */
		int64_t left = deadline - utilNow();
		if (left > 1000) at = deadline - (left - 1) / 1000 * 1000;
	}
	if (partialAt && (at < 0 || partialAt < at)) at = partialAt;
	return at;
}

int connRetryIn(int64_t now)
{
	int64_t left = deadline - now;
	return left <= 0 ? 0 : (int)((left + 999) / 1000);
}

static void gotLine(char *text, size_t len)
{
	heard = true;
	if (tookPartial) {
		/* The rest of a line shown unfinished: one entry, not two. */
		if (len) showPartial(text, len);
		partialDone();
		return;
	}
	handleLine(text, len);
}

/* A key pressed during a flood goes before more reading and more lines. */
static bool keyWaiting(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	return poll(&p, 1, 0) == 1;
}

/* Reads what the socket holds, READ_CHUNK at a time, until READ_PASS. */
static void drain(void)
{
	while (passRead < READ_PASS && !(passRead && keyWaiting())) {
		if (inboxStart && inboxStart == inboxLen) inboxLen = inboxStart = 0;
		if (inboxSize - inboxLen < READ_CHUNK) {
			/* Compact only when that frees half: moving is then cheap on average. */
			if (inboxStart && inboxStart >= inboxSize / 2) {
				memmove(inbox, inbox + inboxStart, inboxHeld());
				inboxLen -= inboxStart;
				inboxStart = 0;
			}
			if (inboxSize - inboxLen < READ_CHUNK) {
				if (inboxSize >= INBOX_MAX) return;
				inboxSize = inboxSize ? 2 * inboxSize : 2 * READ_CHUNK;
				inbox = xrealloc(inbox, inboxSize);
			}
		}
		size_t want = READ_PASS - passRead;
		if (want > READ_CHUNK) want = READ_CHUNK;
		ssize_t n = get(inbox + inboxLen, want);
		if (n < 0 && errno == EINTR) continue;
		if (n < 0 && errno == EAGAIN) return;
		if (n <= 0) {
			inboxEnd = n ? errno : 0;
			return;
		}
		inboxLen += n;
		passRead += n;
		/* A short read emptied the socket (TLS reads a record at a time). */
		if (!tls && (size_t)n < want) return;
	}
}

/* Handles what the inbox holds, for READ_BUDGET ms at most. */
static void readLines(int64_t now)
{
	int64_t start = utilNow();
	while (inboxHeld() && utilNow() - start < READ_BUDGET && !keyWaiting()) {
		/* Keep the socket empty while we work through a flood. */
		if (inboxEnd < 0) drain();
		size_t room;
		char *space = frameSpace(&in, &room);
		size_t n = inboxHeld() < room ? inboxHeld() : room;
		memcpy(space, inbox + inboxStart, n);
		inboxStart += n;
		frameCommit(&in, n);
		char *text;
		size_t len;
		enum frameResult r;
		while ((r = frameNext(&in, &text, &len)) != FRAME_NONE) {
			if (r == FRAME_LINE) gotLine(text, len);
		}
	}
	if (!inboxHeld() && inboxEnd >= 0) {
		char *text;
		size_t len;
		int e = inboxEnd;
		/* A chat-server sends whole lines: a piece is what a cut left. */
		if (frameTake(&in, &text, &len) && !resumeChatServer()) gotLine(text, len);
		inboxReset();
		lost(now, e ? strerror(e) : _("the server closed the connection"));
		return;
	}
	if (!framePending(&in) || resumeChatServer()) partialAt = 0;
	else if (!partialAt) partialAt = utilNow() + CONN_PARTIAL_DELAY;
}

static void connected(int64_t now)
{
	int e = 0;
	socklen_t len = sizeof(e);
	if (getsockopt(sock, SOL_SOCKET, SO_ERROR, &e, &len) < 0) e = errno;
	if (!e) {
		linked(now);
		return;
	}
	lastError = e;
	closeSocket();
	addr = addr->ai_next;
	tryNext(now);
}


bool connEvent(fd_set *r, fd_set *w, int64_t now)
{
	bool busy = false;
	passRead = 0;
	if (connState == CONN_UP && !welcomed && !refused && now >= deadline) connWelcomed();
	if (connState == CONN_UP && !heard && now >= holdUntil) {
		heard = true;
		flush();
	}
	if (shaking && (FD_ISSET(sock, r) || FD_ISSET(sock, w))) {
		shake(now);
	} else if (connState == CONN_CONNECTING && !shaking && sock >= 0 && FD_ISSET(sock, w)) {
		connected(now);
	} else if (connState == CONN_CONNECTING && now >= deadline) {
		lastError = ETIMEDOUT;
		closeSocket();
		if (addr) addr = addr->ai_next;
		tryNext(now);
	} else if (connState == CONN_WAIT) {
		if (now >= deadline) start(now);
		else uiDirtyStatus();
	}
	if (connState == CONN_UP && (FD_ISSET(sock, r) || tlsHolds())) drain();
	if (connState == CONN_UP && (inboxHeld() || inboxEnd >= 0)) {
		readLines(now);
		busy = true;
	}
	if (connState == CONN_UP && head && FD_ISSET(sock, w)) flush();
	if (connState == CONN_UP && partialAt && now >= partialAt) {
		char *text;
		size_t len;
		partialAt = 0;
		if (frameTake(&in, &text, &len)) showPartial(text, len);
	}
	return busy;
}

void connFlushBlocking(int ms)
{
	int64_t end = utilNow() + ms;
	while (head && connState == CONN_UP) {
		struct pollfd p = { .fd = sock, .events = POLLOUT };
		int64_t left = end - utilNow();
		if (left <= 0 || poll(&p, 1, (int)left) <= 0) return;
		size_t before = written;
		struct connLine *h = head;
		flush();
		if (head == h && written == before) return;
	}
}

/* For line mode: the same tries, waiting in place. */
int connDial(const char *host, const char *port, int ms, char *err, size_t size)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *list;
	int e = getaddrinfo(host, port, &hints, &list);
	if (e) {
		snprintf(err, size, "%s:%s: %s", host, port, gai_strerror(e));
		return -1;
	}
	int fd = -1;
	e = ECONNREFUSED;
	for (struct addrinfo *a = list; a && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
		if (fd < 0) {
			e = errno;
			continue;
		}
		if (connect(fd, a->ai_addr, a->ai_addrlen) < 0) {
			struct pollfd p = { .fd = fd, .events = POLLOUT };
			socklen_t len = sizeof(e);
			if (errno != EINPROGRESS) e = errno;
			else if (poll(&p, 1, ms) <= 0) e = ETIMEDOUT;
			else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0) e = errno;
			else if (!e) break;
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(list);
	if (fd < 0) snprintf(err, size, "%s:%s: %s", host, port, strerror(e));
	return fd;
}
