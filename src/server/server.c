/* server.c: chat-server's start-up, options, accept loop and signals.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "server.h"

enum {
	LISTEN_MAX = 16,
	BACKOFF_MS = 100,       /* after running out of file descriptors */
	SHUTDOWN_MS = 3000,     /* peers flush for 2 s; wait a little more */
	FDS_SPARE = 32,         /* for listeners, the log, stdio and the reserve */
};

struct serverOptions serverOpt = {
	.maxClients = 1000,
	.history = 50,
	.maxLine = CHAT_LINE_MAX,
	.sendQueue = 1024 * 1024,
	.flood = 10,
	.floodBurst = 20,
	.lineTimeout = 30,
	.keepalive = 60,
	.maxPerAddress = 5,
	.announceMax = 1000,
	.verbosity = 1,
	.ircChannel = "#chat",
	.tlsWait = 100,
};

static int reserveFd = -1;

void serverLog(int level, const char *fmt, ...)
{
	static const int shown[] = { [LOG_ERROR] = 0, [LOG_INFO] = 1, [LOG_DEBUG] = 2 };
	if (serverOpt.verbosity < shown[level]) return;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0) len = 0;
	/* The program name is as long as exec -a or a symlink makes it, so
	 * the prefix is measured, not assumed to fit.  Small lines stay on
	 * the stack, which peer threads keep shallow. */
	const char *prog = utilProgname();
	size_t head = strlen(stamp) + 1 + strlen(prog) + 2;	/* "STAMP PROG: " */
	size_t size = head + len + 2;
	char small[256];
	char *buf = size <= sizeof(small) ? small : xmalloc(size);
	size_t sl = strlen(stamp), pl = strlen(prog);
	memcpy(buf, stamp, sl);
	buf[sl] = ' ';
	memcpy(buf + sl + 1, prog, pl);
	memcpy(buf + sl + 1 + pl, ": ", 2);
	va_start(ap, fmt);
	vsnprintf(buf + head, size - head, fmt, ap);
	va_end(ap);
	buf[head + len] = '\n';
	/* One write, so that the threads' lines never mix. */
	if (write(STDERR_FILENO, buf, head + len + 1) < 0) {
		/* Nowhere left to say so. */
	}
	if (buf != small) free(buf);
}

void serverSweep(const char *path)
{
	size_t n = fileSweep(path);
	/* TRANSLATORS: %zu is a number of files; %s is the file they were for. */
	if (n) serverLog(LOG_INFO, ngettext("removed %zu unfinished copy of %s",
	    "removed %zu unfinished copies of %s", n), n, path);
}

void serverComplain(bool reload, int status, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (!reload) errx(status, "%s", text);
	/* TRANSLATORS: why a file could not be read again on SIGHUP. */
	serverLog(LOG_ERROR, _("%s; keeping the settings from before"), text);
}

