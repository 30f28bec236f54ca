/* loadgen.c: the benchmark's load generator: N clients, one epoll loop.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every client connects, waits for its welcome, and then (after a barrier,
 * so that joins do not distort the figures) sends M lines of the form
 * "ID SEQ SEND-NS PADDING" at full speed or at a fixed rate, while reading
 * everything.  Each "<NAME> TEXT" line received is checked against the
 * sender's address name, its sequence and its padding.  One line of
 * key=value pairs sums up the run.
 *
 * With --irc PORT every other client is an IRC client on that port of
 * HOST: it registers as lgN, sends "PRIVMSG #chat :ID SEQ..." and reads
 * ":NICK!... PRIVMSG #chat :TEXT", where a line client's NICK is its
 * address as chat-server maps it for IRC ("[127-0-0-1]|5555").
 *
 * With PORT a list "P1,P2,...", the nodes of one chat-server cluster:
 * client i connects to P(i mod n), and the latencies are also given
 * apart for pairs on the same node and on different nodes.
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <inttypes.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "opts.h"
#include "proc.h"

enum { RBUF = 256 << 10, OUTBATCH = 16 << 10, PART_MAX = 8192, SIZE_MAX_ = 1000 };

struct client {
	int fd;
	SSL *ssl;             /* --tls */
	char name[64];        /* as line clients see it */
	char nick[72];        /* as IRC clients see it */
	size_t namelen, nicklen;
	bool irc;
	int node;             /* which of the ports */
	bool welcomed, closed, wantout;
	char *part;           /* unfinished input line */
	size_t partlen;
	char *out;            /* unsent output */
	size_t outlen, outoff;
	uint32_t sent;        /* lines generated */
};

static struct {
	const char *host, *port, *scenario, *target, *ircport;
	long clients, lines, rate, size, timeout, quiet, idle, settle, serverpid;
	bool connectonly, tls;
} opt = {
	.scenario = "fanout", .target = "server", .clients = 10, .lines = 100,
	.size = 64, .timeout = 120, .quiet = 5,
};

static struct {
	uint64_t unique, dup, reordered, mangled, unattributed, echoed;
	uint64_t errors, notices, history, closed;
} count;

static struct client *cl;
static int epfd;
static SSL_CTX *tlsCtx;
static long senders;          /* clients that send: all, or 1 in --connect-only */
static long sender0;          /* first sender's index */
static uint8_t *seen;         /* [receiver][sender][seq] bits */
static uint32_t *maxseq;      /* [receiver][sender]: highest seq + 1 */
static uint32_t *lat;         /* latencies in microseconds */
static uint32_t *latNode[2];  /* the same, [0] same node, [1] another */
static uint64_t nlatNode[2], latNodeCap[2];
static int nports;
static uint64_t nlat, latcap, expected, lastprogress, lastrecv;
static long nwelcomed;

