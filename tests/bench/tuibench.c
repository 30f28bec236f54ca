/* tuibench.c: chat-tui in a 120x40 pseudo-terminal under a 100,000-line flood.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main thread drains the pty master in big chunks into libvterm and
 * watches the screen; a second thread runs two plain clients: the flooder
 * and a reader that receives the same flood, which gives the time to beat
 * in the same run.  Keys typed mid-flood are timed until they show on the
 * input line.  Then the scrollback is searched (M-/), a key at a time.
 * --idle SECS instead leaves everything quiet and counts the
 * CPU time and wakeups of chat-tui (and of the server, with --server-pid).
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

#include "opts.h"
#include "proc.h"

enum { ROWS = 40, COLS = 120, KEYS_MAX = 20, KEY_GAP_MS = 30 };

static struct {
	const char *host, *port, *target;
	long lines, size, idle, timeout, keytimeout, serverpid;
	bool dump;
	char **tui;
} opt = { .target = "server", .lines = 100000, .size = 64, .timeout = 120, .keytimeout = 2000 };

static VTerm *vt;
static VTermScreen *screen;
static int master = -1;
static pid_t tuipid;
static bool damaged;
static uint64_t ptybytes;

/* Shared with the network thread. */
static atomic_long received;            /* flood lines the reader got */
static atomic_uint_fast64_t readerdone; /* when it got the last, ns */
static atomic_bool joined, go, stop;
static uint64_t t0;

static uint64_t now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int dial(void)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
	int e = getaddrinfo(opt.host, opt.port, &hints, &ai);
	if (e) errx(69, "%s: %s", opt.host, gai_strerror(e));
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
	if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) < 0)
		err(69, "%s %s", opt.host, opt.port);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	freeaddrinfo(ai);
	return fd;
}

/* A plain client's input: whole lines go to fn. */
struct reader {
	int fd;
	char buf[1 << 18];
	size_t len;
	void (*fn)(const char *line, size_t len);
};

static bool pump(struct reader *r)
{
	ssize_t n = read(r->fd, r->buf + r->len, sizeof(r->buf) - r->len);
	if (n <= 0) return n < 0 && errno == EAGAIN;
	char *p = r->buf, *end = r->buf + r->len + n, *nl;
	while ((nl = memchr(p, '\n', end - p))) {
		r->fn(p, nl - p);
		p = nl + 1;
	}
	r->len = end - p;
	if (r->len == sizeof(r->buf)) r->len = 0;
	memmove(r->buf, p, r->len);
	return true;
}

static void ignore(const char *line, size_t len)
{
}

/* Flood lines are "F%06ld PADDING"; the reader counts them. */
static void readerLine(const char *line, size_t len)
{
	if (len > 9 && !memcmp(line, "-!- join ", 9)) joined = true;
	const char *t = memchr(line, '>', len);
	if (line[0] != '<' || !t || t + 3 >= line + len || t[2] != 'F') return;
	long seq = strtol(t + 3, NULL, 10);
	long n = ++received;
	if (seq == opt.lines - 1 || n == opt.lines) readerdone = now();
}

static size_t floodLine(char *buf, long seq)
{
	size_t n = sprintf(buf, "F%06ld ", seq);
	while (n < (size_t)opt.size) buf[n++] = 'a' + seq % 26;
	buf[n++] = '\n';
	return n;
}

static void *net(void *arg)
{
	static struct reader rd = { .fn = readerLine }, fl = { .fn = ignore };
	rd.fd = ((int *)arg)[0];
	fl.fd = ((int *)arg)[1];
	fcntl(rd.fd, F_SETFL, O_NONBLOCK);
	fcntl(fl.fd, F_SETFL, O_NONBLOCK);
	static char out[1 << 16];
	size_t outlen = 0, outoff = 0;
	long seq = 0;
	while (!stop) {
		bool sending = go && (seq < opt.lines || outoff < outlen);
		struct pollfd p[2] = {
			{ rd.fd, POLLIN, 0 },
			{ fl.fd, POLLIN | (sending ? POLLOUT : 0), 0 },
		};
		if (poll(p, 2, go || opt.idle ? 50 : 1) < 0 && errno != EINTR) err(1, "poll");
		if (p[0].revents && !pump(&rd)) break;
		if ((p[1].revents & ~POLLOUT) && !pump(&fl)) break;
		if (!(p[1].revents & POLLOUT)) continue;
		if (outoff == outlen) {
			outoff = outlen = 0;
			while (seq < opt.lines && outlen + opt.size + 16 < sizeof(out))
				outlen += floodLine(out + outlen, seq++);
		}
		ssize_t n = write(fl.fd, out + outoff, outlen - outoff);
		if (n < 0 && errno != EAGAIN) break;
		if (n > 0) outoff += n;
	}
	return NULL;
}