static void usage(void)
{
	/* TRANSLATORS: keep the option names; the layout is aligned by spaces. */
	printf(_("Usage: %s [OPTION]... [HOST [PORT]]\n"), utilProgname());
	puts(_("Relays lines of text between everyone connected: a chat room for\n"
	    "chat-tui(1) and nc(1)."));
	puts("");
	printf(_("HOST defaults to %s (every address it resolves to), PORT to %s.\n"),
	    CHAT_DEFAULT_HOST, CHAT_DEFAULT_PORT);
	puts("");
	puts(_("      --max-clients=N    refuse newcomers while N are connected (1000)"));
	puts(_("      --max-per-address=N  refuse a newcomer whose address has N\n"
	    "                           connections already (5; 0: no limit)"));
	puts(_("      --limit-loopback   count loopback connections too (by default they\n"
	    "                           are not: everyone on this machine shares them)"));
	puts(_("      --history=N        replay the last N room lines to newcomers (50; 0: none)"));
	puts(_("      --log=FILE         append every room line to FILE, and reload the\n"
	    "                           history from it at start"));
	puts(_("      --log-max=BYTES    when the log would grow past BYTES, move it to\n"
	    "                           FILE.1 and start a new one (0: never, the default)"));
	puts(_("      --max-line=BYTES   the longest line a client may send (1024)"));
	puts(_("      --send-queue=BYTES cut off a client when this much waits for it (1048576)"));
	puts(_("      --flood=N          read at most N lines a second from a client (10;\n"
	    "                           0: no limit)"));
	puts(_("      --flood-burst=N    but let N lines through at once (20)"));
	puts(_("      --line-timeout=S   drop a line not finished within S seconds (30; 0: never)"));
	puts(_("      --keepalive=S      probe a silent client after S seconds, and drop it\n"
	    "                           if still unanswered S/2 later (60; 0: off)"));
	puts(_("      --announce-max=N   announce joins and quits while at most N are online\n"
	    "                           (1000; 0: always)"));
	puts(_("      --irc=[HOST:]PORT  also let IRC clients in on PORT (empty: 6667) of\n"
	    "                           HOST (by default the HOST above)"));
	puts(_("      --irc-name=NAME    the server's name to IRC clients (the host name)"));
	puts(_("      --irc-channel=NAME the room's name to IRC clients (#chat)"));
	puts(_("      --port-file=FILE   write the port listened on to FILE (and the IRC\n"
	    "                           port on a second line)"));
	puts(_("      --state-dir=DIR    keep the TLS key and certificate in DIR (default:\n"
	    "                           $XDG_STATE_HOME/chat-server)"));
	puts(_("      --tls-cert=FILE    use this certificate (PEM, with its chain) ..."));
	puts(_("      --tls-key=FILE     ... and this private key instead"));
	puts(_("      --require-tls      refuse clients that do not use TLS"));
	puts(_("      --password-file=FILE  let in only those who give the password on\n"
	    "                           FILE's first line (over TLS; re-read on SIGHUP)"));
	puts(_("      --allow=FILE       let in only the client keys whose fingerprints FILE\n"
	    "                           lists, one a line (re-read on SIGHUP)"));
	puts(_("      --tls-wait=MS      take a client silent for MS milliseconds for a plain\n"
	    "                           one, and welcome it (100)"));
	puts(_("      --cluster=URL      share the room with other chat-servers through Redis\n"
	    "                           at URL: redis://HOST[:PORT][/DB] or unix:///PATH"));
	puts(_("      --room=NAME        the room's name in Redis, so that one Redis can hold\n"
	    "                           several (chat)"));
	puts(_("      --node=NAME        this server's name in the cluster (host name:port)"));
	puts(_("      --op=FINGERPRINT   make the client key with this fingerprint an operator\n"
	    "                           (again for more; see also the ops file)"));
	puts(_("      --fingerprint      print the TLS certificate's fingerprint and exit"));
	puts(_("  -q, --quiet            log errors only"));
	puts(_("  -v, --verbose          log every room line as well"));
	utilHelpStandard();
	puts("");
	/* TRANSLATORS: %s is the address (a URL) of the bug tracker. */
	printf(_("Report bugs to: %s\n"), PACKAGE_BUGREPORT);
	/* TRANSLATORS: %s is the address (a URL) of the project's home page. */
	printf(_("Home page: %s\n"), PACKAGE_URL);
}

enum {
	OPT_MAX_CLIENTS = 256, OPT_HISTORY, OPT_LOG, OPT_MAX_LINE, OPT_SEND_QUEUE,
	OPT_FLOOD, OPT_FLOOD_BURST, OPT_LINE_TIMEOUT, OPT_ANNOUNCE_MAX, OPT_PORT_FILE,
	OPT_KEEPALIVE, OPT_MAX_PER_ADDRESS, OPT_LIMIT_LOOPBACK, OPT_LOG_MAX, OPT_IRC, OPT_IRC_NAME, OPT_IRC_CHANNEL,
	OPT_STATE_DIR, OPT_TLS_CERT, OPT_TLS_KEY, OPT_REQUIRE_TLS,
	OPT_FINGERPRINT, OPT_TLS_WAIT, OPT_PASSWORD_FILE, OPT_ALLOW, OPT_CLUSTER, OPT_ROOM, OPT_NODE,
	OPT_OP,
};