static uint64_t now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Our own CPU time, ns. */
static uint64_t ownCPU(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void *xrealloc(void *p, size_t n)
{
	if (!(p = realloc(p, n ? n : 1))) err(1, "realloc");
	return p;
}

static char padChar(long id, uint32_t seq)
{
	return 'a' + (id * 31 + seq) % 26;
}

/* padding[c - 'a']: opt.size bytes of c, what a line's padding is checked
 * against. */
static char padding[26][SIZE_MAX_];

static void preparePadding(void)
{
	for (int c = 0; c < 26; c++) memset(padding[c], 'a' + c, sizeof(padding[c]));
}

static const char ircSay[] = "PRIVMSG #chat :";

static size_t formatLine(char *buf, long id, uint32_t seq, uint64_t ts)
{
	size_t head = cl[id].irc ? strlen(ircSay) : 0;
	memcpy(buf, ircSay, head);
	size_t n = sprintf(buf + head, "%ld %" PRIu32 " %" PRIu64 " ", id, seq, ts);
	for (char c = padChar(id, seq); n < (size_t)opt.size; n++) buf[head + n] = c;
	n += head;
	if (cl[id].irc) buf[n++] = '\r';
	buf[n++] = '\n';
	return n;
}

/* Reads the digits at p, not past e: the number's end, or NULL when there
 * are none, or too many for 64 bits.  Unlike strtoull() it takes no sign
 * or blank, so a line it accepts is the one formatLine() wrote. */
static const char *decimal(const char *p, const char *e, uint64_t *v)
{
	const char *start = p, *last = e - p > 19 ? p + 19 : e;
	uint64_t n = 0;
	for (unsigned d; p < last && (d = (unsigned)(*p - '0')) < 10; p++) n = n * 10 + d;
	if (p == start || (p < e && (unsigned)(*p - '0') < 10)) return NULL;
	*v = n;
	return p;
}

/* Reads "ID SEQ NS PAD..." (without the line's end); false when anything
 * is off.  This runs for every line received: no strtoull(), and the
 * padding is one memcmp() against a prepared run of its letter. */
static bool parsePayload(const char *text, size_t len, long *id, uint32_t *seq, uint64_t *ts)
{
	const char *p = text, *e = text + len;
	uint64_t v;
	if (!(p = decimal(p, e, &v)) || p == e || *p != ' ' || v >= (uint64_t)opt.clients)
		return false;
	*id = v;
	if (!(p = decimal(p + 1, e, &v)) || p == e || *p != ' ' || v >= (uint64_t)opt.lines)
		return false;
	*seq = v;
	if (!(p = decimal(p + 1, e, ts)) || p == e || *p != ' ') return false;
	size_t head = p + 1 - text;
	if (len != (head > (size_t)opt.size ? head : (size_t)opt.size)) return false;
	return !memcmp(p + 1, padding[padChar(*id, *seq) - 'a'], e - p - 1);
}

/* A room line for r from the sender called name (namelen bytes). */
static void deliver(long r, const char *name, size_t namelen, const char *text,
    size_t textlen, uint64_t t)
{
	long id;
	uint32_t seq;
	uint64_t ts;
	if (!parsePayload(text, textlen, &id, &seq, &ts)) { count.mangled++; return; }
	if (id == r) { count.echoed++; return; }
	long s = opt.connectonly ? 0 : id;
	if (opt.connectonly && id != sender0) { count.mangled++; return; }
	const struct client *from = &cl[id];
	const char *want = cl[r].irc ? from->nick : from->name;
	size_t wantlen = cl[r].irc ? from->nicklen : from->namelen;
	if (namelen != wantlen || memcmp(name, want, namelen)) count.unattributed++;
	uint64_t bit = ((uint64_t)r * senders + s) * opt.lines + seq;
	if (seen[bit / 8] & (1 << bit % 8)) { count.dup++; return; }
	seen[bit / 8] |= 1 << bit % 8;
	count.unique++;
	lastprogress = t;
	uint32_t *m = &maxseq[(uint64_t)r * senders + s];
	if (seq + 1 < *m) count.reordered++;
	else *m = seq + 1;
	if (nlat == latcap) {
		latcap = latcap ? 2 * latcap : 65536;
		lat = xrealloc(lat, latcap * sizeof(*lat));
	}
	uint64_t us = t > ts ? (t - ts) / 1000 : 0;
	lat[nlat++] = us > UINT32_MAX ? UINT32_MAX : us;
	if (nports > 1) {
		int k = cl[r].node != cl[id].node;
		if (nlatNode[k] == latNodeCap[k]) {
			latNodeCap[k] = latNodeCap[k] ? 2 * latNodeCap[k] : 65536;
			latNode[k] = xrealloc(latNode[k], latNodeCap[k] * sizeof(*latNode[k]));
		}
		latNode[k][nlatNode[k]++] = us > UINT32_MAX ? UINT32_MAX : us;
	}
}

static void chat(long r, const char *line, size_t len, uint64_t t)
{
	const char *gt = memchr(line, '>', len);
	if (!gt || gt + 1 >= line + len || gt[1] != ' ') { count.mangled++; return; }
	deliver(r, line + 1, gt - line - 1, gt + 2, line + len - gt - 2, t);
}

static void queueRaw(long i, const char *s);

/* ":NICK!USER@HOST PRIVMSG #chat :TEXT", numerics, JOIN, PING... */
static void ircLine(long r, const char *s, size_t len, uint64_t t)
{
	if (len >= 5 && !memcmp(s, "PING ", 5)) { queueRaw(r, "PONG :x\r\n"); return; }
	const char *sp = memchr(s, ' ', len);
	if (!sp || s[0] != ':') { count.mangled++; return; }
	const char *cmd = sp + 1, *e = s + len;
	if (e - cmd > 4 && !memcmp(cmd, "366 ", 4)) {
		if (!cl[r].welcomed) { cl[r].welcomed = true; nwelcomed++; }
		return;
	}
	if (e - cmd < 8 || memcmp(cmd, "PRIVMSG ", 8)) {
		/* 4xx but 422 (no MOTD): an error for us. */
		if (e - cmd > 4 && cmd[0] == '4' && memcmp(cmd, "422 ", 4)) count.errors++;
		else count.notices++;
		return;
	}
	const char *colon = memchr(cmd, ':', e - cmd);
	const char *bang = memchr(s, '!', sp - s);
	if (!colon || !bang) { count.mangled++; return; }
	deliver(r, s + 1, bang - s - 1, colon + 1, e - colon - 1, t);
}

static void line(long r, const char *s, size_t len, uint64_t t)
{
	if (len && s[len - 1] == '\r') len--;
	if (cl[r].irc) { ircLine(r, s, len, t); return; }
	if (len >= 4 && !memcmp(s, "-!- ", 4)) {
		if (len >= 12 && !memcmp(s + 4, "welcome ", 8)) {
			if (!cl[r].welcomed) { cl[r].welcomed = true; nwelcomed++; }
		} else if (len >= 10 && !memcmp(s + 4, "error ", 6)) {
			count.errors++;
		} else {
			count.notices++;
		}
		return;
	}
	if (len && s[0] == '[') { count.history++; return; }
	if (len && s[0] == '<') { chat(r, s, len, t); return; }
	count.mangled++;
}

static void closeClient(long i)
{
	struct client *c = &cl[i];
	if (c->closed) return;
	c->closed = true;
	count.closed++;
	if (c->ssl) SSL_free(c->ssl);
	c->ssl = NULL;
	close(c->fd);
}

/* read(), or SSL_read for --tls: -1 with EAGAIN to wait. */
static ssize_t get(struct client *c, char *buf, size_t len)
{
	if (!c->ssl) return read(c->fd, buf, len);
	int n = SSL_read(c->ssl, buf, len);
	if (n > 0) return n;
	int e = SSL_get_error(c->ssl, n);
	if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) errno = EAGAIN;
	else errno = EPIPE;
	return e == SSL_ERROR_ZERO_RETURN ? 0 : -1;
}

