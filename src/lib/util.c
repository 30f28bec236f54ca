/* util.c: start-up, allocation that cannot fail, number parsing, --version.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "chat.h"

static const char *progname = PACKAGE;

/* A write error on stdout (--help >/dev/full) must not pass silently. */
static void closeStdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (errno != EPIPE) {
			fprintf(stderr, _("%s: write error: %s\n"), progname, strerror(errno));
			_exit(EXIT_FAILURE);
		}
	}
}

/* Run from a build tree (src/PROGRAM beside config.status), the
 * catalogues are in locale/ there, as make builds them; installed, this
 * finds nothing and LOCALEDIR is used. */
static const char *buildLocaledir(char *buf, size_t size)
{
	char exe[PATH_MAX], probe[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0) return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash) return NULL;
	*slash = '\0';
	snprintf(probe, sizeof(probe), "%s/../config.status", exe);
	if (access(probe, F_OK) < 0) return NULL;
	snprintf(probe, sizeof(probe), "%s/../locale", exe);
	if (access(probe, F_OK) < 0) return NULL;
	if (!realpath(probe, buf) || strlen(buf) >= size) return NULL;
	return buf;
}

void utilInit(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');
	progname = slash ? slash + 1 : argv0;
	setlocale(LC_ALL, "");
	/* Lets the tests and packagers use catalogues that are not installed. */
	const char *dir = getenv("CHAT_TUI_LOCALEDIR");
	char built[PATH_MAX];
	if (!dir || !*dir) dir = buildLocaledir(built, sizeof(built));
	bindtextdomain(PACKAGE, dir ? dir : LOCALEDIR);
	textdomain(PACKAGE);
	atexit(closeStdout);
}

const char *utilProgname(void)
{
	return progname;
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p) err(EX_OSERR, "malloc");
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p) err(EX_OSERR, "calloc");
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p) err(EX_OSERR, "realloc");
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p) err(EX_OSERR, "strdup");
	return p;
}

bool utilParseNumber(const char *s, long long min, long long max, long long *out)
{
	char *end;
	errno = 0;
	if (!*s || *s == ' ' || *s == '+') return false;
	long long n = strtoll(s, &end, 10);
	if (errno || *end || n < min || n > max) return false;
	*out = n;
	return true;
}

/* A port in digits must fit in 16 bits; anything else is a service name,
 * left to getaddrinfo. */
bool utilPortValid(const char *port, bool zero)
{
	long long n;
	if (strspn(port, "0123456789") != strlen(port)) return true;
	return utilParseNumber(port, zero ? 0 : 1, 65535, &n);
}

void utilTryHelp(void)
{
	/* TRANSLATORS: %s is the program's name. */
	fprintf(stderr, _("Try '%s --help' for more information.\n"), progname);
	exit(EX_USAGE);
}

void utilUsageError(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	utilTryHelp();
}

void utilHelpStandard(void)
{
	puts(_("  -h, --help             display this help and exit"));
	puts(_("  -V, --version          output version information and exit"));
}

void utilVersion(void)
{
	printf("%s (%s) %s\n", progname, PACKAGE_NAME, PACKAGE_VERSION);
	/* TRANSLATORS: keep the URL as it is. */
	puts(_("Copyright (C) 2026 The chat-tui authors.\n"
	    "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
	    "This is free software: you are free to change and redistribute it.\n"
	    "There is NO WARRANTY, to the extent permitted by law."));
}

int64_t utilNow(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
