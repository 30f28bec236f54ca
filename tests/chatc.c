/* chatc.c: a scriptable chat client for the tests.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: chatc [-v] [-p PORT] [-H HOST] [SCRIPT]
 *        chatc -L
 *
 * Reads commands from SCRIPT (or standard input), one a line, and runs
 * them in order against any number of named connections.  It exits 0
 * when the script ends, and 1 (with a message saying what it got) at the
 * first expectation that fails.  Every wait is bounded by a timeout.
 * While it waits, it reads every connection (unless told not to) into a
 * queue of received lines, and writes what each has to send.  PORT
 * defaults to $PORT, HOST to 127.0.0.1; -v echoes what is received.
 * chatc -L only checks that TCP over 127.0.0.1 works (listen on a free
 * port, connect to it), for tests/lib.sh to say so once when it does not.
 *
 * Blank lines and lines starting with # are ignored.  In what follows,
 * TEXT and REGEX are the rest of the line, after one space.
 *
 *   timeout SECONDS          how long the waits below last (default 10)
 *   connect NAME [PORT [HOST]]
 *                            opens a connection called NAME
 *   connect-until NAME REGEX connects NAME and reads its first line, again
 *                            (every 50 ms) until that line matches REGEX: a
 *                            place freed by a leaving client comes back
 *                            only when its thread has ended
 *                            opens a connection called NAME; a first
 *                            line "-!- hello: CAPS" is kept aside, not
 *                            queued, so that scripts see the rest as before
 *   hello NAME REGEX         the hello line must have come and match REGEX
 *   login NAME NICK [PORT]   connect, wait for the welcome, /nick NICK and
 *                            wait for its notice
 *   send NAME TEXT           sends TEXT and LF.  Escapes: \n \r \t \e \\ \xHH
 *   sendraw NAME TEXT        sends TEXT without LF (same escapes)
 *   flood NAME COUNT TEXT    sends COUNT lines "TEXT 1" ... "TEXT COUNT"
 *   drain NAME               waits until everything sent has left
 *   expect NAME REGEX        waits for a line matching REGEX (POSIX ERE);
 *                            the lines before it are consumed; \xHH in
 *                            a REGEX stands for that byte
 *   next NAME REGEX          the next line must match REGEX
 *   expect-none NAME MS REGEX
 *                            no line matching REGEX comes within MS
 *                            milliseconds (nothing is consumed)
 *   expect-seq NAME PREFIX COUNT
 *                            lines PREFIX then 1 ... COUNT (after spaces
 *                            or not) arrive in order, none missing or
 *                            repeated: "expect-seq b <alice> n 500" after
 *                            "flood a 500 n".  PREFIX is literal; other
 *                            lines stay in the queue
 *   expect-closed NAME       waits for the server to close NAME
 *   noread NAME / read NAME  stops / resumes reading NAME
 *   shutdown NAME            sends EOF (half-close), keeps reading
 *   close NAME               drains, then closes NAME
 *   sleep MS
 *   echo TEXT                prints TEXT on standard error
 *   mark FILE                creates FILE, to tell a waiting script that
 *                            the lines before it are done
 *   wait-file FILE           waits until FILE exists (the other way round)
 */
#include <config.h>

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "chat.h"

enum { CONN_MAX = 256, RECENT = 12 };

struct conn {
	char name[32];
	int fd;
	bool reading, eof;
	char *in;               /* bytes of an unfinished line */
	size_t inLen, inCap;
	char **lines;           /* received, not yet consumed */
	size_t first, count, cap;
	char *out;
	size_t outStart, outLen, outCap;   /* out[outStart..outLen] is unsent */
	char *recent[RECENT];   /* the last lines consumed, for messages */
	size_t nrecent;
	bool gotFirst;
	char *hello;            /* the hello line, kept aside */
};

static struct conn conns[CONN_MAX];
static size_t nconns;
static const char *defaultPort, *defaultHost = "127.0.0.1";
static double waitSeconds = 10;
static const char *scriptName = "-";
static long lineNo;
static bool verbose;

static int64_t now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void showLines(const struct conn *c)
{
	fprintf(stderr, "  consumed lately:\n");
	for (size_t i = c->nrecent > RECENT ? c->nrecent - RECENT : 0; i < c->nrecent; i++) {
		fprintf(stderr, "    %s\n", c->recent[i % RECENT]);
	}
	fprintf(stderr, "  not consumed (%zu):\n", c->count);
	for (size_t i = 0; i < c->count && i < 20; i++) {
		fprintf(stderr, "    %s\n", c->lines[c->first + i]);
	}
	if (c->eof) fprintf(stderr, "  (closed by the server)\n");
}