static ssize_t put(struct client *c, const char *buf, size_t len)
{
	if (!c->ssl) return write(c->fd, buf, len);
	int n = SSL_write(c->ssl, buf, len);
	if (n > 0) return n;
	int e = SSL_get_error(c->ssl, n);
	errno = e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE ? EAGAIN : EPIPE;
	return -1;
}

static void readOnce(long i);

/* epoll cannot see what TLS has decrypted already: read until it is empty. */
static void readable(long i)
{
	do readOnce(i); while (!cl[i].closed && cl[i].ssl && SSL_pending(cl[i].ssl));
}

static void readOnce(long i)
{
	static char buf[PART_MAX + RBUF];
	struct client *c = &cl[i];
	if (c->partlen) memcpy(buf, c->part, c->partlen);
	ssize_t n = get(c, buf + c->partlen, RBUF);
	if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
	if (n <= 0) { closeClient(i); return; }
	uint64_t t = now();
	lastrecv = t;
	char *p = buf, *end = buf + c->partlen + n, *nl;
	while ((nl = memchr(p, '\n', end - p))) {
		line(i, p, nl - p, t);
		p = nl + 1;
	}
	c->partlen = end - p;
	if (c->partlen > PART_MAX) { count.mangled++; c->partlen = 0; }
	if (c->partlen && !c->part) c->part = xrealloc(NULL, PART_MAX);
	if (c->partlen) memcpy(c->part, p, c->partlen);
}