static int damage(VTermRect rect, void *user)
{
	damaged = true;
	return 1;
}

static void output(const char *s, size_t len, void *user)
{
	while (len > 0) {
		ssize_t n = write(master, s, len);
		if (n <= 0) return;
		s += n;
		len -= n;
	}
}

static void rowText(int row, char *buf, size_t size)
{
	VTermRect rect = { .start_row = row, .end_row = row + 1, .start_col = 0, .end_col = COLS };
	size_t n = vterm_screen_get_text(screen, buf, size - 1, rect);
	buf[n] = 0;
}

static bool screenHas(const char *s)
{
	char buf[COLS * 4 + 1];
	for (int r = 0; r < ROWS; r++) {
		rowText(r, buf, sizeof(buf));
		if (strstr(buf, s)) return true;
	}
	return false;
}

/* Reads all the pty has and feeds it to vterm at once; waits up to ms
 * for the first byte.  False when chat-tui has gone. */
static bool drain(int ms)
{
	static char buf[1 << 20];
	struct pollfd p = { master, POLLIN, 0 };
	if (poll(&p, 1, ms) <= 0) return true;
	size_t len = 0;
	for (;;) {
		ssize_t n = read(master, buf + len, sizeof(buf) - len);
		if (n <= 0) {
			if (n < 0 && errno == EAGAIN) break;
			if (len) vterm_input_write(vt, buf, len);
			return false;
		}
		len += n;
		if (len == sizeof(buf)) break;
	}
	ptybytes += len;
	vterm_input_write(vt, buf, len);
	return true;
}

static void startTUI(void)
{
	struct winsize ws = { .ws_row = ROWS, .ws_col = COLS };
	tuipid = forkpty(&master, NULL, NULL, &ws);
	if (tuipid < 0) err(1, "forkpty");
	if (tuipid == 0) {
		setenv("TERM", "xterm-256color", 1);
		execvp(opt.tui[0], opt.tui);
		err(127, "%s", opt.tui[0]);
	}
	fcntl(master, F_SETFL, O_NONBLOCK);
	vt = vterm_new(ROWS, COLS);
	vterm_set_utf8(vt, 1);
	vterm_output_set_callback(vt, output, NULL);
	screen = vterm_obtain_screen(vt);
	static const VTermScreenCallbacks cbs = { .damage = damage };
	vterm_screen_set_callbacks(screen, &cbs, NULL);
	vterm_screen_reset(screen, 1);
}

/* --dump: the final screen on stderr, to see what was measured. */
static void dumpScreen(void)
{
	char buf[COLS * 4 + 1];
	for (int r = 0; r < ROWS; r++) {
		rowText(r, buf, sizeof(buf));
		fprintf(stderr, "%2d|%s\n", r, buf);
	}
}

static void stopTUI(void)
{
	if (opt.dump) dumpScreen();
	if (tuipid <= 0) return;
	kill(tuipid, SIGTERM);
	for (int i = 0; i < 40; i++) {
		drain(0);
		if (waitpid(tuipid, NULL, WNOHANG) == tuipid) { tuipid = 0; break; }
		usleep(50000);
	}
	if (tuipid > 0) {
		kill(tuipid, SIGKILL);
		waitpid(tuipid, NULL, 0);
	}
	close(master);
	vterm_free(vt);
}

/* Waits until chat-tui is connected (the reader saw a join, or 5 s went
 * by) and its screen has been still for 300 ms. */
static void settle(void)
{
	uint64_t start = now(), still = now();
	while (now() - start < 15000000000ULL) {
		damaged = false;
		if (!drain(20)) errx(1, "chat-tui exited early");
		if (damaged) still = now();
		bool ready = joined || now() - start > 5000000000ULL;
		if (ready && now() - still > 300000000) return;
	}
}