static void fail(const struct conn *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));
static void fail(const struct conn *c, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "chatc: %s:%ld: ", scriptName, lineNo);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (c) showLines(c);
	exit(1);
}

static struct conn *find(const char *name)
{
	for (size_t i = 0; i < nconns; i++) {
		if (!strcmp(conns[i].name, name)) return &conns[i];
	}
	fail(NULL, "no connection called %s", name);
}

static void pushLine(struct conn *c, const char *s, size_t n)
{
	if (n && s[n - 1] == '\r') n--;
	if (c->first + c->count == c->cap) {
		if (c->first) {
			memmove(c->lines, c->lines + c->first, c->count * sizeof(*c->lines));
			c->first = 0;
		} else {
			c->cap = c->cap ? 2 * c->cap : 64;
			c->lines = xrealloc(c->lines, c->cap * sizeof(*c->lines));
		}
	}
	char *line = xmalloc(n + 1);
	memcpy(line, s, n);
	line[n] = '\0';
	if (verbose) fprintf(stderr, "%s< %s\n", c->name, line);
	if (!c->gotFirst) {
		c->gotFirst = true;
		if (!strncmp(line, "-!- hello: ", 11)) {
			c->hello = line;
			return;
		}
	}
	c->lines[c->first + c->count++] = line;
}

/* Takes the first received line; the caller may look at it until the
 * next call. */
static char *consume(struct conn *c)
{
	char *line = c->lines[c->first++];
	c->count--;
	free(c->recent[c->nrecent % RECENT]);
	c->recent[c->nrecent++ % RECENT] = line;
	return line;
}

/* One read; false when there was nothing more to read. */
static bool readOnce(struct conn *c)
{
	if (c->inCap - c->inLen < 4096) {
		c->inCap = c->inCap ? 2 * c->inCap : 8192;
		c->in = xrealloc(c->in, c->inCap);
	}
	ssize_t n = recv(c->fd, c->in + c->inLen, c->inCap - c->inLen, MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR)) return false;
	if (n <= 0) {
		if (c->inLen) pushLine(c, c->in, c->inLen);
		c->inLen = 0;
		c->eof = true;
		return false;
	}
	c->inLen += n;
	size_t start = 0;
	char *lf;
	while ((lf = memchr(c->in + start, '\n', c->inLen - start))) {
		pushLine(c, c->in + start, lf - (c->in + start));
		start = lf - c->in + 1;
	}
	memmove(c->in, c->in + start, c->inLen - start);
	c->inLen -= start;
	return true;
}

/* Reading drains the socket, while writing sends a little at a time: a
 * client that reads must keep up with one that floods, as a person's
 * client would, or the server rightly cuts it off for a full queue. */
static void readConn(struct conn *c)
{
	while (!c->eof && readOnce(c)) {}
}

enum { WRITE_CHUNK = 16384 };

static void writeConn(struct conn *c)
{
	size_t len = c->outLen - c->outStart;
	if (len > WRITE_CHUNK) len = WRITE_CHUNK;
	ssize_t n = send(c->fd, c->out + c->outStart, len, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR) return;
		c->outLen = c->outStart = 0;  /* the server is gone; expect-closed will say so */
		return;
	}
	c->outStart += n;
	if (c->outStart == c->outLen) c->outLen = c->outStart = 0;
}

/* Reads and writes every connection, for at most ms milliseconds. */
static void pump(int ms)
{
	struct pollfd pfds[CONN_MAX];
	for (size_t i = 0; i < nconns; i++) {
		struct conn *c = &conns[i];
		pfds[i].fd = c->fd;
		pfds[i].events = (c->reading && !c->eof ? POLLIN : 0) | (c->outLen ? POLLOUT : 0);
		if (c->fd < 0) pfds[i].fd = -1;
	}
	if (poll(pfds, nconns, ms < 0 ? 0 : ms) <= 0) return;
	for (size_t i = 0; i < nconns; i++) {
		if (pfds[i].revents & POLLOUT) writeConn(&conns[i]);
		if (pfds[i].revents & (POLLIN | POLLHUP | POLLERR) && conns[i].reading) {
			readConn(&conns[i]);
		}
	}
}

static int64_t deadline(void)
{
	return now() + (int64_t)(waitSeconds * 1000);
}

static void queueBytes(struct conn *c, const char *s, size_t n)
{
	if (c->outLen + n > c->outCap) {
		c->outCap = (c->outLen + n) * 2;
		c->out = xrealloc(c->out, c->outCap);
	}
	memcpy(c->out + c->outLen, s, n);
	c->outLen += n;
}