static void watch(long i, bool out)
{
	struct client *c = &cl[i];
	if (c->closed || c->wantout == out) return;
	struct epoll_event ev = { .events = EPOLLIN | (out ? EPOLLOUT : 0), .data.u64 = i };
	if (epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev) < 0) err(1, "epoll_ctl");
	c->wantout = out;
}

static void flush(long i)
{
	struct client *c = &cl[i];
	while (!c->closed && c->outoff < c->outlen) {
		ssize_t n = put(c, c->out + c->outoff, c->outlen - c->outoff);
		if (n < 0 && errno == EAGAIN) break;
		if (n <= 0) { closeClient(i); return; }
		c->outoff += n;
	}
	if (c->outoff == c->outlen) c->outoff = c->outlen = 0;
}

static void queueRaw(long i, const char *s)
{
	struct client *c = &cl[i];
	if (c->closed) return;
	size_t n = strlen(s);
	c->out = xrealloc(c->out, c->outlen + n);
	memcpy(c->out + c->outlen, s, n);
	c->outlen += n;
	flush(i);
	watch(i, c->outlen > 0);
}

/* Queues up to max of client i's remaining lines, stamped now. */
static void queue(long i, long max)
{
	struct client *c = &cl[i];
	if (c->closed) return;
	uint64_t t = now();
	size_t linesize = (opt.size > 64 ? opt.size : 64) + 2 + strlen(ircSay);
	c->out = xrealloc(c->out, c->outlen + max * linesize);
	for (; max > 0 && c->sent < opt.lines; max--)
		c->outlen += formatLine(c->out + c->outlen, i, c->sent++, t);
	flush(i);
}

static bool allSent(void)
{
	for (long i = sender0; i < sender0 + senders; i++)
		if (!cl[i].closed && (cl[i].sent < opt.lines || cl[i].outlen)) return false;
	return true;
}

/* Full speed: a writable sender with nothing pending gets another batch. */
static void writable(long i, bool running)
{
	struct client *c = &cl[i];
	flush(i);
	if (running && !c->outlen && i >= sender0 && i < sender0 + senders && opt.rate == 0)
		queue(i, OUTBATCH / (opt.size + 1) + 1);
	watch(i, c->outlen || (running && opt.rate == 0 && i >= sender0 &&
	    i < sender0 + senders && c->sent < opt.lines));
}