static const struct option longOptions[] = {
	{ "max-clients", required_argument, NULL, OPT_MAX_CLIENTS },
	{ "history", required_argument, NULL, OPT_HISTORY },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "max-line", required_argument, NULL, OPT_MAX_LINE },
	{ "send-queue", required_argument, NULL, OPT_SEND_QUEUE },
	{ "flood", required_argument, NULL, OPT_FLOOD },
	{ "flood-burst", required_argument, NULL, OPT_FLOOD_BURST },
	{ "line-timeout", required_argument, NULL, OPT_LINE_TIMEOUT },
	{ "keepalive", required_argument, NULL, OPT_KEEPALIVE },
	{ "max-per-address", required_argument, NULL, OPT_MAX_PER_ADDRESS },
	{ "limit-loopback", no_argument, NULL, OPT_LIMIT_LOOPBACK },
	{ "log-max", required_argument, NULL, OPT_LOG_MAX },
	{ "announce-max", required_argument, NULL, OPT_ANNOUNCE_MAX },
	{ "port-file", required_argument, NULL, OPT_PORT_FILE },
	{ "irc", required_argument, NULL, OPT_IRC },
	{ "irc-name", required_argument, NULL, OPT_IRC_NAME },
	{ "irc-channel", required_argument, NULL, OPT_IRC_CHANNEL },
	{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
	{ "tls-cert", required_argument, NULL, OPT_TLS_CERT },
	{ "tls-key", required_argument, NULL, OPT_TLS_KEY },
	{ "require-tls", no_argument, NULL, OPT_REQUIRE_TLS },
	{ "tls-wait", required_argument, NULL, OPT_TLS_WAIT },
	{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
	{ "allow", required_argument, NULL, OPT_ALLOW },
	{ "fingerprint", no_argument, NULL, OPT_FINGERPRINT },
	{ "cluster", required_argument, NULL, OPT_CLUSTER },
	{ "room", required_argument, NULL, OPT_ROOM },
	{ "node", required_argument, NULL, OPT_NODE },
	{ "op", required_argument, NULL, OPT_OP },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* The numeric options: where each goes and what it may be. */
static const struct {
	int opt;
	long *value;
	long long min, max;
} numbers[] = {
	{ OPT_MAX_CLIENTS, &serverOpt.maxClients, 1, 1000000 },
	{ OPT_HISTORY, &serverOpt.history, 0, 100000 },
	{ OPT_MAX_LINE, &serverOpt.maxLine, 16, SERVER_LINE_MAX },
	{ OPT_SEND_QUEUE, &serverOpt.sendQueue, 4096, 1L << 30 },
	{ OPT_FLOOD, &serverOpt.flood, 0, 1000000 },
	{ OPT_FLOOD_BURST, &serverOpt.floodBurst, 1, 1000000 },
	{ OPT_LINE_TIMEOUT, &serverOpt.lineTimeout, 0, 86400 },
	{ OPT_KEEPALIVE, &serverOpt.keepalive, 0, 7200 },
	{ OPT_TLS_WAIT, &serverOpt.tlsWait, 0, 10000 },
	{ OPT_MAX_PER_ADDRESS, &serverOpt.maxPerAddress, 0, 1000000 },
	{ OPT_LOG_MAX, &serverOpt.logMax, 0, LONG_MAX },
	{ OPT_ANNOUNCE_MAX, &serverOpt.announceMax, 0, 1000000 },
};

static bool parseNumber(int opt, const char *arg)
{
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		if (numbers[i].opt != opt) continue;
		long long n;
		if (!utilParseNumber(arg, numbers[i].min, numbers[i].max, &n)) {
			const char *name = NULL;
			for (const struct option *o = longOptions; o->name; o++) {
				if (o->val == opt) name = o->name;
			}
			/* TRANSLATORS: "--%s" is an option's name, then its bad value and the limits. */
			utilUsageError(_("invalid value for --%s: '%s' (from %lld to %lld)"),
			    name, arg, numbers[i].min, numbers[i].max);
		}
		*numbers[i].value = n;
		return true;
	}
	return false;
}

static const char *portFile;
static const char *ircArg;   /* --irc's [HOST:]PORT */
static char *ircHost, *ircPort;

/* "[HOST:]PORT", "[V6]:PORT"; an empty port is 6667, no host the line's. */
static void parseIrc(const char *arg, const char *line, char **host, char **port)
{
	const char *colon = arg[0] == '[' ? strstr(arg, "]:") : strrchr(arg, ':');
	if (arg[0] == '[' && !colon && arg[strlen(arg) - 1] == ']') colon = arg + strlen(arg);
	if (colon && arg[0] == '[') {
		*host = xstrdup(arg + 1);
		(*host)[colon - arg - 1] = '\0';
		arg = *colon ? colon + 2 : colon;
	} else if (colon) {
		*host = xstrdup(arg);
		(*host)[colon - arg] = '\0';
		arg = colon + 1;
		if (strchr(*host, ':')) {
			utilUsageError(_("invalid value for --%s: '%s' (put an IPv6 address in brackets)"),
			    "irc", ircArg);
		}
	} else {
		*host = xstrdup(line);
	}
	if (!**host) {
		free(*host);
		*host = xstrdup(line);
	}
	*port = xstrdup(*arg ? arg : "6667");
	if (!utilPortValid(*port, true)) {
		utilUsageError(_("invalid port '%s': give a number from 0 to 65535 or a service name"), *port);
	}
}
static bool printFingerprint;
static const char *clusterUrl, *clusterRoom, *clusterNode;

static void version(void)
{
	utilVersion();
#ifdef HAVE_REDIS
	puts(_("Redis cluster (--cluster): built in"));
#else
	puts(_("Redis cluster (--cluster): not built in"));
#endif
}

static void parseOptions(int argc, char *argv[], const char **host, const char **port)
{
	int opt;
	while ((opt = getopt_long(argc, argv, "qvhV", longOptions, NULL)) != -1) {
		if (parseNumber(opt, optarg)) continue;
		switch (opt) {
		case OPT_LOG: serverOpt.logFile = optarg; break;
		case OPT_PORT_FILE: portFile = optarg; break;
		case OPT_LIMIT_LOOPBACK: serverOpt.limitLoopback = true; break;
		case OPT_IRC: ircArg = optarg; break;
		case OPT_IRC_NAME:
			if (!ircNameValid(optarg)) {
				utilUsageError(_("invalid value for --%s: '%s' (no spaces, colons or"
				    " controls, at most 63 bytes)"), "irc-name", optarg);
			}
			serverOpt.ircName = optarg;
			break;
		case OPT_IRC_CHANNEL:
			if (!ircChannelValid(optarg)) {
				utilUsageError(_("invalid value for --%s: '%s' (a '#', then up to 49"
				    " bytes without spaces, commas or controls)"), "irc-channel", optarg);
			}
			serverOpt.ircChannel = optarg;
			break;
		case OPT_STATE_DIR: serverOpt.stateDir = optarg; break;
		case OPT_TLS_CERT: serverOpt.tlsCert = optarg; break;
		case OPT_TLS_KEY: serverOpt.tlsKey = optarg; break;
		case OPT_REQUIRE_TLS: serverOpt.requireTls = true; break;
		case OPT_PASSWORD_FILE: serverOpt.passwordFile = optarg; break;
		case OPT_ALLOW: serverOpt.allowFile = optarg; break;
		case OPT_FINGERPRINT: printFingerprint = true; break;
		case OPT_CLUSTER: clusterUrl = optarg; break;
		case OPT_ROOM: clusterRoom = optarg; break;
		case OPT_NODE: clusterNode = optarg; break;
		case OPT_OP:
			if (!opAdd(optarg)) {
				utilUsageError(_("invalid value for --%s: '%s' (a key's fingerprint,"
				    " SHA256: and 32 pairs of hex digits joined by colons)"), "op", optarg);
			}
			break;
		case 'q': serverOpt.verbosity = 0; break;
		case 'v': serverOpt.verbosity = 2; break;
		case 'h': usage(); exit(EXIT_SUCCESS);
		case 'V': version(); exit(EXIT_SUCCESS);
		default: utilTryHelp();
		}
	}
	if (argc - optind > 2) utilUsageError(_("too many arguments"));
	if (optind < argc) *host = argv[optind++];
	if (optind < argc) *port = argv[optind++];
	if (!**host) utilUsageError(_("the host is empty"));
	if (!utilPortValid(*port, true)) {
		/* TRANSLATORS: %s is the port given. */
		utilUsageError(_("invalid port '%s': give a number from 0 to 65535 or a service name"), *port);
	}
	if (ircArg) parseIrc(ircArg, *host, &ircHost, &ircPort);
	if (!serverOpt.tlsCert != !serverOpt.tlsKey) {
		utilUsageError(_("--tls-cert and --tls-key go together"));
	}
	if (serverOpt.stateDir && !*serverOpt.stateDir) utilUsageError(_("the state directory is empty"));
#ifdef HAVE_REDIS
	clusterOptions(clusterUrl, clusterRoom, clusterNode);
#else
	if (clusterUrl || clusterRoom || clusterNode) {
		errx(EX_CONFIG, "%s", _("this chat-server was built without Redis "
		    "(configure --without-redis, or no hiredis): it cannot join a cluster"));
	}
#endif
}

/* Each client needs one descriptor; ask for as many as we may. */
static void raiseFileLimit(void)
{
	struct rlimit lim;
	if (getrlimit(RLIMIT_NOFILE, &lim)) return;
	lim.rlim_cur = lim.rlim_max;
	setrlimit(RLIMIT_NOFILE, &lim);
	getrlimit(RLIMIT_NOFILE, &lim);
	if (lim.rlim_cur == RLIM_INFINITY) return;
	if ((rlim_t)serverOpt.maxClients + FDS_SPARE <= lim.rlim_cur) return;
	long max = lim.rlim_cur > FDS_SPARE + 1 ? (long)lim.rlim_cur - FDS_SPARE : 1;
	serverLog(LOG_ERROR,
	    _("the limit of %llu open files caps --max-clients at %ld (asked for %ld)"),
	    (unsigned long long)lim.rlim_cur, max, serverOpt.maxClients);
	serverOpt.maxClients = max;
}

static void setupSignals(void)
{
	signalsInit();
	signal(SIGPIPE, SIG_IGN);
	/* A --log at the file size limit is a write error, not our end. */
	signal(SIGXFSZ, SIG_IGN);
	signalsCatch(SIGINT, 0);
	signalsCatch(SIGTERM, 0);
	signalsCatch(SIGHUP, 0);
	signalsCatch(SIGUSR2, 0);
	peerSetup();
}

static void openReserve(void)
{
	reserveFd = open("/dev/null", O_RDONLY | O_CLOEXEC);
}

/* Tells a newcomer why it is turned away, and closes it. */
void serverRefuse(int fd, bool irc, const char *addr, const char *text)
{
	struct wireMsg m;
	wireInit(&m, WIRE_ERROR);
	m.text = text;
	strcpy(m.code, "full");
	char buf[CHAT_WIRE_MAX];
	size_t len = irc ? ircRefusal(buf, sizeof(buf), text) : wireFormat(buf, sizeof(buf), &m);
	if (len && send(fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
		/* It is going anyway. */
	}
	/* Closing with unread input would reset the connection, and the
	 * notice could be lost: read what has come, and send a FIN. */
	shutdown(fd, SHUT_WR);
	for (int i = 0; i < 16 && recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0; i++) continue;
	close(fd);
	serverLog(LOG_INFO, _("%s refused: %s"), addr, text);
}

/* Out of descriptors: use the reserve to turn one newcomer away rather
 * than leave the listening socket ready forever. */
static void refuseNoFiles(int lfd, bool irc)
{
	if (reserveFd >= 0) close(reserveFd);
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd >= 0) serverRefuse(fd, irc, "?", "the server has run out of file descriptors");
	openReserve();
}

struct pending {
	struct pending *next;
	int fd;
	bool irc;
	socklen_t len;
	struct sockaddr_storage ss;
};

/* The accept loop only accepts; the admitter, one thread, starts the
 * clients' threads (admit), in the order they came.  Creating a thread
 * takes ten times as long as accepting, and a storm of connections
 * that waited for it overflowed the listen queue (net.core.somaxconn),
 * each dropped connection coming back only on its SYN's retry a second
 * later.  admitLock is a leaf. */
static pthread_mutex_t admitLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t admitWaiting = PTHREAD_COND_INITIALIZER;
static struct pending *admitHead, **admitTail = &admitHead;
static bool admitting;      /* the admitter runs; else the accept loop admits */

static void admit(struct pending *a, bool irc)
{
	struct sockaddr *sa = (struct sockaddr *)&a->ss;
	char addr[CHAT_ADDRNAME_MAX + 1];
	netAddrName(sa, a->len, addr, sizeof(addr));
	/* Near full, a place held by a socket that never finished a line
	 * goes to those who come to talk: one at a time, oldest first. */
	long threads = peerThreads();
	if (threads >= serverOpt.maxClients - serverOpt.maxClients / 10) roomDropSilent();
	if (threads >= serverOpt.maxClients) {
		serverRefuse(a->fd, irc, addr, "the server is full; try again later");
	} else if (!limitTake(addr)) {
		serverRefuse(a->fd, irc, addr, "too many connections from your address; try again later");
	} else if (!peerStart(a->fd, sa, a->len, irc)) {
		limitRelease(addr);
		serverRefuse(a->fd, irc, "?", "the server cannot take more clients now");
	}
}

static void *admitter(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&admitLock);
		while (!admitHead) pthread_cond_wait(&admitWaiting, &admitLock);
		struct pending *list = admitHead;
		admitHead = NULL;
		admitTail = &admitHead;
		pthread_mutex_unlock(&admitLock);
		while (list) {
			struct pending *a = list;
			list = a->next;
			admit(a, a->irc);
			free(a);
		}
	}
	return NULL;
}