static int hexDigit(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* Decodes the escapes of s in place; returns the length. */
static size_t unescape(char *s)
{
	static const char from[] = "nrte\\", to[] = "\n\r\t\033\\";
	size_t n = 0;
	for (size_t i = 0; s[i]; i++) {
		const char *e = s[i] == '\\' && s[i + 1] ? strchr(from, s[i + 1]) : NULL;
		if (e) {
			s[n++] = to[e - from];
			i++;
		} else if (s[i] == '\\' && s[i + 1] == 'x' && hexDigit(s[i + 2]) >= 0 &&
		    hexDigit(s[i + 3]) >= 0) {
			s[n++] = hexDigit(s[i + 2]) * 16 + hexDigit(s[i + 3]);
			i += 3;
		} else {
			s[n++] = s[i];
		}
	}
	return n;
}

static void doConnect(const char *name, const char *port, const char *host)
{
	if (nconns == CONN_MAX) fail(NULL, "too many connections");
	if (!port) port = defaultPort;
	if (!port) fail(NULL, "no port: give -p PORT or set PORT");
	if (!host) host = defaultHost;
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
	int error = getaddrinfo(host, port, &hints, &ai);
	if (error) fail(NULL, "%s: %s", host, gai_strerror(error));
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
	if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen)) {
		fail(NULL, "connect %s to %s port %s: %s", name, host, port, strerror(errno));
	}
	freeaddrinfo(ai);
	struct conn *c = &conns[nconns++];
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->fd = fd;
	c->reading = true;
}

/* Forgets the last connection made, as if it had never been. */
static void forgetLast(void)
{
	struct conn *c = &conns[--nconns];
	close(c->fd);
	for (size_t i = 0; i < c->count; i++) free(c->lines[c->first + i]);
	for (size_t i = 0; i < RECENT; i++) free(c->recent[i]);
	free(c->lines);
	free(c->in);
	free(c->out);
}

static void waitDrained(struct conn *c)
{
	int64_t until = deadline();
	while (c->outLen && c->fd >= 0) {
		if (now() >= until) fail(c, "%s: %zu bytes still unsent", c->name, c->outLen - c->outStart);
		pump(until - now());
	}
}

/* Decodes \xHH in a regex in place, so that it can match any byte. */
static void unhex(char *s)
{
	size_t n = 0;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '\\' && s[i + 1] == 'x' && hexDigit(s[i + 2]) >= 0 &&
		    hexDigit(s[i + 3]) >= 0) {
			s[n++] = hexDigit(s[i + 2]) * 16 + hexDigit(s[i + 3]);
			i += 3;
		} else {
			s[n++] = s[i];
		}
	}
	s[n] = '\0';
}

static regex_t compile(char *re)
{
	regex_t rx;
	unhex(re);
	int error = regcomp(&rx, re, REG_EXTENDED | REG_NOSUB);
	if (error) {
		char msg[128];
		regerror(error, &rx, msg, sizeof(msg));
		fail(NULL, "bad regex /%s/: %s", re, msg);
	}
	return rx;
}

/* Waits for a line on c; false when the time ran out. */
static bool waitLine(struct conn *c, int64_t until)
{
	while (!c->count) {
		if (c->eof || now() >= until) return false;
		pump(until - now());
	}
	return true;
}

static void expect(struct conn *c, char *re, bool strictNext)
{
	regex_t rx = compile(re);
	int64_t until = deadline();
	for (;;) {
		if (!waitLine(c, until)) {
			fail(c, "%s: no line matching /%s/ within %g s", c->name, re, waitSeconds);
		}
		const char *line = consume(c);
		if (!regexec(&rx, line, 0, NULL, 0)) break;
		if (strictNext) fail(c, "%s: the next line does not match /%s/", c->name, re);
	}
	regfree(&rx);
}

static void connectUntil(const char *name, char *re)
{
	regex_t rx = compile(re);
	int64_t until = deadline();
	for (;;) {
		doConnect(name, NULL, NULL);
		struct conn *c = &conns[nconns - 1];
		if (!waitLine(c, until)) fail(c, "%s: no first line within %g s", name, waitSeconds);
		if (!regexec(&rx, consume(c), 0, NULL, 0)) break;
		if (now() >= until) {
			fail(c, "%s: no first line matching /%s/ within %g s", name, re, waitSeconds);
		}
		forgetLast();
		int64_t retry = now() + 50;
		while (now() < retry) pump(retry - now());
	}
	regfree(&rx);
}