/* One pass of the loop: waits at most ms and handles what is ready. */
static void pass(int ms, bool running)
{
	struct epoll_event evs[512];
	int n = epoll_wait(epfd, evs, 512, ms);
	if (n < 0 && errno != EINTR) err(1, "epoll_wait");
	for (int k = 0; k < n; k++) {
		long i = evs[k].data.u64;
		if (cl[i].closed) continue;
		if (evs[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) readable(i);
		if (!cl[i].closed && (evs[k].events & EPOLLOUT)) writable(i, running);
	}
}

/* chat-server's nick for an address name: '.' '-', ':' '|', '%' '^',
 * IPv4 in brackets. */
static void nickOf(const char *name, char *out)
{
	size_t n = 0;
	const char *colon = strrchr(name, ':');
	if (name[0] != '[') out[n++] = '[';
	for (const char *s = name; *s; s++) {
		if (s == colon && name[0] != '[') out[n++] = ']';
		out[n++] = *s == '.' ? '-' : *s == ':' ? '|' : *s == '%' ? '^' : *s;
	}
	out[n] = '\0';
}

/* --tls: the whole handshake now, waiting in place, so that the hello
 * goes out at once (the server takes a silent client for a plain one). */
static void handshake(long i)
{
	struct client *c = &cl[i];
	if (!tlsCtx) {
		tlsCtx = SSL_CTX_new(TLS_client_method());
		if (!tlsCtx) errx(1, "SSL_CTX_new");
		SSL_CTX_set_mode(tlsCtx, SSL_MODE_ENABLE_PARTIAL_WRITE
		    | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	}
	c->ssl = SSL_new(tlsCtx);
	if (!c->ssl || SSL_set_fd(c->ssl, c->fd) != 1) errx(1, "SSL_new");
	for (;;) {
		int r = SSL_connect(c->ssl);
		if (r == 1) return;
		int e = SSL_get_error(c->ssl, r);
		if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
			errx(1, "TLS handshake failed (client %ld)", i);
		struct pollfd p = { .fd = c->fd, .events = e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT };
		if (poll(&p, 1, 10000) <= 0) errx(1, "TLS handshake timed out (client %ld)", i);
	}
}

static void connectAll(void)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai, *ircai = NULL;
	struct addrinfo *nodes[16];
	char *ports = strdup(opt.port), *rest = ports;
	if (!ports) err(1, "strdup");
	for (char *p; (p = strsep(&rest, ",")) && nports < 16; nports++) {
		int e = getaddrinfo(opt.host, p, &hints, &nodes[nports]);
		if (e) errx(69, "%s: %s", opt.host, gai_strerror(e));
	}
	free(ports);
	ai = nodes[0];
	int e;
	if (opt.ircport && (e = getaddrinfo(opt.host, opt.ircport, &hints, &ircai)))
		errx(69, "%s: %s", opt.host, gai_strerror(e));
	for (long i = 0; i < opt.clients; i++) {
		struct client *c = &cl[i];
		c->irc = ircai && i % 2;
		c->node = i % nports;
		const struct addrinfo *to = c->irc ? ircai : nodes[c->node];
		c->fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (c->fd < 0) err(1, "socket (client %ld)", i);
		int one = 1;  /* each line is stamped when written: send it at once */
		setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		if (connect(c->fd, to->ai_addr, to->ai_addrlen) < 0 && errno != EINPROGRESS)
			err(1, "connect (client %ld)", i);
		if (opt.tls) handshake(i);
		struct sockaddr_storage sa;
		socklen_t len = sizeof(sa);
		char host[NI_MAXHOST], serv[NI_MAXSERV];
		if (getsockname(c->fd, (struct sockaddr *)&sa, &len) < 0) err(1, "getsockname");
		getnameinfo((struct sockaddr *)&sa, len, host, sizeof(host), serv, sizeof(serv),
		    NI_NUMERICHOST | NI_NUMERICSERV);
		snprintf(c->name, sizeof(c->name), sa.ss_family == AF_INET6 ? "[%s]:%s" : "%s:%s",
		    host, serv);
		nickOf(c->name, c->nick);
		struct epoll_event ev = { .events = EPOLLIN, .data.u64 = i };
		if (epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev) < 0) err(1, "epoll_ctl");
		if (c->irc) {
			char reg[128];
			snprintf(c->name, sizeof(c->name), "lg%ld", i);
			strcpy(c->nick, c->name);
			snprintf(reg, sizeof(reg), "NICK %s\r\nUSER lg 0 * :lg\r\n", c->name);
			queueRaw(i, reg);
		}
		c->namelen = strlen(c->name);
		c->nicklen = strlen(c->nick);
	}
	for (int n = 0; n < nports; n++) freeaddrinfo(nodes[n]);
	if (ircai) freeaddrinfo(ircai);
}

/* The kernel's count of connections dropped from full listen queues
 * (system-wide: TcpExt ListenDrops in /proc/net/netstat). */
static long listenDrops(void)
{
	FILE *f = fopen("/proc/net/netstat", "r");
	if (!f) return 0;
	char names[4096], values[4096];
	long v = 0;
	while (fgets(names, sizeof(names), f) && fgets(values, sizeof(values), f)) {
		if (strncmp(names, "TcpExt:", 7)) continue;
		char *sn, *sv;
		char *n = strtok_r(names, " \n", &sn), *x = strtok_r(values, " \n", &sv);
		for (; n && x; n = strtok_r(NULL, " \n", &sn), x = strtok_r(NULL, " \n", &sv))
			if (!strcmp(n, "ListenDrops")) v = atol(x);
	}
	fclose(f);
	return v;
}

/* Sorts v in two passes of 16 bits: millions of latencies take qsort()
 * longer than the run that measured them. */