static void startAdmitter(void)
{
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	sigset_t all, old;
	sigfillset(&all);
	/* Signals are the main thread's (and SIGUSR1 the peers'). */
	pthread_sigmask(SIG_BLOCK, &all, &old);
	pthread_t thread;
	admitting = !pthread_create(&thread, &attr, admitter, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
}

/* Accepts everyone waiting, handing each batch to the admitter; returns
 * false when we must back off. */
static bool acceptAll(int lfd, bool irc)
{
	enum { BATCH = 64 };
	for (;;) {
		struct pending *list = NULL, **tail = &list;
		size_t n = 0;
		int error = 0;
		while (n < BATCH) {
			struct pending *a = xmalloc(sizeof(*a));
			a->next = NULL;
			a->irc = irc;
			a->len = sizeof(a->ss);
			a->fd = accept4(lfd, (struct sockaddr *)&a->ss, &a->len,
			    SOCK_NONBLOCK | SOCK_CLOEXEC);
			if (a->fd >= 0) {
				*tail = a;
				tail = &a->next;
				n++;
				continue;
			}
			free(a);
			if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) continue;
			error = errno;
			break;
		}
		if (list && admitting) {
			pthread_mutex_lock(&admitLock);
			*admitTail = list;
			admitTail = tail;
			pthread_cond_signal(&admitWaiting);
			pthread_mutex_unlock(&admitLock);
		} else {
			while (list) {
				struct pending *a = list;
				list = a->next;
				admit(a, irc);
				free(a);
			}
		}
		if (!error) continue;
		if (error == EAGAIN || error == EWOULDBLOCK) return true;
		serverLog(LOG_ERROR, _("accept: %s"), strerror(error));
		if (error == EMFILE || error == ENFILE) refuseNoFiles(lfd, irc);
		return false;
	}
}