static void idle(void)
{
	long tcpu = procCPU(tuipid), twake = procWakeups(tuipid);
	long scpu = opt.serverpid ? procCPU(opt.serverpid) : 0;
	long swake = opt.serverpid ? procWakeups(opt.serverpid) : 0;
	uint64_t bytes = ptybytes, end = now() + (uint64_t)opt.idle * 1000000000;
	while (now() < end)
		if (!drain(100)) errx(1, "chat-tui exited during the idle period");
	double min = opt.idle / 60.0;
	printf("scenario=idle-%lds target=%s tui_cpu_ms=%ld tui_wakeups=%ld tui_wakeups_per_min=%.1f"
	    " tui_output_bytes=%llu", opt.idle, opt.target, procCPU(tuipid) - tcpu,
	    procWakeups(tuipid) - twake, (procWakeups(tuipid) - twake) / min,
	    (unsigned long long)(ptybytes - bytes));
	if (opt.serverpid)
		printf(" server_cpu_ms=%ld server_wakeups=%ld server_wakeups_per_min=%.1f"
		    " server_rss_kb=%ld", procCPU(opt.serverpid) - scpu,
		    procWakeups(opt.serverpid) - swake,
		    (procWakeups(opt.serverpid) - swake) / min, procKB(opt.serverpid, "VmRSS"));
	printf("\n");
}

static const char keyset[] = "qjxzvkwqjxzvkwqjxzvk";

/* The input row, without trailing blanks. */
static void inputRow(int row, char *buf, size_t size)
{
	rowText(row, buf, size);
	size_t n = strlen(buf);
	while (n && buf[n - 1] == ' ') buf[--n] = 0;
}

/* Writes keys and waits until the input row ends with want (NULL: until
 * it changes); returns the milliseconds it took, or -1 after 2 s. */
static double keyWait(int row, const char *keys, const char *want)
{
	char before[COLS * 4 + 1], buf[COLS * 4 + 1];
	inputRow(row, before, sizeof(before));
	uint64_t t = now();
	if (write(master, keys, strlen(keys)) != (ssize_t)strlen(keys)) err(1, "write to pty");
	while (now() - t < 2000000000ULL) {
		if (!drain(1)) break;
		inputRow(row, buf, sizeof(buf));
		size_t n = strlen(buf), w = want ? strlen(want) : 0;
		if (want ? n >= w && !strcmp(buf + n - w, want) : strcmp(buf, before) != 0)
			return (now() - t) / 1e6;
	}
	fprintf(stderr, "tuibench: after %s the input line is '%s'\n", want ? want : "a key", buf);
	return -1;
}

/* After the flood, the whole scrollback is searched with M-/, a key at a
 * time: the first key matches every flood line, each next one filters,
 * a Backspace searches everything again, and Up jumps to an older match.
 * Each figure is from the key to the input line showing the answer. */
static void searchBench(int row)
{
	static const char *const steps[][2] = {
		{ "\033/", "search:" }, { "F", ": F" }, { "0", ": F0" }, { "1", ": F01" },
		{ "2", ": F012" }, { "3", ": F0123" }, { "4", ": F01234" },
		{ "5", "search 1/1: F012345" }, { "\177", "search 10/10: F01234" },
		{ "\033OA", "search 9/10: F01234" }, { "\033OA", "search 8/10: F01234" },
		{ "\033", NULL },
	};
	enum { NSTEPS = sizeof(steps) / sizeof(steps[0]) };
	double ms[NSTEPS], max = 0;
	int bad = 0;
	for (int i = 0; i < NSTEPS; i++) {
		ms[i] = keyWait(row, steps[i][0], steps[i][1]);
		if (ms[i] < 0) bad++;
		else if (i > 0 && i < NSTEPS - 1 && ms[i] > max) max = ms[i];
	}
	printf(" search_first_key_ms=%.1f search_filter_ms=%.1f search_rescan_ms=%.1f"
	    " search_jump_ms=%.1f search_max_ms=%.1f search_failed=%d",
	    ms[1], ms[6], ms[8], ms[9], max, bad);
}

