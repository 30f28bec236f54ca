/* vtrun.c: runs a program in a pseudo-terminal and checks its screen.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * usage: vtrun [-v] [-l LOG] [-s COLSxROWS] [-f SCRIPT] [ARGV...]
 *
 * The program runs under forkpty(3) with TERM=xterm-256color and
 * LC_ALL=C.UTF-8 (LINES and COLUMNS unset); libvterm plays the terminal,
 * answers its queries and keeps the screen.  The script (SCRIPT, or stdin)
 * has one command per line; blank lines and lines starting with # are
 * skipped.  Arguments are split on blanks; 'single' and "double" quotes
 * group them ("..." takes \" and \\).  Rows and columns count from 0; a
 * negative row counts from the bottom (-1 is the last row).  A row reads
 * as a person sees it: wide characters once, trailing blanks dropped.
 * REGEX is a POSIX extended regular expression.  MS is milliseconds.
 * -l LOG keeps the program's raw output in LOG; -v echoes each command.
 *
 *   size COLSxROWS        terminal size before spawn (default 80x24)
 *   env NAME=VALUE        set in the program's environment; env -NAME unsets
 *   spawn ARGV...         start the program (ARGV on the command line
 *                         starts it before the first other command)
 *   type TEXT             write TEXT (rest of the line) as typed; escapes
 *                         \n \r \t \e \\ \xNN
 *   paste TEXT            like type, inside bracketed-paste marks when the
 *                         program turned that mode on
 *   key KEY...            up down left right home end pageup pagedown
 *                         insert delete backspace enter tab escape f1-f12,
 *                         or one character; prefixes shift- ctrl- alt-;
 *                         a suffix *N repeats it (pageup*3)
 *   resize COLSxROWS      resize the terminal (the kernel sends SIGWINCH)
 *   signal NAME           send SIGNAME (TERM, HUP, INT...) to the program
 *   close                 close the terminal (the program gets SIGHUP)
 *   sh COMMAND            run /bin/sh -c COMMAND (stdin /dev/null) while
 *                         the screen keeps updating; fails unless it
 *                         exits 0 within 10 s
 *   sleep MS              discouraged: prefer a wait
 *   settle                wait until the program is quiet for 100 ms
 *   dump                  print the screen to stdout
 *   echo TEXT             print TEXT to stderr (a marker in the log)
 *   listen FILE           listen on 127.0.0.1, a free port written to
 *                         FILE, as a server that relays nothing: the
 *                         program's last connection is the peer
 *   feed TEXT             send TEXT (escapes as for type) to the peer,
 *                         waiting up to 5 s for it to connect
 *   hangup                close the connection to the peer
 *   capture-fg REGEX FILE write to FILE the foreground colour (palette
 *                         index, or "default") of the first cell of what
 *                         REGEX (its first group) matches, as capture does
 *   capture-attr REGEX FILE  the same with the attributes of that cell:
 *                         words among bold underline italic reverse, or none
 *   capture REGEX FILE    write to FILE, with a newline, what REGEX's
 *                         first group (or else REGEX) matches in the
 *                         lowest row it matches; fails when none does
 *
 * Checks: wait-X polls until X holds (or fails after MS, default 5000);
 * expect-X first lets the program settle, then checks once.  A wait on
 * the screen fails at once when the program has ended and gone quiet.
 * On failure vtrun prints the screen to stderr and exits 1.
 *
 *   wait|expect REGEX [MS]                 some row matches
 *   wait-gone|expect-gone REGEX [MS]       no row matches
 *   wait-row|expect-row ROW REGEX [MS]     that row matches
 *   wait-count|expect-count REGEX N [MS]   exactly N rows match
 *   wait-cursor|expect-cursor ROW COL [MS] the cursor is there
 *   wait-cursor-after|expect-cursor-after REGEX [MS]
 *                     the cursor is just after REGEX's match in the lowest
 *                     row it matches
 *   wait-attr|expect-attr ROW COL SPEC [MS]   the cell looks like SPEC
 *   wait-match-attr|expect-match-attr REGEX SPEC [MS]
 *                     every cell of what REGEX's first group (or else
 *                     REGEX) matches in the lowest row it matches looks
 *                     like SPEC
 *   wait-nocolor|expect-nocolor [MS]       no cell has a colour
 *   wait-title|expect-title REGEX [MS]     the window title (OSC 0/2)
 *   wait-bells|expect-bells N [MS]         N bells rang so far
 *   wait-modes|expect-modes MODES [MS]     MODES is a comma-separated list
 *                     of altscreen cursor (visible) paste (bracketed)
 *                     appcursor (application cursor keys) mouse focus
 *                     (focus events, CSI ?1004), each of
 *                     which may be negated with a leading '-'
 *   wait-tty|expect-tty FLAGS [MS]         the terminal's line discipline:
 *                     FLAGS is a comma-separated list of echo icanon icrnl
 *                     isig ixon opost, each of which may be negated
 *   wait-received|expect-received REGEX [MS]  the peer (see listen) has
 *                     sent a line that matches; both wait
 *   wait-restored|expect-restored [MS]     the terminal is as it was:
 *                     normal screen, cursor visible, bracketed paste,
 *                     application cursor keys, mouse reporting and focus
 *                     events off
 *   wait-exit|expect-exit STATUS [MS]      the program ended with exit
 *                     status STATUS, or by signal STATUS (TERM, KILL...),
 *                     or "any"; both wait
 *   wait-file|expect-file PATH [MS]        PATH exists and is not empty
 *                     (another process says it is done); both wait
 *   wait-alone|expect-alone [MS]           no process started by vtrun
 *                     (or orphaned by one) is still running; both wait
 *
 * SPEC is a comma-separated list of bold underline italic blink reverse
 * strike color (a non-default colour), each of which may be negated with
 * a leading '-', and fg=N, bg=N (palette index) or fg=default, bg=default.
 *
 * Exit status: 0 when every check held, 1 when one failed, 2 for a bad
 * script, 99 when a system call failed.  VTRUN_TIMEOUT_SCALE multiplies
 * every timeout (for slow builds under valgrind).  Whatever vtrun started
 * is killed before it exits: SIGTERM, then SIGKILL after a second.
 */
#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <pty.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <vterm.h>

enum { EXIT_CHECK = 1, EXIT_SCRIPT = 2, EXIT_HARD = 99 };
enum { DEFAULT_TIMEOUT = 5000, SH_TIMEOUT = 10000, QUIET = 100 };
enum { MAXARGS = 64, MAXENV = 32, ROWMAX = 4096 };

static bool verbose;
static FILE *rawLog;
static double timeScale = 1.0;
static const char *scriptName = "-";
static int lineno;
static const char *lineText = "";

static int rows = 24, cols = 80;
static VTerm *vt;
static VTermScreen *screen;
static int master = -1;
static int slave = -1;          /* keeps the tty's modes after the program ends */
static bool masterEOF;
static pid_t child = -1;
static bool childDone;
static int childStatus;
static pid_t shPid = -1;
static bool shDone;
static int shStatus;
static char **spawnArgv;