static void printPort(FILE *file, int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char addr[CHAT_ADDRNAME_MAX + 1];
	if (getsockname(fd, (struct sockaddr *)&ss, &len)) err(EX_OSERR, "getsockname");
	netAddrName((struct sockaddr *)&ss, len, addr, sizeof(addr));
	const char *port = strrchr(addr, ':');
	fprintf(file, "%s\n", port ? port + 1 : "0");
}

/* The line port, then the IRC port (ircFd >= 0), a line each. */
static void writePortFile(int lfd, int ircFd)
{
	/* A new file of our own beside it (mkstemp: O_EXCL, so never one
	 * planted there, nor a symbolic link), renamed into place whole. */
	size_t n = strlen(portFile) + 8;
	char *tmp = xmalloc(n);
	snprintf(tmp, n, "%s.XXXXXX", portFile);
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) err(EXIT_FAILURE, "%s", tmp);
	/* mkstemp makes it 0600; a port is no secret. */
	mode_t mask = umask(0);
	umask(mask);
	FILE *file = fdopen(fd, "w");
	if (!file || fchmod(fd, 0644 & ~mask)) err(EXIT_FAILURE, "%s", tmp);
	printPort(file, lfd);
	if (ircFd >= 0) printPort(file, ircFd);
	if (fclose(file)) err(EXIT_FAILURE, "%s", tmp);
	/* rename() would replace anything: as root, --port-file /dev/null
	 * made /dev/null a regular file. */
	struct stat st;
	if (!lstat(portFile, &st) && !S_ISREG(st.st_mode)) {
		unlink(tmp);
		errx(EXIT_FAILURE, "%s: %s", portFile, _("not a regular file"));
	}
	if (rename(tmp, portFile)) {
		int e = errno;
		unlink(tmp);
		errno = e;
		err(EXIT_FAILURE, "%s", portFile);
	}
	free(tmp);
}

