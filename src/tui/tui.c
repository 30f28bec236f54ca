/* tui.c: chat-tui's start-up, options, signals and the one select() loop.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <langinfo.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sysexits.h>
#include <unistd.h>

#include "tui.h"

enum { SCROLLBACK_DEFAULT = 10000, SCROLLBACK_MAX = 1000000 };
enum { PASTE_MAX_DEFAULT = 10, PASTE_MAX_MAX = 1000000 };

struct tuiOptions tuiOpt = {
	.host = CHAT_DEFAULT_HOST,
	.port = CHAT_DEFAULT_PORT,
	.scrollback = SCROLLBACK_DEFAULT,
	.pasteMax = PASTE_MAX_DEFAULT,
	.ring = true,
	.color = true,
	.tls = true,
};
bool tuiUtf8;

static bool serve;
static bool printFingerprint;
static const char *passwordFile;

static void usage(void)
{
	/* TRANSLATORS: --help, first line; %s is the program's name. */
	printf(_("Usage: %s [OPTION]... [HOST [PORT]]\n"), utilProgname());
	puts(_("A chat client for the terminal: joins the chat-server at HOST:PORT."));
	/* TRANSLATORS: %s and %s are the default host and port. */
	printf(_("HOST defaults to %s and PORT to %s.\n"), CHAT_DEFAULT_HOST, CHAT_DEFAULT_PORT);
	puts(_("HOST may be a list, HOST1[:PORT1],HOST2[:PORT2]...: the servers of one\n"
	    "room, tried in turn when one fails."));
	puts("");
	puts(_("  -n, --nick=NAME        your name in the room (default: your login name)"));
	printf(_("  -s, --scrollback=N     keep N lines of scrollback (default: %d)\n"),
	    SCROLLBACK_DEFAULT);
	puts(_("  -l, --log=FILE         append the conversation to FILE"));
	puts(_("  -b, --no-bell          do not ring the bell when you are mentioned"));
	printf(_("      --paste-max=N      ask before sending a paste of more than N lines\n"
	    "                           (default: %d; 0: never ask)\n"), PASTE_MAX_DEFAULT);
	puts(_("      --no-color         no colours (so does the NO_COLOR variable)"));
	puts(_("  -S, --serve            start chat-server on HOST:PORT and join it"));
	puts(_("      --no-tls           join without encryption (the server must allow it)"));
	puts(_("      --password-file=FILE  the room's password is FILE's first line (else\n"
	    "                           chat-tui asks for it when the room has one)"));
	puts(_("  -c, --config=FILE      read options from FILE, not from\n"
	    "                         $XDG_CONFIG_HOME/chat-tui/config"));
	puts(_("      --highlight=WORD   count WORD as a mention too (repeatable)"));
	puts(_("      --notify=CMD       on a mention while you are away, run CMD NAME TEXT"));
	puts(_("      --mouse            the mouse wheel scrolls (text selection needs Shift)"));
	puts(_("      --fingerprint      print the fingerprint of your key, which owns your names"));
	puts(_("      --timestamp=FORMAT each line's time as strftime(3) FORMAT (default: %H:%M)"));
	puts(_("      --hide-joins[=smart]\n"
	    "                         hide joins and quits (M-j shows them); smart: only\n"
	    "                         those of people who did not speak lately"));
	puts(_("      --listen           line mode (see below) even on a terminal, and go on\n"
	    "                         listening after standard input ends (loggers, bots)"));
	utilHelpStandard();
	puts("");
	puts(_("When standard input or output is not a terminal, lines from standard\n"
	    "input are sent as they are and lines received are printed."));
	puts(_("See chat-tui(1) for the keys and commands."));
	/* TRANSLATORS: %s is the address (a URL) of the bug tracker. */
	printf(_("Report bugs to: %s\n"), PACKAGE_BUGREPORT);
	/* TRANSLATORS: %s is the address (a URL) of the project's home page. */
	printf(_("Home page: %s\n"), PACKAGE_URL);
}