static char *envSet[MAXENV];
static int envCount;

static struct {
	bool altscreen, cursorHidden;
	char title[256];
	int bells;
} term;

/* Private modes vterm keeps to itself, read from the program's output. */
static struct {
	int state;
	long param, params[8];
	int nparams;
	bool paste, appCursor, mouse, focus;
} modes;

static char *out;
static size_t outLen, outCap;

/* A server of our own for the program to connect to: nothing between
 * what we feed it and its screen. */
static struct {
	int listenFd, peerFd;
	char *in;               /* what it sent us */
	size_t inLen, inCap;
} fake = { -1, -1, NULL, 0, 0 };

static volatile sig_atomic_t stopSignal;

static int64_t now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int scaled(long ms)
{
	double v = ms * timeScale;
	return v > INT_MAX ? INT_MAX : (int)v;
}

static void hardError(const char *what)
{
	fprintf(stderr, "vtrun: %s: %s\n", what, strerror(errno));
	exit(EXIT_HARD);
}

static void scriptError(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
static void scriptError(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "vtrun: %s:%d: ", scriptName, lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_SCRIPT);
}

/* Output to the program: keys from vterm, typed text, query answers. */
static void outAppend(const char *s, size_t len)
{
	if (outLen + len > outCap) {
		outCap = (outLen + len) * 2 + 256;
		out = realloc(out, outCap);
		if (!out) hardError("realloc");
	}
	memcpy(out + outLen, s, len);
	outLen += len;
}

static void outFlush(void)
{
	if (master < 0 || masterEOF) {
		outLen = 0;
		return;
	}
	while (outLen) {
		ssize_t n = write(master, out, outLen);
		if (n < 0) {
			if (errno == EINTR) continue;
			if (errno == EAGAIN) return;
			outLen = 0;
			return;
		}
		memmove(out, out + n, outLen - n);
		outLen -= n;
	}
}

static void onOutput(const char *s, size_t len, void *user)
{
	(void)user;
	outAppend(s, len);
}

static void modeSet(long mode, bool on)
{
	if (mode == 2004) modes.paste = on;
	if (mode == 1) modes.appCursor = on;
	if (mode == 1004) modes.focus = on;
	else if (mode >= 1000 && mode <= 1006) modes.mouse = on;
}

/* Follows ESC [ ? Pn ; ... h|l in the program's output. */
static void modesScan(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];
		switch (modes.state) {
		case 0: if (c == 0x1b) modes.state = 1; break;
		case 1: modes.state = c == '[' ? 2 : c == 0x1b; break;
		case 2:
			modes.state = c == '?' ? 3 : c == 0x1b;
			modes.param = 0;
			modes.nparams = 0;
			break;
		case 3:
			if (isdigit(c)) {
				modes.param = modes.param * 10 + (c - '0');
				if (modes.param > 100000) modes.param = 100000;
				break;
			}
			if (modes.nparams < 8) modes.params[modes.nparams++] = modes.param;
			modes.param = 0;
			if (c == ';') break;
			if (c == 'h' || c == 'l')
				for (int j = 0; j < modes.nparams; j++)
					modeSet(modes.params[j], c == 'h');
			modes.state = c == 0x1b;
			break;
		}
	}
}

static int onTermProp(VTermProp prop, VTermValue *val, void *user)
{
	(void)user;
	switch (prop) {
	case VTERM_PROP_ALTSCREEN: term.altscreen = val->boolean; break;
	case VTERM_PROP_CURSORVISIBLE: term.cursorHidden = !val->boolean; break;
	case VTERM_PROP_TITLE:
		snprintf(term.title, sizeof(term.title), "%s", val->string);
		break;
	default: break;
	}
	return 1;
}

static int onBell(void *user)
{
	(void)user;
	term.bells++;
	return 1;
}

static const VTermScreenCallbacks screenCallbacks = {
	.settermprop = onTermProp,
	.bell = onBell,
};

static void onSignal(int sig)
{
	stopSignal = sig;
}

/* Records the exit of our processes; reaps orphans handed to us. */
static void reap(void)
{
	int status;
	pid_t pid;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == child) {
			childDone = true;
			childStatus = status;
		} else if (pid == shPid) {
			shDone = true;
			shStatus = status;
		}
	}
}

static bool readMaster(void)
{
	char buf[65536];
	bool got = false;
	for (;;) {
		ssize_t n = read(master, buf, sizeof(buf));
		if (n < 0 && errno == EINTR) continue;
		if (n < 0 && errno == EAGAIN) break;
		if (n <= 0) {
			masterEOF = true;
			outLen = 0;
			break;
		}
		got = true;
		if (rawLog) fwrite(buf, 1, n, rawLog);
		modesScan(buf, n);
		vterm_input_write(vt, buf, n);
	}
	if (got) vterm_screen_flush_damage(screen);
	outFlush();
	return got;
}

static void fakeAccept(void)
{
	int fd = accept4(fake.listenFd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0) return;
	if (fake.peerFd >= 0) close(fake.peerFd);
	fake.peerFd = fd;
}

static void fakeRead(void)
{
	char buf[4096];
	ssize_t n = read(fake.peerFd, buf, sizeof(buf));
	if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
	if (n <= 0) {
		close(fake.peerFd);
		fake.peerFd = -1;
		return;
	}
	if (fake.inLen + n + 1 > fake.inCap) {
		fake.inCap = (fake.inLen + n + 1) * 2;
		fake.in = realloc(fake.in, fake.inCap);
		if (!fake.in) hardError("realloc");
	}
	memcpy(fake.in + fake.inLen, buf, n);
	fake.inLen += n;
	fake.in[fake.inLen] = '\0';
}

/* Waits until the program writes something or the deadline passes;
 * returns whether it wrote. */
static bool pump(int64_t deadline)
{
	int64_t left = deadline - now();
	int ms = left < 0 ? 0 : left > 50 ? 50 : (int)left;
	bool got = false;
	struct pollfd p[3] = {
		{ .fd = master < 0 || masterEOF ? -1 : master, .events = POLLIN },
		{ .fd = fake.listenFd, .events = POLLIN },
		{ .fd = fake.peerFd, .events = POLLIN },
	};

	reap();
	if (outLen) p[0].events |= POLLOUT;
	int n = poll(p, 3, ms);
	if (n < 0 && errno != EINTR) hardError("poll");
	if (n > 0 && (p[0].revents & POLLOUT)) outFlush();
	if (n > 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR)))
		got = readMaster();
	if (n > 0 && p[2].revents) fakeRead();
	if (n > 0 && p[1].revents) fakeAccept();
	if (stopSignal) {
		fprintf(stderr, "vtrun: stopped by signal %d\n", (int)stopSignal);
		exit(EXIT_CHECK);
	}
	reap();
	return got;
}

/* Lets the program finish drawing: QUIET ms without output. */
static void settle(int timeout)
{
	int64_t end = now() + timeout;
	int64_t quietUntil = now() + scaled(QUIET);
	while (now() < end && now() < quietUntil) {
		if (pump(quietUntil < end ? quietUntil : end))
			quietUntil = now() + scaled(QUIET);
	}
}