static void expectNone(struct conn *c, long ms, char *re)
{
	regex_t rx = compile(re);
	int64_t until = now() + ms;
	for (;;) {
		for (size_t i = 0; i < c->count; i++) {
			if (!regexec(&rx, c->lines[c->first + i], 0, NULL, 0)) {
				fail(c, "%s: got a line matching /%s/: %s", c->name, re,
				    c->lines[c->first + i]);
			}
		}
		if (now() >= until) break;
		pump(until - now());
	}
	regfree(&rx);
}

/* Takes the i-th received line out of the queue. */
static char *consumeAt(struct conn *c, size_t i)
{
	char **at = &c->lines[c->first + i];
	char *line = *at;
	memmove(at, at + 1, (c->count - i - 1) * sizeof(*at));
	c->count--;
	free(c->recent[c->nrecent % RECENT]);
	c->recent[c->nrecent++ % RECENT] = line;
	return line;
}

static void expectSeq(struct conn *c, const char *prefix, long count)
{
	size_t n = strlen(prefix);
	size_t i = 0;   /* lines before i do not start with prefix */
	int64_t until = deadline();
	for (long next = 1; next <= count;) {
		while (i == c->count) {
			if (c->eof || now() >= until) {
				fail(c, "%s: \"%s%ld\" (of %ld) did not come within %g s", c->name,
				    prefix, next, count, waitSeconds);
			}
			pump(until - now());
		}
		if (strncmp(c->lines[c->first + i], prefix, n)) {
			i++;
			continue;
		}
		const char *line = consumeAt(c, i);
		char *end;
		long got = strtol(line + n, &end, 10);
		if (*end || got != next) {
			fail(c, "%s: expected \"%s%ld\", got \"%s\"", c->name, prefix, next, line);
		}
		next++;
		until = deadline();
	}
}

static void expectClosed(struct conn *c)
{
	int64_t until = deadline();
	bool was = c->reading;
	c->reading = true;
	while (!c->eof) {
		if (now() >= until) fail(c, "%s: still open after %g s", c->name, waitSeconds);
		pump(until - now());
	}
	c->reading = was;
}