static void sortU32(uint32_t *v, uint64_t n)
{
	static uint64_t at[65536];
	uint32_t *tmp = xrealloc(NULL, n * sizeof(*v)), *from = v, *to = tmp;
	for (int shift = 0; shift < 32; shift += 16) {
		memset(at, 0, sizeof(at));
		for (uint64_t i = 0; i < n; i++) at[from[i] >> shift & 0xffff]++;
		for (uint64_t k = 0, sum = 0; k < 65536; k++) {
			uint64_t c = at[k];
			at[k] = sum;
			sum += c;
		}
		for (uint64_t i = 0; i < n; i++) to[at[from[i] >> shift & 0xffff]++] = from[i];
		uint32_t *t = from;
		from = to;
		to = t;
	}
	free(tmp);  /* an even number of passes: v holds the result */
}

static uint32_t pctOf(const uint32_t *v, uint64_t n, double p)
{
	if (!n) return 0;
	uint64_t k = (uint64_t)(p * (n - 1) + 0.5);
	return v[k];
}

static uint32_t pct(double p)
{
	if (!nlat) return 0;
	uint64_t k = (uint64_t)(p * (nlat - 1) + 0.5);
	return lat[k];
}

static double secs(uint64_t ns)
{
	return ns / 1e9;
}

/* Waits until every client is welcomed (or closed), then until the
 * server has been quiet for a moment, so that join notices are over. */
static uint64_t barrier(uint64_t deadline)
{
	while (nwelcomed + (long)count.closed < opt.clients && now() < deadline)
		pass(100, false);
	uint64_t welcomed = now();
	uint64_t limit = now() + 10000000000ULL;
	lastrecv = now();
	while (now() - lastrecv < 200000000 && now() < limit && now() < deadline)
		pass(50, false);
	return welcomed;
}

static void run(uint64_t deadline)
{
	uint64_t start = now(), cpu0 = ownCPU();
	lastprogress = start;
	if (opt.rate == 0) {
		for (long i = sender0; i < sender0 + senders; i++) writable(i, true);
	}
	uint64_t g = 0, total = (uint64_t)senders * opt.lines;
	double gap = opt.rate ? 1e9 / ((double)opt.rate * senders) : 0;
	while (count.unique < expected) {
		uint64_t t = now();
		if (t >= deadline) break;
		if (allSent() && t - lastprogress > (uint64_t)opt.quiet * 1000000000) break;
		int ms = 100;
		if (opt.rate) {
			while (g < total && t >= start + (uint64_t)(g * gap)) {
				long i = sender0 + g % senders;
				queue(i, 1);
				watch(i, cl[i].outlen > 0);
				g++;
			}
			if (g < total) {
				uint64_t due = start + (uint64_t)(g * gap);
				ms = due > t ? (int)((due - t + 999999) / 1000000) : 0;
			}
		}
		pass(ms, true);
	}
	uint64_t end = count.unique ? lastprogress : now();
	double s = secs(end - start);
	/* Busy near 1.0: the load tool, not the server, sets the pace. */
	uint64_t cpu = ownCPU() - cpu0;
	double busy = (double)cpu / (now() - start);
	sortU32(lat, nlat);
	printf(" deliveries=%" PRIu64 " expected=%" PRIu64 " lost=%" PRIu64
	    " dup=%" PRIu64 " reordered=%" PRIu64 " mangled=%" PRIu64
	    " unattributed=%" PRIu64 " echoed=%" PRIu64 " errors=%" PRIu64
	    " closed=%" PRIu64 " secs=%.3f dps=%.0f p50_us=%" PRIu32 " p99_us=%" PRIu32
	    " max_us=%" PRIu32 " loadgen_busy=%.2f loadgen_ns=%.0f",
	    count.unique, expected, expected - count.unique, count.dup, count.reordered,
	    count.mangled, count.unattributed, count.echoed, count.errors, count.closed,
	    s, s > 0 ? count.unique / s : 0.0, pct(0.50), pct(0.99), nlat ? lat[nlat - 1] : 0, busy,
	    count.unique ? (double)cpu / count.unique : 0.0);
	if (nports > 1) {
		for (int k = 0; k < 2; k++) sortU32(latNode[k], nlatNode[k]);
		printf(" nodes=%d p50_same_us=%" PRIu32 " p99_same_us=%" PRIu32
		    " p50_cross_us=%" PRIu32 " p99_cross_us=%" PRIu32, nports,
		    pctOf(latNode[0], nlatNode[0], 0.50), pctOf(latNode[0], nlatNode[0], 0.99),
		    pctOf(latNode[1], nlatNode[1], 0.50), pctOf(latNode[1], nlatNode[1], 0.99));
	}
}