static void screenSize(int *r, int *c)
{
	if (vt) {
		vterm_get_size(vt, r, c);
	} else {
		*r = rows;
		*c = cols;
	}
}

static size_t utf8Put(char *dst, uint32_t cp)
{
	if (cp < 0x80) {
		dst[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		dst[0] = 0xc0 | cp >> 6;
		dst[1] = 0x80 | (cp & 0x3f);
		return 2;
	}
	if (cp < 0x10000) {
		dst[0] = 0xe0 | cp >> 12;
		dst[1] = 0x80 | (cp >> 6 & 0x3f);
		dst[2] = 0x80 | (cp & 0x3f);
		return 3;
	}
	if (cp > 0x10ffff) cp = 0xfffd;
	dst[0] = 0xf0 | cp >> 18;
	dst[1] = 0x80 | (cp >> 12 & 0x3f);
	dst[2] = 0x80 | (cp >> 6 & 0x3f);
	dst[3] = 0x80 | (cp & 0x3f);
	return 4;
}

/* The text of a row as a person reads it; colAt[i] is the column of the
 * cell that byte i belongs to.  Returns false for a row off the screen. */
static bool rowText(int row, char *buf, size_t size, int *colAt)
{
	int nrows, ncols;
	size_t len = 0, keep = 0;
	screenSize(&nrows, &ncols);
	if (row < 0) row += nrows;
	buf[0] = '\0';
	if (row < 0 || row >= nrows) return false;
	if (!vt) return true;
	for (int col = 0; col < ncols; col++) {
		VTermScreenCell cell;
		vterm_screen_get_cell(screen, (VTermPos){ row, col }, &cell);
		if (cell.chars[0] == (uint32_t)-1) continue;
		char u[4 * VTERM_MAX_CHARS_PER_CELL];
		size_t n = 0;
		if (!cell.chars[0]) u[n++] = ' ';
		for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i]; i++)
			n += utf8Put(u + n, cell.chars[i]);
		if (len + n + 1 > size) break;
		for (size_t i = 0; i < n; i++) {
			if (colAt) colAt[len + i] = col;
		}
		memcpy(buf + len, u, n);
		len += n;
		if (cell.chars[0] && cell.chars[0] != ' ') keep = len;
		if (cell.width == 2) col++;
	}
	buf[keep] = '\0';
	return true;
}

static void printScreen(FILE *f)
{
	int nrows, ncols;
	char buf[ROWMAX];
	screenSize(&nrows, &ncols);
	for (int r = 0; r < nrows; r++) {
		rowText(r, buf, sizeof(buf), NULL);
		fprintf(f, "%3d %3d|%s\n", r, r - nrows, buf);
	}
	VTermPos pos = { 0, 0 };
	if (vt) vterm_state_get_cursorpos(vterm_obtain_state(vt), &pos);
	fprintf(f, "size %dx%d, cursor %d %d%s%s%s%s%s%s, title '%s', bells %d\n",
	    ncols, nrows, pos.row, pos.col,
	    term.cursorHidden ? " (hidden)" : "",
	    term.altscreen ? ", alternate screen" : "",
	    modes.paste ? ", bracketed paste" : "",
	    modes.appCursor ? ", application cursor keys" : "",
	    modes.mouse ? ", mouse" : "",
	    modes.focus ? ", focus events" : "",
	    term.title, term.bells);
}

static void checkFailed(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
static void checkFailed(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fprintf(stderr, "vtrun: %s:%d: %s: ", scriptName, lineno, lineText);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	printScreen(stderr);
	exit(EXIT_CHECK);
}

/* Processes: everything we started, and what it left behind. */
struct proc {
	pid_t pid, ppid;
};

/* The processes running; with zombies, those not yet reaped too. */
static int procList(struct proc **list, bool zombies)
{
	DIR *d = opendir("/proc");
	int n = 0, cap = 0;
	struct dirent *e;
	*list = NULL;
	if (!d) return 0;
	while ((e = readdir(d))) {
		char path[300], buf[512];
		if (!isdigit((unsigned char)e->d_name[0])) continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		FILE *f = fopen(path, "r");
		if (!f) continue;
		size_t len = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[len] = '\0';
		char *p = strrchr(buf, ')');
		char st;
		int ppid;
		if (!p || sscanf(p + 1, " %c %d", &st, &ppid) != 2 || (st == 'Z' && !zombies))
			continue;
		if (n == cap) {
			cap = cap * 2 + 64;
			*list = realloc(*list, cap * sizeof(**list));
			if (!*list) hardError("realloc");
		}
		(*list)[n++] = (struct proc){ atoi(e->d_name), ppid };
	}
	closedir(d);
	return n;
}

/* Puts our descendants in pids (at most max); returns how many. */
static int descendants(pid_t *pids, int max, bool zombies)
{
	struct proc *list;
	int n = procList(&list, zombies), found = 0;
	bool grew = true;
	while (grew) {
		grew = false;
		for (int i = 0; i < n; i++) {
			bool ours = list[i].ppid == getpid();
			for (int j = 0; j < found && !ours; j++)
				ours = list[i].ppid == pids[j];
			for (int j = 0; j < found && ours; j++)
				ours = list[i].pid != pids[j];
			if (ours && found < max) {
				pids[found++] = list[i].pid;
				grew = true;
			}
		}
	}
	free(list);
	return found;
}

static void killAll(void)
{
	pid_t pids[256];
	int n;
	if (child > 0 && !childDone) kill(child, SIGTERM);
	n = descendants(pids, 256, false);
	for (int i = 0; i < n; i++) kill(pids[i], SIGTERM);
	int64_t end = now() + 1000;
	while (now() < end) {
		if (master >= 0 && !masterEOF) {
			char buf[4096];
			while (read(master, buf, sizeof(buf)) > 0) {}
		}
		reap();
		n = descendants(pids, 256, true);
		if (verbose) fprintf(stderr, "vtrun: %d processes left\n", n);
		if (!n) return;
		poll(NULL, 0, 10);
	}
	n = descendants(pids, 256, false);
	for (int i = 0; i < n; i++) kill(pids[i], SIGKILL);
	end = now() + 1000;
	while (now() < end && descendants(pids, 256, true)) {
		reap();
		poll(NULL, 0, 10);
	}
}

static void cleanup(void)
{
	killAll();
	if (vt) vterm_free(vt);
	vt = NULL;
	free(out);
	out = NULL;
}

/* Script text. */

static int unescape(char *dst, const char *src)
{
	size_t n = 0;
	while (*src) {
		if (*src != '\\') {
			dst[n++] = *src++;
			continue;
		}
		src++;
		switch (*src) {
		case 'n': dst[n++] = '\n'; break;
		case 'r': dst[n++] = '\r'; break;
		case 't': dst[n++] = '\t'; break;
		case 'e': dst[n++] = 0x1b; break;
		case '\\': dst[n++] = '\\'; break;
		case 'x':
			if (isxdigit((unsigned char)src[1]) && isxdigit((unsigned char)src[2])) {
				char hex[3] = { src[1], src[2], '\0' };
				dst[n++] = (char)strtol(hex, NULL, 16);
				src += 2;
				break;
			}
			scriptError("bad \\x escape");
		default: scriptError("unknown escape \\%c", *src ? *src : '0');
		}
		src++;
	}
	return n;
}

static int split(char *s, char **argv)
{
	int argc = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t') s++;
		if (!*s) break;
		if (argc == MAXARGS) scriptError("too many arguments");
		char *dst = s;
		argv[argc++] = dst;
		while (*s && *s != ' ' && *s != '\t') {
			char q = *s;
			if (q != '\'' && q != '"') {
				*dst++ = *s++;
				continue;
			}
			s++;
			while (*s && *s != q) {
				if (q == '"' && *s == '\\' && (s[1] == '"' || s[1] == '\\')) s++;
				*dst++ = *s++;
			}
			if (!*s) scriptError("unterminated quote");
			s++;
		}
		if (*s) s++;
		*dst = '\0';
	}
	argv[argc] = NULL;
	return argc;
}