static void flood(struct conn *c, long count, const char *text)
{
	char buf[8192];
	for (long i = 1; i <= count; i++) {
		int n = snprintf(buf, sizeof(buf), "%s %ld\n", text, i);
		queueBytes(c, buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	}
	pump(0);
}

static void sendText(struct conn *c, char *text, bool newline)
{
	size_t n = unescape(text);
	queueBytes(c, text, n);
	if (newline) queueBytes(c, "\n", 1);
	pump(0);
}

static long number(const char *s)
{
	char *end;
	long n = s ? strtol(s, &end, 10) : -1;
	if (!s || !*s || *end || n < 0) fail(NULL, "bad number: %s", s ? s : "(none)");
	return n;
}

/* Cuts the next word off *s. */
static char *word(char **s)
{
	while (**s == ' ') (*s)++;
	if (!**s) return NULL;
	char *w = *s;
	char *end = strchr(w, ' ');
	if (end) {
		*end = '\0';
		*s = end + 1;
	} else {
		*s = w + strlen(w);
	}
	return w;
}

static void login(const char *name, const char *nick, const char *port)
{
	char re[128] = "^-!- welcome ";
	doConnect(name, port, NULL);
	struct conn *c = find(name);
	expect(c, re, false);
	queueBytes(c, "/nick ", 6);
	queueBytes(c, nick, strlen(nick));
	queueBytes(c, "\n", 1);
	snprintf(re, sizeof(re), "^-!- nick [^ ]+ %s$", nick);
	expect(c, re, false);
}

static void expectHello(struct conn *c, char *re)
{
	int64_t until = deadline();
	while (!c->gotFirst && !c->eof && now() < until) pump(until - now());
	if (!c->hello) fail(c, "no hello line");
	regex_t rx = compile(re);
	bool ok = !regexec(&rx, c->hello, 0, NULL, 0);
	regfree(&rx);
	if (!ok) fail(c, "hello is \"%s\", not /%s/", c->hello, re);
}

static void run(char *line)
{
	char *rest = line;
	char *cmd = word(&rest);
	if (!cmd || cmd[0] == '#') return;
	if (!strcmp(cmd, "timeout")) {
		waitSeconds = strtod(rest, NULL);
		return;
	}
	if (!strcmp(cmd, "sleep")) {
		int64_t until = now() + number(word(&rest));
		while (now() < until) pump(until - now());
		return;
	}
	if (!strcmp(cmd, "echo")) {
		fprintf(stderr, "%s\n", rest);
		return;
	}
	if (!strcmp(cmd, "wait-file")) {
		/* Reading every connection meanwhile, as the waits above do. */
		int64_t until = deadline();
		while (access(rest, F_OK) && now() < until) pump(50);
		if (access(rest, F_OK)) fail(NULL, "wait-file %s: not there in time", rest);
		return;
	}
	if (!strcmp(cmd, "mark")) {
		FILE *file = fopen(rest, "w");
		if (!file || fputs("ready\n", file) < 0 || fclose(file)) {
			fail(NULL, "mark %s: %s", rest, strerror(errno));
		}
		return;
	}
	char *name = word(&rest);
	if (!name) fail(NULL, "%s: which connection?", cmd);
	if (!strcmp(cmd, "connect")) {
		char *port = word(&rest);
		doConnect(name, port, word(&rest));
		return;
	}
	if (!strcmp(cmd, "connect-until")) {
		connectUntil(name, rest);
		return;
	}
	if (!strcmp(cmd, "login")) {
		char *nick = word(&rest);
		if (!nick) fail(NULL, "login: which nick?");
		login(name, nick, word(&rest));
		return;
	}
	struct conn *c = find(name);
	if (!strcmp(cmd, "send")) sendText(c, rest, true);
	else if (!strcmp(cmd, "sendraw")) sendText(c, rest, false);
	else if (!strcmp(cmd, "flood")) {
		long count = number(word(&rest));
		flood(c, count, rest);
	}
	else if (!strcmp(cmd, "drain")) waitDrained(c);
	else if (!strcmp(cmd, "expect")) expect(c, rest, false);
	else if (!strcmp(cmd, "next")) expect(c, rest, true);
	else if (!strcmp(cmd, "expect-none")) {
		long ms = number(word(&rest));
		expectNone(c, ms, rest);
	}
	else if (!strcmp(cmd, "expect-seq")) {
		char *sp = strrchr(rest, ' ');
		if (!sp) fail(NULL, "expect-seq: PREFIX COUNT");
		*sp = '\0';
		long count = number(sp + 1);
		/* The prefix is everything before the count, spaces and all. */
		expectSeq(c, rest, count);
	}
	else if (!strcmp(cmd, "expect-closed")) expectClosed(c);
	else if (!strcmp(cmd, "hello")) expectHello(c, rest);
	else if (!strcmp(cmd, "noread")) c->reading = false;
	else if (!strcmp(cmd, "read")) c->reading = true;
	else if (!strcmp(cmd, "shutdown")) {
		waitDrained(c);
		shutdown(c->fd, SHUT_WR);
	}
	else if (!strcmp(cmd, "close")) {
		waitDrained(c);
		close(c->fd);
		c->fd = -1;
		c->eof = true;
	}
	else fail(NULL, "unknown command: %s", cmd);
}

/* Exits 0 when a connection to 127.0.0.1 works, else 1 and why. */
static int checkLoopback(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof(sin);
	const char *step = "socket";
	int server = socket(AF_INET, SOCK_STREAM, 0);
	int client = socket(AF_INET, SOCK_STREAM, 0);
	if (server < 0 || client < 0) goto fail;
	step = "bind 127.0.0.1";
	if (bind(server, (struct sockaddr *)&sin, sizeof(sin))) goto fail;
	step = "listen";
	if (listen(server, 1) || getsockname(server, (struct sockaddr *)&sin, &len)) goto fail;
	step = "connect to 127.0.0.1";
	if (connect(client, (struct sockaddr *)&sin, sizeof(sin))) goto fail;
	return 0;
fail:
	fprintf(stderr, "%s: %s\n", step, strerror(errno));
	return 1;
}

int main(int argc, char *argv[])
{
	int opt;
	signal(SIGPIPE, SIG_IGN);
	defaultPort = getenv("PORT");
	while ((opt = getopt(argc, argv, "Lvp:H:")) != -1) {
		switch (opt) {
		case 'L': return checkLoopback();
		case 'v': verbose = true; break;
		case 'p': defaultPort = optarg; break;
		case 'H': defaultHost = optarg; break;
		default:
			fprintf(stderr, "usage: chatc [-v] [-p PORT] [-H HOST] [SCRIPT]\n");
			return 2;
		}
	}
	FILE *script = stdin;
	if (optind < argc) {
		scriptName = argv[optind];
		script = fopen(scriptName, "r");
		if (!script) {
			fprintf(stderr, "chatc: %s: %s\n", scriptName, strerror(errno));
			return 2;
		}
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, script)) > 0) {
		lineNo++;
		if (line[n - 1] == '\n') line[--n] = '\0';
		run(line);
	}
	for (size_t i = 0; i < nconns; i++) {
		if (conns[i].fd >= 0) waitDrained(&conns[i]);
	}
	free(line);
	return 0;
}