static int cmpLong(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

static void flood(void)
{
	char marker[32], typed[KEYS_MAX + 1] = "", row[COLS * 4 + 1];
	snprintf(marker, sizeof(marker), "F%06ld", opt.lines - 1);
	VTermPos cur;
	vterm_state_get_cursorpos(vterm_obtain_state(vt), &cur);
	int inputrow = cur.row;
	long tcpu = procCPU(tuipid), keyms[KEYS_MAX];
	int nkeys = 0, missed = 0;
	uint64_t tuidone = 0, keyat = 0, lastkey = 0, lastscan = 0;
	uint64_t deadline = now() + (uint64_t)opt.timeout * 1000000000;
	t0 = now();
	go = true;
	while (now() < deadline) {
		if (!drain(tuidone ? 10 : 1)) break;
		uint64_t t = now();
		if (keyat) {
			rowText(inputrow, row, sizeof(row));
			if (strstr(row, typed)) {
				keyms[nkeys++] = (t - keyat) / 1000000;
				keyat = 0;
				lastkey = t;
			} else if (t - keyat > (uint64_t)opt.keytimeout * 1000000) {
				keyms[nkeys++] = opt.keytimeout;
				missed++;
				keyat = 0;
				lastkey = t;
			}
		}
		if (!tuidone && damaged) {
			/* Scan when output pauses, and every 5 ms while it streams. */
			struct pollfd p = { master, POLLIN, 0 };
			if (t - lastscan > 5000000 || poll(&p, 1, 0) == 0) {
				damaged = false;
				lastscan = t;
				if (screenHas(marker)) tuidone = now();
			}
		}
		if (!tuidone && !keyat && nkeys < KEYS_MAX && received * 2 >= opt.lines &&
		    t - lastkey > KEY_GAP_MS * 1000000ULL) {
			typed[nkeys] = keyset[nkeys];
			typed[nkeys + 1] = 0;
			keyat = now();
			if (write(master, &keyset[nkeys], 1) != 1) err(1, "write to pty");
		}
		if (tuidone && !keyat && readerdone) break;
	}
	uint64_t rd = readerdone;
	double rsecs = rd ? (rd - t0) / 1e9 : -1, tsecs = tuidone ? (tuidone - t0) / 1e9 : -1;
	qsort(keyms, nkeys, sizeof(*keyms), cmpLong);
	printf("scenario=tui-flood-%ld target=%s lines=%ld size=%ld reader_secs=%.3f tui_secs=%.3f"
	    " ratio=%.2f reader_lines=%ld tui_cpu_ms=%ld tui_hwm_kb=%ld tui_rss_kb=%ld"
	    " keys=%d keys_missed=%d key_p50_ms=%ld key_max_ms=%ld tui_output_bytes=%llu",
	    opt.lines, opt.target, opt.lines, opt.size, rsecs, tsecs,
	    rd && tuidone ? tsecs / rsecs : -1.0, (long)received, procCPU(tuipid) - tcpu,
	    procKB(tuipid, "VmHWM"), procKB(tuipid, "VmRSS"), nkeys, missed,
	    nkeys ? keyms[nkeys / 2] : -1, nkeys ? keyms[nkeys - 1] : -1,
	    (unsigned long long)ptybytes);
	if (opt.serverpid)
		printf(" server_hwm_kb=%ld", procKB(opt.serverpid, "VmHWM"));
	if (tuidone) searchBench(inputrow);
}

static void options(int argc, char *argv[])
{
	static const char usage[] =
	    "usage: tuibench [--lines N] [--size BYTES] [--idle SECS] [--timeout SECS]\n"
	    "  [--server-pid PID] [--target NAME] [--dump] HOST PORT CHAT-TUI [ARG]...\n";
	const struct benchOpt opts[] = {
		{ "lines", BENCH_NUMBER, &opt.lines, 1, 100000000 },
		{ "size", BENCH_NUMBER, &opt.size, 16, 1000 },
		{ "idle", BENCH_NUMBER, &opt.idle, 1, 86400 },
		{ "timeout", BENCH_NUMBER, &opt.timeout, 1, 86400 },
		{ "server-pid", BENCH_NUMBER, &opt.serverpid, 1, 1L << 30 },
		{ "dump", BENCH_FLAG, &opt.dump, 0, 0 },
		{ "target", BENCH_STRING, &opt.target, 0, 0 },
		{ NULL, 0, NULL, 0, 0 },
	};
	int i = benchOptions(argc, argv, opts, usage);
	if (argc - i < 3) {
		fputs(usage, stderr);
		exit(64);
	}
	opt.host = argv[i];
	opt.port = argv[i + 1];
	opt.tui = argv + i + 2;
}

int main(int argc, char *argv[])
{
	options(argc, argv);
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	int fds[2] = { dial(), dial() };
	pthread_t thread;
	if ((errno = pthread_create(&thread, NULL, net, fds))) err(1, "pthread_create");
	usleep(100000);
	joined = false;
	startTUI();
	settle();
	if (opt.idle) idle();
	else flood();
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	if (!opt.idle)
		printf(" tuibench_cpu_ms=%ld\n", (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
		    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000);
	stopTUI();
	stop = true;
	pthread_join(thread, NULL);
	close(fds[0]);
	close(fds[1]);
	return 0;
}