static long number(const char *s, long min, long max)
{
	char *end;
	errno = 0;
	long n = strtol(s, &end, 10);
	if (!*s || *end || errno || n < min || n > max)
		scriptError("bad number: %s", s);
	return n;
}

static void parseSize(const char *s, int *c, int *r)
{
	if (sscanf(s, "%dx%d", c, r) != 2 || *c < 0 || *r < 0 || *c > 1000 || *r > 1000)
		scriptError("bad size (COLSxROWS): %s", s);
}

static int lookupSignal(const char *name)
{
	static const struct {
		const char *name;
		int sig;
	} sigs[] = {
		{ "CONT", SIGCONT }, { "HUP", SIGHUP }, { "INT", SIGINT },
		{ "KILL", SIGKILL }, { "QUIT", SIGQUIT }, { "STOP", SIGSTOP },
		{ "TERM", SIGTERM }, { "TSTP", SIGTSTP }, { "USR1", SIGUSR1 },
		{ "USR2", SIGUSR2 }, { "WINCH", SIGWINCH }, { "PIPE", SIGPIPE },
		{ "SEGV", SIGSEGV }, { "ABRT", SIGABRT }, { "BUS", SIGBUS },
	};
	if (!strncmp(name, "SIG", 3)) name += 3;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++)
		if (!strcmp(sigs[i].name, name)) return sigs[i].sig;
	return 0;
}

/* Checks: each fills why and returns whether it holds. */

struct check {
	char **argv;
	char why[ROWMAX + 128];
};

static void compile(regex_t *re, const char *pattern, int flags)
{
	int e = regcomp(re, pattern, REG_EXTENDED | flags);
	if (e) {
		char msg[256];
		regerror(e, re, msg, sizeof(msg));
		scriptError("bad regex %s: %s", pattern, msg);
	}
}

/* The lowest row matching re from row 0 on, or -1. */
static int findRow(regex_t *re, char *buf, int *colAt, regmatch_t *m)
{
	int nrows, ncols, found = -1;
	static char tmp[ROWMAX];
	static int tmpCol[ROWMAX];
	screenSize(&nrows, &ncols);
	for (int r = 0; r < nrows; r++) {
		rowText(r, tmp, sizeof(tmp), tmpCol);
		if (regexec(re, tmp, 1, m, 0)) continue;
		found = r;
		if (buf) memcpy(buf, tmp, sizeof(tmp));
		if (colAt) memcpy(colAt, tmpCol, sizeof(tmpCol));
	}
	if (found >= 0 && buf) regexec(re, buf, 1, m, 0);
	return found;
}

static bool checkScreen(struct check *c)
{
	regex_t re;
	regmatch_t m;
	compile(&re, c->argv[0], 0);
	int row = findRow(&re, NULL, NULL, &m);
	regfree(&re);
	snprintf(c->why, sizeof(c->why), "no row matches");
	return row >= 0;
}

static bool checkGone(struct check *c)
{
	regex_t re;
	regmatch_t m;
	compile(&re, c->argv[0], 0);
	int row = findRow(&re, NULL, NULL, &m);
	regfree(&re);
	snprintf(c->why, sizeof(c->why), "row %d matches", row);
	return row < 0;
}

static bool checkRow(struct check *c)
{
	char buf[ROWMAX];
	regex_t re;
	int row = number(c->argv[0], -1000, 1000);
	compile(&re, c->argv[1], REG_NOSUB);
	bool on = rowText(row, buf, sizeof(buf), NULL);
	bool ok = on && !regexec(&re, buf, 0, NULL, 0);
	regfree(&re);
	snprintf(c->why, sizeof(c->why), on ? "row %d is '%s'" : "no row %d",
	    row, buf);
	return ok;
}

static void absPos(int *row, int *col)
{
	int nrows, ncols;
	screenSize(&nrows, &ncols);
	if (*row < 0) *row += nrows;
	if (*col < 0) *col += ncols;
}

static bool checkCursor(struct check *c)
{
	int row = number(c->argv[0], -1000, 1000);
	int col = number(c->argv[1], -1000, 1000);
	VTermPos pos = { -1, -1 };
	absPos(&row, &col);
	if (vt) vterm_state_get_cursorpos(vterm_obtain_state(vt), &pos);
	snprintf(c->why, sizeof(c->why), "the cursor is at %d %d", pos.row, pos.col);
	return pos.row == row && pos.col == col;
}

static bool checkCursorAfter(struct check *c)
{
	static char buf[ROWMAX];
	static int colAt[ROWMAX];
	regex_t re;
	regmatch_t m;
	VTermPos pos = { -1, -1 };
	compile(&re, c->argv[0], 0);
	int row = findRow(&re, buf, colAt, &m);
	regfree(&re);
	if (vt) vterm_state_get_cursorpos(vterm_obtain_state(vt), &pos);
	if (row < 0) return snprintf(c->why, sizeof(c->why), "no row matches"), false;
	int col = 0;
	if (m.rm_eo > 0) {
		VTermScreenCell cell;
		col = colAt[m.rm_eo - 1];
		vterm_screen_get_cell(screen, (VTermPos){ row, col }, &cell);
		col += cell.width;
	}
	snprintf(c->why, sizeof(c->why), "the cursor is at %d %d, not %d %d",
	    pos.row, pos.col, row, col);
	return pos.row == row && pos.col == col;
}

static bool colorIs(const VTermColor *color, bool fg, const char *want)
{
	bool isDefault = fg ? VTERM_COLOR_IS_DEFAULT_FG(color) : VTERM_COLOR_IS_DEFAULT_BG(color);
	if (!strcmp(want, "default")) return isDefault;
	return !isDefault && VTERM_COLOR_IS_INDEXED(color) &&
	    color->indexed.idx == number(want, 0, 255);
}

static bool hasColor(const VTermScreenCell *cell)
{
	return !VTERM_COLOR_IS_DEFAULT_FG(&cell->fg) || !VTERM_COLOR_IS_DEFAULT_BG(&cell->bg);
}