static const char *loginName(void)
{
	const char *name = getenv("LOGNAME");
	if (!name || !*name) name = getenv("USER");
	if (!name || !*name) {
		struct passwd *pw = getpwuid(getuid());
		name = pw ? pw->pw_name : NULL;
	}
	return name;
}

enum { OPT_NO_COLOR = 256, OPT_PASTE_MAX, OPT_NO_TLS, OPT_HIGHLIGHT, OPT_NOTIFY, OPT_MOUSE,
	OPT_FINGERPRINT, OPT_TIMESTAMP, OPT_HIDE_JOINS, OPT_LISTEN, OPT_PASSWORD_FILE };
static const struct option longs[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "highlight", required_argument, NULL, OPT_HIGHLIGHT },
	{ "notify", required_argument, NULL, OPT_NOTIFY },
	{ "mouse", no_argument, NULL, OPT_MOUSE },
	{ "timestamp", required_argument, NULL, OPT_TIMESTAMP },
	{ "hide-joins", optional_argument, NULL, OPT_HIDE_JOINS },
	{ "listen", no_argument, NULL, OPT_LISTEN },
	{ "nick", required_argument, NULL, 'n' },
	{ "scrollback", required_argument, NULL, 's' },
	{ "log", required_argument, NULL, 'l' },
	{ "no-bell", no_argument, NULL, 'b' },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "paste-max", required_argument, NULL, OPT_PASTE_MAX },
	{ "serve", no_argument, NULL, 'S' },
	{ "no-tls", no_argument, NULL, OPT_NO_TLS },
	{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
	{ "fingerprint", no_argument, NULL, OPT_FINGERPRINT },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};
static const char shorts[] = "c:n:s:l:bShV";

/* An option from the command line or the configuration file. */
static void option(int c, const char *arg)
{
	long long n;
	switch (c) {
	case 'n':
		if (!wireNameValid(arg)) {
			/* TRANSLATORS: %s is the name given to --nick. */
			utilUsageError(_("invalid name '%s': use 1 to 16 letters, digits, '-' or '_', starting with a letter"), arg);
		}
		tuiOpt.nick = arg;
		tuiOpt.nickGiven = true;
		break;
	case 's':
		if (!utilParseNumber(arg, 1, SCROLLBACK_MAX, &n)) {
			/* TRANSLATORS: %s is what was given, %d the largest value. */
			utilUsageError(_("invalid scrollback '%s': give a number from 1 to %d"),
			    arg, SCROLLBACK_MAX);
		}
		tuiOpt.scrollback = n;
		break;
	case 'l': tuiOpt.log = arg; break;
	case 'b': tuiOpt.ring = false; break;
	case OPT_NO_COLOR: tuiOpt.color = false; break;
	case OPT_PASTE_MAX:
		if (!utilParseNumber(arg, 0, PASTE_MAX_MAX, &n)) {
			/* TRANSLATORS: %s is what was given, %d the largest value. */
			utilUsageError(_("invalid paste limit '%s': give a number from 0 to %d"),
			    arg, PASTE_MAX_MAX);
		}
		tuiOpt.pasteMax = n;
		break;
	case OPT_NO_TLS: tuiOpt.tls = false; break;
	case OPT_PASSWORD_FILE: passwordFile = arg; break;
	case OPT_FINGERPRINT: printFingerprint = true; break;
	case 'S': serve = true; break;
	case 'c': break;
	case OPT_HIGHLIGHT: namesHighlight(arg); break;
	case OPT_NOTIFY: tuiOpt.notify = arg; break;
	case OPT_MOUSE: tuiOpt.mouse = true; break;
	case OPT_LISTEN: tuiOpt.listen = true; break;
	case OPT_TIMESTAMP:
		if (strlen(arg) > 32) {
			/* TRANSLATORS: %s is what was given to --timestamp. */
			utilUsageError(_("invalid timestamp format '%s': at most 32 bytes"), arg);
		}
		entryStampFormat(arg);
		break;
	case OPT_HIDE_JOINS:
		if (!viewHideJoins(arg)) {
			/* TRANSLATORS: %s is what was given to --hide-joins; keep
			 * "all" and "smart" as they are. */
			utilUsageError(_("invalid --hide-joins '%s': give all or smart"), arg);
		}
		break;
	case CONFIG_HOST: tuiOpt.host = arg; break;
	case CONFIG_PORT: tuiOpt.port = arg; break;
	case 'h': usage(); exit(EXIT_SUCCESS);
	case 'V': utilVersion(); exit(EXIT_SUCCESS);
	default: utilTryHelp();
	}
}