static int listenAll(const char *host, const char *port, int *fds, int max)
{
	char error[256];
	int n = netListen(host, port, fds, max, error, sizeof(error));
	if (n <= 0) errx(EX_UNAVAILABLE, "%s", error);
	for (int i = 0; i < n; i++) {
		netNonblock(fds[i], true);
		netCloexec(fds[i]);
		if (listen(fds[i], SOMAXCONN)) err(EX_UNAVAILABLE, "listen");
		peerTuneListener(fds[i]);
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		char addr[CHAT_ADDRNAME_MAX + 1] = "?";
		if (!getsockname(fds[i], (struct sockaddr *)&ss, &len)) {
			netAddrName((struct sockaddr *)&ss, len, addr, sizeof(addr));
		}
		serverLog(LOG_INFO, _("listening on %s"), addr);
	}
	return n;
}

#ifdef HAVE_REDIS
/* --node's default: the host name and the port listened on. */
static void nodeName(int fd, char *buf, size_t size)
{
	char host[256] = "localhost";
	if (gethostname(host, sizeof(host) - 1)) strcpy(host, "localhost");
	host[sizeof(host) - 1] = '\0';
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char addr[CHAT_ADDRNAME_MAX + 1] = "";
	if (!getsockname(fd, (struct sockaddr *)&ss, &len)) {
		netAddrName((struct sockaddr *)&ss, len, addr, sizeof(addr));
	}
	const char *port = strrchr(addr, ':');
	snprintf(buf, size, "%s:%s", host, port ? port + 1 : "0");
}
#endif