/* Whether the cell looks like every item of the SPEC list. */
static bool cellIs(int row, int col, const char *spec, char *why, size_t size)
{
	VTermScreenCell cell;
	char list[256];
	if (!vt) return snprintf(why, size, "nothing runs"), false;
	vterm_screen_get_cell(screen, (VTermPos){ row, col }, &cell);
	snprintf(list, sizeof(list), "%s", spec);
	for (char *item = strtok(list, ","); item; item = strtok(NULL, ",")) {
		bool want = *item != '-';
		const char *name = want ? item : item + 1;
		bool have;
		if (!strcmp(name, "bold")) have = cell.attrs.bold;
		else if (!strcmp(name, "underline")) have = cell.attrs.underline;
		else if (!strcmp(name, "italic")) have = cell.attrs.italic;
		else if (!strcmp(name, "blink")) have = cell.attrs.blink;
		else if (!strcmp(name, "reverse")) have = cell.attrs.reverse;
		else if (!strcmp(name, "strike")) have = cell.attrs.strike;
		else if (!strcmp(name, "color")) have = hasColor(&cell);
		else if (!strncmp(name, "fg=", 3)) have = colorIs(&cell.fg, true, name + 3);
		else if (!strncmp(name, "bg=", 3)) have = colorIs(&cell.bg, false, name + 3);
		else scriptError("unknown attribute %s", name);
		if (have != want) {
			snprintf(why, size, "cell %d %d is not %s (bold %d underline %d "
			    "reverse %d fg %s%d bg %s%d)", row, col, item,
			    cell.attrs.bold, cell.attrs.underline, cell.attrs.reverse,
			    VTERM_COLOR_IS_DEFAULT_FG(&cell.fg) ? "default/" : "",
			    cell.fg.indexed.idx,
			    VTERM_COLOR_IS_DEFAULT_BG(&cell.bg) ? "default/" : "",
			    cell.bg.indexed.idx);
			return false;
		}
	}
	return true;
}

static bool checkAttr(struct check *c)
{
	int row = number(c->argv[0], -1000, 1000);
	int col = number(c->argv[1], -1000, 1000);
	absPos(&row, &col);
	return cellIs(row, col, c->argv[2], c->why, sizeof(c->why));
}

static bool checkMatchAttr(struct check *c)
{
	static char buf[ROWMAX];
	static int colAt[ROWMAX];
	regex_t re;
	regmatch_t m[2];
	compile(&re, c->argv[0], 0);
	int row = findRow(&re, buf, colAt, m);
	if (row >= 0) regexec(&re, buf, 2, m, 0);
	regfree(&re);
	if (row < 0) return snprintf(c->why, sizeof(c->why), "no row matches"), false;
	regmatch_t *g = m[1].rm_so >= 0 ? &m[1] : &m[0];
	for (regoff_t i = g->rm_so; i < g->rm_eo; i++) {
		if (!cellIs(row, colAt[i], c->argv[1], c->why, sizeof(c->why)))
			return false;
	}
	return true;
}

static bool checkNoColor(struct check *c)
{
	int nrows, ncols;
	screenSize(&nrows, &ncols);
	for (int r = 0; vt && r < nrows; r++) {
		for (int col = 0; col < ncols; col++) {
			VTermScreenCell cell;
			vterm_screen_get_cell(screen, (VTermPos){ r, col }, &cell);
			if (!hasColor(&cell)) continue;
			snprintf(c->why, sizeof(c->why), "cell %d %d has a colour", r, col);
			return false;
		}
	}
	return true;
}

static bool checkCount(struct check *c)
{
	int nrows, ncols, n = 0;
	char buf[ROWMAX];
	regex_t re;
	int want = number(c->argv[1], 0, 1000);
	compile(&re, c->argv[0], REG_NOSUB);
	screenSize(&nrows, &ncols);
	for (int r = 0; r < nrows; r++) {
		rowText(r, buf, sizeof(buf), NULL);
		n += !regexec(&re, buf, 0, NULL, 0);
	}
	regfree(&re);
	snprintf(c->why, sizeof(c->why), "%d rows match", n);
	return n == want;
}

static bool checkFile(struct check *c)
{
	FILE *f = fopen(c->argv[0], "r");
	bool ok = f && getc(f) != EOF;
	if (f) fclose(f);
	snprintf(c->why, sizeof(c->why), "%s is missing or empty", c->argv[0]);
	return ok;
}

static bool checkReceived(struct check *c)
{
	regex_t re;
	bool ok = false;
	compile(&re, c->argv[0], REG_NOSUB);
	for (char *line = fake.in; line && *line && !ok;) {
		char *end = strchr(line, '\n');
		if (!end) break;
		*end = '\0';
		ok = !regexec(&re, line, 0, NULL, 0);
		*end = '\n';
		line = end + 1;
	}
	regfree(&re);
	snprintf(c->why, sizeof(c->why), "no line received matches");
	return ok;
}

static bool checkTitle(struct check *c)
{
	regex_t re;
	compile(&re, c->argv[0], REG_NOSUB);
	bool ok = !regexec(&re, term.title, 0, NULL, 0);
	regfree(&re);
	snprintf(c->why, sizeof(c->why), "the title is '%s'", term.title);
	return ok;
}

static bool checkBells(struct check *c)
{
	int want = number(c->argv[0], 0, INT_MAX);
	snprintf(c->why, sizeof(c->why), "%d bells rang", term.bells);
	return term.bells == want;
}

static bool checkRestored(struct check *c)
{
	const char *bad = term.altscreen ? "still on the alternate screen"
	    : term.cursorHidden ? "the cursor is hidden"
	    : modes.paste ? "bracketed paste is on"
	    : modes.appCursor ? "application cursor keys are on"
	    : modes.mouse ? "mouse reporting is on"
	    : modes.focus ? "focus events are on" : NULL;
	snprintf(c->why, sizeof(c->why), "%s", bad ? bad : "");
	return !bad;
}

static bool checkModes(struct check *c)
{
	const struct {
		const char *name;
		bool on;
	} now[] = {
		{ "altscreen", term.altscreen }, { "appcursor", modes.appCursor },
		{ "cursor", !term.cursorHidden }, { "focus", modes.focus },
		{ "mouse", modes.mouse }, { "paste", modes.paste },
	};
	char list[256];
	snprintf(list, sizeof(list), "%s", c->argv[0]);
	for (char *item = strtok(list, ","); item; item = strtok(NULL, ",")) {
		bool want = *item != '-';
		const char *name = want ? item : item + 1;
		size_t i = 0;
		while (i < sizeof(now) / sizeof(*now) && strcmp(now[i].name, name)) i++;
		if (i == sizeof(now) / sizeof(*now)) scriptError("unknown mode %s", name);
		if (now[i].on == want) continue;
		snprintf(c->why, sizeof(c->why), "%s is %s", name, want ? "off" : "on");
		return false;
	}
	return true;
}