static void idle(void)
{
	uint64_t end = now() + (uint64_t)opt.idle * 1000000000;
	uint64_t before = count.notices + count.errors + count.mangled;
	for (uint64_t t; (t = now()) < end;)
		pass((int)((end - t) / 1000000) + 1, false);
	printf(" idle_secs=%ld lines_while_idle=%" PRIu64, opt.idle,
	    count.notices + count.errors + count.mangled - before);
}

/* After the run, everyone connected and quiet for opt.settle seconds:
 * the server's RSS and threads then, what idle clients cost it. */
static void settle(void)
{
	uint64_t end = now() + (uint64_t)opt.settle * 1000000000;
	for (uint64_t t; (t = now()) < end;)
		pass((int)((end - t) / 1000000) + 1, false);
	printf(" settle_secs=%ld idle_rss_kb=%ld idle_threads=%ld", opt.settle,
	    procKB(opt.serverpid, "VmRSS"), procKB(opt.serverpid, "Threads"));
}

static void options(int argc, char *argv[])
{
	static const char usage[] =
	    "usage: loadgen [--clients N] [--lines M] [--rate R] [--size BYTES]\n"
	    "  [--connect-only] [--idle SECS] [--settle SECS] [--timeout SECS] [--quiet SECS]\n"
	    "  [--scenario NAME] [--target NAME] [--server-pid PID] [--irc PORT] [--tls]\n"
	    "  HOST PORT[,PORT...]\n";
	const struct benchOpt opts[] = {
		{ "clients", BENCH_NUMBER, &opt.clients, 1, 1000000 },
		{ "lines", BENCH_NUMBER, &opt.lines, 1, 100000000 },
		{ "rate", BENCH_NUMBER, &opt.rate, 0, 1000000 },
		{ "size", BENCH_NUMBER, &opt.size, 1, SIZE_MAX_ },
		{ "timeout", BENCH_NUMBER, &opt.timeout, 1, 86400 },
		{ "quiet", BENCH_NUMBER, &opt.quiet, 1, 3600 },
		{ "idle", BENCH_NUMBER, &opt.idle, 1, 86400 },
		{ "settle", BENCH_NUMBER, &opt.settle, 1, 3600 },
		{ "connect-only", BENCH_FLAG, &opt.connectonly, 0, 0 },
		{ "scenario", BENCH_STRING, &opt.scenario, 0, 0 },
		{ "target", BENCH_STRING, &opt.target, 0, 0 },
		{ "server-pid", BENCH_NUMBER, &opt.serverpid, 1, 1L << 30 },
		{ "irc", BENCH_STRING, &opt.ircport, 0, 0 },
		{ "tls", BENCH_FLAG, &opt.tls, 0, 0 },
		{ NULL, 0, NULL, 0, 0 },
	};
	int i = benchOptions(argc, argv, opts, usage);
	if (argc - i != 2) {
		fputs(usage, stderr);
		exit(64);
	}
	opt.host = argv[i];
	opt.port = argv[i + 1];
	if (opt.connectonly) opt.lines = 1;
}