/* The configuration file first (-c FILE, or the default), so that the
 * command line wins. */
static void parseArgs(int argc, char *argv[])
{
	const char *config = NULL;
	int c;
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (c == 'c') config = optarg;
		else if (c == '?' || c == 'h' || c == 'V') option(c, optarg);
	}
	configLoad(config, longs, option);
	optind = 0;
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) option(c, optarg);
	if (argc - optind > 2) utilUsageError(_("too many arguments"));
	if (optind < argc) tuiOpt.host = argv[optind++];
	if (optind < argc) tuiOpt.port = argv[optind++];
	if (!*tuiOpt.host || !*tuiOpt.port) utilUsageError(_("empty host or port"));
	if (strchr(tuiOpt.host, ',')) {
		if (serve) utilUsageError(_("--serve takes one host, not a list"));
		if (!connServers(tuiOpt.host, tuiOpt.port)) {
			/* TRANSLATORS: %s is the list of servers given. */
			utilUsageError(_("invalid server list '%s': give HOST[:PORT],HOST[:PORT]..."),
			    tuiOpt.host);
		}
	}
	if (!utilPortValid(tuiOpt.port, serve)) {
		/* TRANSLATORS: %s is the port given. */
		utilUsageError(_("invalid port '%s': give a number from 1 to 65535 or a service name"), tuiOpt.port);
	}
	const char *login = loginName();
	if (!tuiOpt.nick && login && wireNameValid(login)) tuiOpt.nick = login;
	/* Until the server says otherwise, for showing our own lines. */
	snprintf(namesSelf, sizeof(namesSelf), "%s", tuiOpt.nick ? tuiOpt.nick : login ? login : "me");
	const char *noColor = getenv("NO_COLOR");
	if (noColor && *noColor) tuiOpt.color = false;
}

#ifndef CHAT_SANITIZED
/* The sanitizers report crashes themselves. */
static void onCrash(int sig)
{
	uiCrashRestore();
	serveKill();
	signal(sig, SIG_DFL);
	raise(sig);
}
#endif

static void catchSignals(void)
{
	signalsInit();
	/* SIGCONT: a resize while we were stopped (Ctrl-Z) sent no SIGWINCH
	 * to us, so after fg the size is checked again. */
	static const int sigs[] = { SIGWINCH, SIGCONT, SIGINT, SIGTERM, SIGHUP, SIGCHLD };
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) signalsCatch(sigs[i], SA_RESTART);
	signal(SIGPIPE, SIG_IGN);
	/* Ctrl-\ would kill us with the terminal left in curses' modes; like
	 * irssi and WeeChat, ignore it. */
	signal(SIGQUIT, SIG_IGN);
#ifndef CHAT_SANITIZED
	/* Give the terminal back even when we crash. */
	struct sigaction crash = { .sa_handler = onCrash };
	sigemptyset(&crash.sa_mask);
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++) sigaction(fatal[i], &crash, NULL);
#endif
}

/* --fingerprint: what a server operator puts in --op or --allow. */
static void fingerprintPrint(void)
{
	char why[1024];
	if (!identityLoad(why, sizeof(why))) errx(EX_CANTCREAT, "%s", why);
	puts(identityFingerprint());
	identityFree();
	exit(EXIT_SUCCESS);
}

static void cleanup(void)
{
	uiHide();
	unreadSave();
	inputFree();
	connFree();
	uiFree();
	namesClear();
	namesFree();
	configFree();
	logClose();
	identityFree();
	passwordFree();
}