/* The line discipline's modes, as the program left them. */
static bool checkTty(struct check *c)
{
	static const struct {
		const char *name;
		int which;      /* 0 c_iflag, 1 c_oflag, 2 c_lflag */
		tcflag_t flag;
	} flags[] = {
		{ "echo", 2, ECHO }, { "icanon", 2, ICANON }, { "icrnl", 0, ICRNL },
		{ "isig", 2, ISIG }, { "ixon", 0, IXON }, { "opost", 1, OPOST },
	};
	struct termios t;
	char list[256];
	if (slave < 0 || tcgetattr(slave, &t) < 0) return snprintf(c->why, sizeof(c->why), "no terminal to ask"), false;
	snprintf(list, sizeof(list), "%s", c->argv[0]);
	for (char *item = strtok(list, ","); item; item = strtok(NULL, ",")) {
		bool want = *item != '-';
		const char *flag = want ? item : item + 1;
		size_t i = 0;
		while (i < sizeof(flags) / sizeof(*flags) && strcmp(flags[i].name, flag)) i++;
		if (i == sizeof(flags) / sizeof(*flags)) scriptError("unknown tty flag %s", flag);
		tcflag_t set = flags[i].which == 0 ? t.c_iflag
		    : flags[i].which == 1 ? t.c_oflag : t.c_lflag;
		if (!(set & flags[i].flag) == !want) continue;
		snprintf(c->why, sizeof(c->why), "%s is %s", flag, want ? "off" : "on");
		return false;
	}
	return true;
}

static bool exitIs(int status, const char *want)
{
	if (!strcmp(want, "any")) return true;
	if (isdigit((unsigned char)*want))
		return WIFEXITED(status) && WEXITSTATUS(status) == number(want, 0, 255);
	int sig = lookupSignal(want);
	if (!sig) scriptError("unknown signal %s", want);
	return WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

static void describeStatus(char *buf, size_t size, int status)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exit status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, size, "status %#x", status);
}

static bool checkExit(struct check *c)
{
	if (child < 0) scriptError("nothing was spawned");
	if (!childDone) {
		snprintf(c->why, sizeof(c->why), "it is still running");
		return false;
	}
	/* Its last words are still on their way through the terminal. */
	int64_t end = now() + scaled(1000);
	while (!masterEOF && pump(end)) {}
	char st[64];
	describeStatus(st, sizeof(st), childStatus);
	snprintf(c->why, sizeof(c->why), "it ended with %s", st);
	return exitIs(childStatus, c->argv[0]);
}

static bool checkAlone(struct check *c)
{
	pid_t pids[16];
	int n = descendants(pids, 16, false);
	snprintf(c->why, sizeof(c->why), "%d processes remain (first %d)",
	    n, n ? (int)pids[0] : 0);
	return n == 0;
}

static const struct {
	const char *name;
	int nargs;
	bool (*fn)(struct check *);
	bool waits;      /* expect- waits too */
} checks[] = {
	{ "", 1, checkScreen, false },
	{ "-alone", 0, checkAlone, true },
	{ "-attr", 3, checkAttr, false },
	{ "-bells", 1, checkBells, false },
	{ "-count", 2, checkCount, false },
	{ "-cursor", 2, checkCursor, false },
	{ "-cursor-after", 1, checkCursorAfter, false },
	{ "-exit", 1, checkExit, true },
	{ "-file", 1, checkFile, true },
	{ "-gone", 1, checkGone, false },
	{ "-match-attr", 2, checkMatchAttr, false },
	{ "-modes", 1, checkModes, false },
	{ "-none", 1, checkGone, false },
	{ "-nocolor", 0, checkNoColor, false },
	{ "-received", 1, checkReceived, true },
	{ "-restored", 0, checkRestored, false },
	{ "-row", 2, checkRow, false },
	{ "-title", 1, checkTitle, false },
	{ "-tty", 1, checkTty, false },
};

static bool runCheck(const char *verb, int argc, char **argv)
{
	bool wait = !strncmp(verb, "wait", 4);
	if (!wait && strncmp(verb, "expect", 6)) return false;
	const char *kind = verb + (wait ? 4 : 6);
	for (size_t i = 0; i < sizeof(checks) / sizeof(*checks); i++) {
		if (strcmp(checks[i].name, kind)) continue;
		if (argc != checks[i].nargs && argc != checks[i].nargs + 1)
			scriptError("%s takes %d arguments and a timeout",
			    verb, checks[i].nargs);
		int timeout = scaled(argc > checks[i].nargs
		    ? number(argv[checks[i].nargs], 0, 3600000) : DEFAULT_TIMEOUT);
		struct check c = { .argv = argv };
		int64_t end = now() + timeout;
		if (!wait && !checks[i].waits) {
			settle(timeout);
			if (!checks[i].fn(&c)) checkFailed("%s", c.why);
			return true;
		}
		while (!checks[i].fn(&c)) {
			if (now() >= end)
				checkFailed("still not so after %d ms: %s", timeout, c.why);
			/* Once the program is gone and quiet, its screen stays. */
			if (!pump(end) && childDone && !checks[i].waits) {
				char st[64];
				describeStatus(st, sizeof(st), childStatus);
				checkFailed("the program ended with %s: %s", st, c.why);
			}
		}
		return true;
	}
	return false;
}

/* Commands. */