/* Returns false when it is time to stop. */
static bool handleSignals(void)
{
	bool run = true;
	for (int sig; (sig = signalsNext());) {
		if (sig == SIGHUP) {
			historyReopen();
			gateLoad(true);
			opLoad(true);
			banLoad(true);
		} else if (sig == SIGUSR2) {
			roomLogRelay();
		} else {
			run = false;
		}
	}
	return run;
}

/* fds[i] for i >= nLine take IRC clients. */
static void loop(int *fds, int n, int nLine)
{
	struct pollfd pfds[LISTEN_MAX + 1];
	pfds[0] = (struct pollfd) { .fd = signalsFd(), .events = POLLIN };
	for (int i = 0; i < n; i++) pfds[i + 1] = (struct pollfd) { .fd = fds[i], .events = POLLIN };
	bool backoff = false;
	for (;;) {
		int ready = poll(pfds, backoff ? 1 : n + 1, backoff ? BACKOFF_MS : -1);
		if (ready < 0 && errno != EINTR) err(EX_OSERR, "poll");
		if (pfds[0].revents & POLLIN && !handleSignals()) return;
		if (backoff) {
			backoff = false;
			continue;
		}
		for (int i = 1; i <= n; i++) {
			if (pfds[i].revents & POLLIN && !acceptAll(pfds[i].fd, i > nLine)) {
				backoff = true;
			}
		}
	}
}