void tuiQuit(int status)
{
	exit(status);
}

static void onSignals(void)
{
	for (int sig; (sig = signalsNext());) {
		if (sig == SIGWINCH || sig == SIGCONT) uiResize();
		else if (sig == SIGINT) inputClear();
		else if (sig == SIGCHLD) serveReap();
		else tuiQuit(EXIT_SUCCESS);
	}
}

/* While the server floods us, draw at most this often (ms): a redraw
 * costs far more than a line, and nobody reads faster anyway. */
enum { DRAW_INTERVAL = 25 };

static void loop(void)
{
	int64_t lastDraw = 0, drawAt = -1;
	for (;;) {
		fd_set r, w;
		FD_ZERO(&r);
		FD_ZERO(&w);
		FD_SET(signalsFd(), &r);
		FD_SET(STDIN_FILENO, &r);
		int max = signalsFd();
		connFds(&r, &w, &max);
		struct timeval tv, *tvp = NULL;
		int64_t at = connDeadline();
		if (drawAt >= 0 && (at < 0 || drawAt < at)) at = drawAt;
		if (at >= 0) {
			int64_t ms = at - utilNow();
			if (ms < 0) ms = 0;
			tv.tv_sec = ms / 1000;
			tv.tv_usec = ms % 1000 * 1000;
			tvp = &tv;
		}
		if (select(max + 1, &r, &w, NULL, tvp) < 0) {
			if (errno != EINTR) err(EX_OSERR, "select");
			FD_ZERO(&r);
			FD_ZERO(&w);
		}
		if (FD_ISSET(signalsFd(), &r)) onSignals();
		if (FD_ISSET(STDIN_FILENO, &r)) {
			inputRead();
			/* What you type shows at once, before the lines waiting. */
			uiDraw();
			lastDraw = utilNow();
			drawAt = -1;
		}
		if (inputClosed()) tuiQuit(EXIT_SUCCESS);
		bool busy = connEvent(&r, &w, utilNow());
		logFlush();
		int64_t now = utilNow();
		if (busy && now - lastDraw < DRAW_INTERVAL) {
			drawAt = lastDraw + DRAW_INTERVAL;
		} else {
			uiDraw();
			lastDraw = now;
			drawAt = -1;
		}
	}
}

int main(int argc, char *argv[])
{
	utilInit(argv[0]);
	tuiUtf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	parseArgs(argc, argv);
	if (printFingerprint) fingerprintPrint();
	/* Read at once: a file that is not there is said before anything. */
	if (passwordFile) passwordLoad(passwordFile);
	char idWhy[1024] = "";
	bool anonymous = tuiOpt.tls && !identityLoad(idWhy, sizeof(idWhy));
	bool lineMode = tuiOpt.listen || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO);
	/* In line mode standard output is the log. */
	if (lineMode && tuiOpt.log) {
		utilUsageError(_("--log needs a terminal; without one, redirect the output"));
	}
	if (serve) serveStart(tuiOpt.host, &tuiOpt.port, &tuiOpt.pin);
	char anon[1200];
	/* TRANSLATORS: %s says why there is no key. */
	snprintf(anon, sizeof(anon), _("Joining without a key of your own, so no name can be yours: %s"), idWhy);
	if (anonymous && lineMode) warnx("%s", anon);
	if (lineMode) return linemodeRun();
	ignoreLoad();
	if (tuiOpt.log) logOpen(tuiOpt.log);
	catchSignals();
	atexit(cleanup);
	uiInit(tuiOpt.scrollback);
	inputInit();
	inputAfterResize();
	unreadLoad();
	if (!tuiUtf8) {
		uiPush(entryNotice(KIND_ERROR, "%s",
		    _("The locale's character set is not UTF-8: characters it cannot show appear as '?'.")));
	}
	if (anonymous) uiPush(entryNotice(KIND_ERROR, "%s", anon));
	connInit();
	loop();
}