static void spawn(char **argv)
{
	struct winsize ws = { .ws_row = rows, .ws_col = cols };
	if (child > 0) scriptError("already spawned");
	if (!argv[0]) scriptError("spawn what?");
	vt = vterm_new(rows ? rows : 1, cols ? cols : 1);
	if (!vt) hardError("vterm_new");
	vterm_set_utf8(vt, 1);
	vterm_output_set_callback(vt, onOutput, NULL);
	screen = vterm_obtain_screen(vt);
	vterm_screen_enable_altscreen(screen, 1);
	vterm_screen_set_callbacks(screen, &screenCallbacks, NULL);
	vterm_screen_reset(screen, 1);

	fflush(NULL);
	child = forkpty(&master, NULL, NULL, &ws);
	if (child < 0) hardError("forkpty");
	if (child == 0) {
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
		setenv("TERM", "xterm-256color", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		unsetenv("LINES");
		unsetenv("COLUMNS");
		for (int i = 0; i < envCount; i++) {
			if (envSet[i][0] == '-') unsetenv(envSet[i] + 1);
			else putenv(envSet[i]);
		}
		execvp(argv[0], argv);
		fprintf(stderr, "vtrun: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (fcntl(master, F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK) < 0)
		hardError("fcntl");
	/* A pty's modes are reset when its last user closes it. */
	const char *name = ptsname(master);
	slave = name ? open(name, O_RDWR | O_NOCTTY | O_CLOEXEC) : -1;
}

static void doResize(const char *arg)
{
	int c, r;
	parseSize(arg, &c, &r);
	if (!vt) {
		cols = c;
		rows = r;
		return;
	}
	/* What was drawn for the old size is read at the old size. */
	while (!masterEOF && readMaster()) {}
	cols = c;
	rows = r;
	vterm_set_size(vt, r ? r : 1, c ? c : 1);
	struct winsize ws = { .ws_row = r, .ws_col = c };
	if (ioctl(master, TIOCSWINSZ, &ws) < 0) hardError("TIOCSWINSZ");
}

static void sendText(const char *rest, bool paste)
{
	char *buf = malloc(strlen(rest) + 1);
	if (!buf) hardError("malloc");
	int n = unescape(buf, rest);
	if (paste && vt) vterm_keyboard_start_paste(vt);
	outAppend(buf, n);
	if (paste && vt) vterm_keyboard_end_paste(vt);
	free(buf);
	outFlush();
}

static const struct {
	const char *name;
	VTermKey key;
} keyNames[] = {
	{ "backspace", VTERM_KEY_BACKSPACE }, { "delete", VTERM_KEY_DEL },
	{ "down", VTERM_KEY_DOWN }, { "end", VTERM_KEY_END },
	{ "enter", VTERM_KEY_ENTER }, { "escape", VTERM_KEY_ESCAPE },
	{ "home", VTERM_KEY_HOME }, { "insert", VTERM_KEY_INS },
	{ "left", VTERM_KEY_LEFT }, { "pagedown", VTERM_KEY_PAGEDOWN },
	{ "pageup", VTERM_KEY_PAGEUP }, { "right", VTERM_KEY_RIGHT },
	{ "tab", VTERM_KEY_TAB }, { "up", VTERM_KEY_UP },
};

static const struct {
	const char *prefix;
	VTermModifier mod;
} modNames[] = {
	{ "alt-", VTERM_MOD_ALT }, { "ctrl-", VTERM_MOD_CTRL },
	{ "shift-", VTERM_MOD_SHIFT },
};

/* One character with modifiers: Ctrl makes a C0 control, Alt an ESC
 * prefix, as a terminal does; vterm would use CSI u for some. */
static void sendChar(const char *s, VTermModifier mod)
{
	char c = s[0];
	if (mod & VTERM_MOD_ALT) outAppend("\033", 1);
	if (mod & VTERM_MOD_CTRL) {
		c = c == '?' ? 0x7f : (char)(toupper((unsigned char)c) & 0x1f);
		outAppend(&c, 1);
	} else if (mod & VTERM_MOD_SHIFT) {
		c = (char)toupper((unsigned char)c);
		outAppend(&c, 1);
	} else {
		outAppend(s, strlen(s));
	}
}

static void sendKey(const char *spec)
{
	VTermModifier mod = VTERM_MOD_NONE;
	char name[64];
	long times = 1;
	snprintf(name, sizeof(name), "%s", spec);
	char *star = strrchr(name, '*');
	if (star && star != name) {
		times = number(star + 1, 1, 1000);
		*star = '\0';
	}
	char *s = name;
	for (size_t i = 0; i < sizeof(modNames) / sizeof(*modNames); i++) {
		size_t n = strlen(modNames[i].prefix);
		if (strncmp(s, modNames[i].prefix, n) || !s[n]) continue;
		mod |= modNames[i].mod;
		s += n;
		i = -1;
	}
	VTermKey key = VTERM_KEY_NONE;
	for (size_t i = 0; i < sizeof(keyNames) / sizeof(*keyNames); i++)
		if (!strcmp(keyNames[i].name, s)) key = keyNames[i].key;
	if (key == VTERM_KEY_NONE && (s[0] == 'f' || s[0] == 'F') && isdigit((unsigned char)s[1]))
		key = VTERM_KEY_FUNCTION(number(s + 1, 1, 24));
	bool single = (size_t)mblen(s, strlen(s)) == strlen(s);
	if (key == VTERM_KEY_NONE && !single) scriptError("unknown key %s", spec);
	if (!vt) scriptError("nothing runs");
	while (times--) {
		if (key != VTERM_KEY_NONE) vterm_keyboard_key(vt, key, mod);
		else sendChar(s, mod);
	}
	outFlush();
}

static void runShell(const char *cmd)
{
	fflush(NULL);
	shDone = false;
	shPid = fork();
	if (shPid < 0) hardError("fork");
	if (shPid == 0) {
		int fd = open("/dev/null", O_RDONLY);
		if (fd >= 0) dup2(fd, 0);
		setpgid(0, 0);
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	setpgid(shPid, shPid);
	int64_t end = now() + scaled(SH_TIMEOUT);
	while (!shDone && now() < end) pump(end);
	if (!shDone) {
		kill(-shPid, SIGKILL);
		while (!shDone) pump(now() + 50);
		shPid = -1;
		checkFailed("still running after %d ms", scaled(SH_TIMEOUT));
	}
	shPid = -1;
	if (!WIFEXITED(shStatus) || WEXITSTATUS(shStatus)) {
		char st[64];
		describeStatus(st, sizeof(st), shStatus);
		checkFailed("it ended with %s", st);
	}
}

enum captureWhat { CAPTURE_TEXT, CAPTURE_FG, CAPTURE_ATTR };

static void capture(const char *pattern, const char *path, enum captureWhat what)
{
	static char buf[ROWMAX];
	static int colAt[ROWMAX];
	regex_t re;
	regmatch_t m[2];
	settle(scaled(DEFAULT_TIMEOUT));
	compile(&re, pattern, 0);
	int row = findRow(&re, buf, colAt, m);
	if (row >= 0) regexec(&re, buf, 2, m, 0);
	regfree(&re);
	if (row < 0) checkFailed("no row matches");
	regmatch_t *g = m[1].rm_so >= 0 ? &m[1] : &m[0];
	char text[ROWMAX];
	snprintf(text, sizeof(text), "%.*s", (int)(g->rm_eo - g->rm_so), buf + g->rm_so);
	VTermScreenCell cell;
	vterm_screen_get_cell(screen, (VTermPos){ row, colAt[g->rm_so] }, &cell);
	if (what == CAPTURE_FG) {
		if (VTERM_COLOR_IS_DEFAULT_FG(&cell.fg)) snprintf(text, sizeof(text), "default");
		else snprintf(text, sizeof(text), "%d", cell.fg.indexed.idx);
	} else if (what == CAPTURE_ATTR) {
		snprintf(text, sizeof(text), "%s%s%s%s", cell.attrs.bold ? " bold" : "",
		    cell.attrs.underline ? " underline" : "", cell.attrs.italic ? " italic" : "",
		    cell.attrs.reverse ? " reverse" : "");
		if (!text[0]) snprintf(text, sizeof(text), " none");
		memmove(text, text + 1, strlen(text));
	}
	FILE *f = fopen(path, "w");
	if (!f || fprintf(f, "%s\n", text) < 0 || fclose(f))
		hardError(path);
}

static void fakeListen(const char *path)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fake.listenFd >= 0) scriptError("already listening");
	fake.listenFd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fake.listenFd < 0) hardError("socket");
	if (bind(fake.listenFd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    listen(fake.listenFd, 8) < 0 ||
	    getsockname(fake.listenFd, (struct sockaddr *)&sin, &len) < 0)
		hardError("listen");
	FILE *f = fopen(path, "w");
	if (!f || fprintf(f, "%d\n", ntohs(sin.sin_port)) < 0 || fclose(f))
		hardError(path);
}

/* Sends to the connected program, waiting for it to connect. */
static void fakeFeed(const char *rest)
{
	char *buf = malloc(strlen(rest) + 1);
	if (!buf) hardError("malloc");
	size_t n = unescape(buf, rest), done = 0;
	int64_t end = now() + scaled(DEFAULT_TIMEOUT);
	if (fake.listenFd < 0) scriptError("listen first");
	while (done < n && now() < end) {
		ssize_t w = fake.peerFd < 0 ? -1 : write(fake.peerFd, buf + done, n - done);
		if (w > 0) done += w;
		else pump(end);
	}
	free(buf);
	if (done < n) checkFailed("nothing took what was fed");
}

static void needArgs(int argc, int min, int max, const char *verb)
{
	if (argc < min || argc > max) scriptError("%s: wrong number of arguments", verb);
}

static void command(char *line)
{
	char *argv[MAXARGS + 1];
	char *rest, *verb;
	while (isspace((unsigned char)*line)) line++;
	if (!*line || *line == '#') return;
	static char whole[ROWMAX];
	snprintf(whole, sizeof(whole), "%s", line);
	lineText = whole;
	verb = line;
	rest = line + strcspn(line, " \t");
	if (*rest) *rest++ = '\0';
	char *copy = strdup(rest);
	if (!copy) hardError("strdup");
	int argc = split(copy, argv);

	if (verbose) fprintf(stderr, "vtrun: %d: %s %s\n", lineno, verb, rest);
	bool early = !strcmp(verb, "size") || !strcmp(verb, "env") ||
	    !strcmp(verb, "echo") || !strcmp(verb, "sh") || !strcmp(verb, "listen");
	if (spawnArgv && !early) {
		spawn(spawnArgv);
		spawnArgv = NULL;
	}
	if (!strcmp(verb, "size")) {
		needArgs(argc, 1, 1, verb);
		if (vt) scriptError("size comes before spawn; use resize");
		parseSize(argv[0], &cols, &rows);
	} else if (!strcmp(verb, "env")) {
		needArgs(argc, 1, 1, verb);
		if (envCount == MAXENV) scriptError("too many env");
		if (argv[0][0] != '-' && !strchr(argv[0], '=')) scriptError("env NAME=VALUE");
		envSet[envCount] = strdup(argv[0]);
		if (!envSet[envCount++]) hardError("strdup");
	} else if (!strcmp(verb, "spawn")) {
		spawn(argv);
	} else if (!strcmp(verb, "type") || !strcmp(verb, "paste")) {
		if (!vt) scriptError("nothing runs");
		sendText(rest, verb[0] == 'p');
	} else if (!strcmp(verb, "key")) {
		needArgs(argc, 1, MAXARGS, verb);
		for (int i = 0; i < argc; i++) sendKey(argv[i]);
	} else if (!strcmp(verb, "resize")) {
		needArgs(argc, 1, 1, verb);
		doResize(argv[0]);
	} else if (!strcmp(verb, "signal")) {
		needArgs(argc, 1, 1, verb);
		int sig = lookupSignal(argv[0]);
		if (!sig) scriptError("unknown signal %s", argv[0]);
		if (child < 0) scriptError("nothing runs");
		if (!childDone) kill(child, sig);
	} else if (!strcmp(verb, "close")) {
		if (master >= 0) close(master);
		if (slave >= 0) close(slave);
		master = slave = -1;
		masterEOF = true;
	} else if (!strcmp(verb, "sleep")) {
		needArgs(argc, 1, 1, verb);
		int64_t end = now() + scaled(number(argv[0], 0, 600000));
		while (now() < end) pump(end);
	} else if (!strcmp(verb, "settle")) {
		settle(scaled(DEFAULT_TIMEOUT));
	} else if (!strcmp(verb, "dump")) {
		settle(scaled(DEFAULT_TIMEOUT));
		printScreen(stdout);
		fflush(stdout);
	} else if (!strcmp(verb, "echo")) {
		fprintf(stderr, "%s\n", rest);
	} else if (!strcmp(verb, "sh")) {
		runShell(rest);
	} else if (!strcmp(verb, "listen")) {
		needArgs(argc, 1, 1, verb);
		fakeListen(argv[0]);
	} else if (!strcmp(verb, "feed")) {
		fakeFeed(rest);
	} else if (!strcmp(verb, "hangup")) {
		if (fake.peerFd >= 0) close(fake.peerFd);
		fake.peerFd = -1;
	} else if (!strcmp(verb, "capture") || !strcmp(verb, "capture-fg") ||
	    !strcmp(verb, "capture-attr")) {
		needArgs(argc, 2, 2, verb);
		capture(argv[0], argv[1], !strcmp(verb, "capture-fg") ? CAPTURE_FG :
		    !strcmp(verb, "capture-attr") ? CAPTURE_ATTR : CAPTURE_TEXT);
	} else if (!runCheck(verb, argc, argv)) {
		scriptError("unknown command %s", verb);
	}
	free(copy);
}

static void usage(void)
{
	fprintf(stderr, "usage: vtrun [-v] [-l LOG] [-s COLSxROWS] [-f SCRIPT] [ARGV...]\n");
	exit(EXIT_SCRIPT);
}

int main(int argc, char *argv[])
{
	FILE *script = stdin;
	int opt;

	if (!setlocale(LC_ALL, "C.UTF-8")) setlocale(LC_ALL, "");
	while ((opt = getopt(argc, argv, "+f:l:s:v")) != -1) {
		switch (opt) {
		case 'l':
			rawLog = fopen(optarg, "w");
			if (!rawLog) hardError(optarg);
			break;
		case 'f':
			scriptName = optarg;
			script = fopen(optarg, "r");
			if (!script) hardError(optarg);
			break;
		case 's': parseSize(optarg, &cols, &rows); break;
		case 'v': verbose = true; break;
		default: usage();
		}
	}
	if (optind < argc) spawnArgv = argv + optind;
	const char *scale = getenv("VTRUN_TIMEOUT_SCALE");
	if (scale && strtod(scale, NULL) > 0) timeScale = strtod(scale, NULL);

	/* The whole script first: nothing we start may read it. */
	char **lines = NULL;
	size_t nlines = 0, cap = 0, len = 0;
	char *line = NULL;
	while (getline(&line, &len, script) >= 0) {
		line[strcspn(line, "\n")] = '\0';
		if (nlines == cap) {
			cap = cap * 2 + 64;
			lines = realloc(lines, cap * sizeof(*lines));
			if (!lines) hardError("realloc");
		}
		lines[nlines] = strdup(line);
		if (!lines[nlines++]) hardError("strdup");
	}
	free(line);
	if (script != stdin) fclose(script);

	struct sigaction sa = { .sa_handler = onSignal };
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
#ifdef PR_SET_CHILD_SUBREAPER
	prctl(PR_SET_CHILD_SUBREAPER, 1);
#endif
	atexit(cleanup);

	for (size_t i = 0; i < nlines; i++) {
		lineno = i + 1;
		command(lines[i]);
		free(lines[i]);
	}
	free(lines);
	if (spawnArgv) spawn(spawnArgv);
	return 0;
}