int main(int argc, char *argv[])
{
	utilInit(argv[0]);
	const char *host = CHAT_DEFAULT_HOST, *port = CHAT_DEFAULT_PORT;
	parseOptions(argc, argv, &host, &port);
	if (printFingerprint) {
		tlsSetup();
		if (!tlsFingerprint()) {
			errx(EX_CONFIG, "%s", _("this chat-server was built without TLS "
			    "(configure --disable-tls): it has no fingerprint"));
		}
		puts(tlsFingerprint());
		return fflush(stdout) || ferror(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
	}
	setupSignals();
	raiseFileLimit();
	roomInit();
	roomPasser();
	historyInit(serverOpt.history, serverOpt.logFile);
	tlsSetup();
	ownedLoad();
	gateLoad(false);
	opLoad(false);
	banLoad(false);
	if (tlsFingerprint())
		serverLog(LOG_INFO, _("TLS certificate fingerprint: %s"), tlsFingerprint());
	int fds[LISTEN_MAX];
	int n = listenAll(host, port, fds, LISTEN_MAX / 2), nLine = n;
	if (ircArg) {
		ircInit();
		n += listenAll(ircHost, ircPort, fds + n, LISTEN_MAX / 2);
		free(ircHost);
		free(ircPort);
	}
#ifdef HAVE_REDIS
	if (clusterOn()) {
		char name[300];
		nodeName(fds[0], name, sizeof(name));
		clusterStart(name);
	}
#endif
	/* Before the port file, which says the server is ready. */
	peerSpares();
	if (portFile) writePortFile(fds[0], ircArg ? fds[nLine] : -1);
	openReserve();
	startAdmitter();
	loop(fds, n, nLine);

	serverLog(LOG_INFO, _("shutting down"));
	for (int i = 0; i < n; i++) close(fds[i]);
	roomShutdown("server is shutting down");
	parkEnd();
	if (!peerWaitAll(SHUTDOWN_MS)) {
		long left = peerThreads();
		serverLog(LOG_ERROR, ngettext("%ld client did not finish in time",
		    "%ld clients did not finish in time", left), left);
		roomLogRelay();
		return EXIT_SUCCESS;
	}
	clusterStop();
	roomLogRelay();
	historyFree();
	gateFree();
	if (reserveFd >= 0) close(reserveFd);
	signalsClose();
	return EXIT_SUCCESS;
}