int main(int argc, char *argv[])
{
	options(argc, argv);
	struct rlimit rl;
	if (!getrlimit(RLIMIT_NOFILE, &rl)) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		if ((rlim_t)opt.clients + 16 > rl.rlim_cur)
			errx(1, "RLIMIT_NOFILE %ju is too low for %ld clients",
			    (uintmax_t)rl.rlim_cur, opt.clients);
	}
	signal(SIGPIPE, SIG_IGN);
	preparePadding();
	setvbuf(stdout, NULL, _IOLBF, 0);

	senders = opt.connectonly || opt.idle ? 1 : opt.clients;
	uint64_t bits = (uint64_t)opt.clients * senders * opt.lines;
	if (bits / 8 > (1ULL << 30)) errx(64, "clients x clients x lines is too large");
	seen = calloc(bits / 8 + 1, 1);
	maxseq = calloc((size_t)opt.clients * senders, sizeof(*maxseq));
	cl = calloc(opt.clients, sizeof(*cl));
	if (!seen || !maxseq || !cl) err(1, "calloc");
	if ((epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) err(1, "epoll_create1");

	uint64_t t0 = now(), deadline = t0 + (uint64_t)opt.timeout * 1000000000;
	long cpu0 = opt.serverpid ? procCPU(opt.serverpid) : -1;
	long long cpu0us = opt.serverpid ? procCPUus(opt.serverpid) : -1;
	long faults0 = -1, switches0 = -1;
	long drops0 = listenDrops();
	connectAll();
	double connectsecs = secs(barrier(deadline) - t0);
	long drops = listenDrops() - drops0;
	for (sender0 = 0; sender0 < opt.clients && (!cl[sender0].welcomed || cl[sender0].closed);)
		sender0++;
	if (sender0 == opt.clients) errx(1, "no client was welcomed");
	if (!opt.connectonly && !opt.idle) sender0 = 0;
	long alive = 0;
	for (long i = 0; i < opt.clients; i++) alive += cl[i].welcomed && !cl[i].closed;
	expected = (uint64_t)(alive - 1) * senders * opt.lines;
	long rss = opt.serverpid ? procKB(opt.serverpid, "VmRSS") : -1;
	if (!opt.connectonly && !opt.idle && opt.serverpid) {
		cpu0 = procCPU(opt.serverpid);
		cpu0us = procCPUus(opt.serverpid);
		faults0 = procFaults(opt.serverpid);
		switches0 = procWakeups(opt.serverpid);
	}

	long nirc = 0;
	for (long i = 0; i < opt.clients; i++) nirc += cl[i].irc;
	printf("scenario=%s target=%s clients=%ld irc_clients=%ld lines=%ld size=%ld rate=%ld"
	    " welcomed=%ld connect_secs=%.3f listen_drops=%ld", opt.scenario, opt.target,
	    opt.clients, nirc, opt.lines, opt.size, opt.rate, nwelcomed, connectsecs, drops);
	if (opt.idle) idle();
	else run(deadline);
	if (opt.settle && opt.serverpid) settle();
	if (opt.serverpid) {
		long cpu1 = procCPU(opt.serverpid);
		long long cpu1us = procCPUus(opt.serverpid);
		printf(" rss_kb=%ld hwm_kb=%ld cpu_ms=%ld cpu_us=%lld", rss,
		    procKB(opt.serverpid, "VmHWM"), cpu0 >= 0 && cpu1 >= 0 ? cpu1 - cpu0 : -1,
		    cpu0us >= 0 && cpu1us >= 0 ? cpu1us - cpu0us : -1);
		/* The run's page faults and context switches: what the host
		 * charges for (hostcost).  Switches count live threads only:
		 * -1 when threads that ended took more with them than the
		 * others made. */
		if (faults0 >= 0) {
			long faults1 = procFaults(opt.serverpid);
			long switches1 = procWakeups(opt.serverpid);
			long switches = switches0 >= 0 && switches1 >= switches0 ? switches1 - switches0 : -1;
			printf(" faults=%ld switches=%ld", faults1 >= 0 ? faults1 - faults0 : -1, switches);
		}
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf(" loadgen_cpu_ms=%ld\n", (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
	    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000);

	for (long i = 0; i < opt.clients; i++) {
		if (!cl[i].closed) close(cl[i].fd);
		free(cl[i].part);
		free(cl[i].out);
	}
	free(cl);
	free(seen);
	free(maxseq);
	free(lat);
	free(latNode[0]);
	free(latNode[1]);
	close(epfd);
	return 0;
}
