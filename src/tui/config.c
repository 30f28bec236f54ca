/* config.c: the configuration file, one long option a line, as in catgirl.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "nick = alice", "highlight = lunch", "no-bell": a line is a long option
 * without its dashes, and its value after '=' or blanks; # starts a
 * comment line.  The file is read before the command line, so that the
 * command line wins.  host and port stand for HOST and PORT.
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "tui.h"

/* Values stay alive for the options that point into them. */
static char **values;
static size_t nvalues;

static char *keep(const char *s)
{
	values = xrealloc(values, (nvalues + 1) * sizeof(*values));
	return values[nvalues++] = xstrdup(s);
}

void configFree(void)
{
	for (size_t i = 0; i < nvalues; i++) free(values[i]);
	free(values);
	values = NULL;
	nvalues = 0;
}

static void configError(const char *path, int line, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 3, 4)));
static void configError(const char *path, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: %s:%d: ", utilProgname(), path, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EX_USAGE);
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t') s++;
	size_t n = strlen(s);
	while (n && strchr(" \t\r\n", s[n - 1])) s[--n] = '\0';
	return s;
}

/* -1 when key is no option the file may set. */
static int lookup(const struct option *longs, const char *key, int *has)
{
	if (!strcmp(key, "host")) return *has = required_argument, CONFIG_HOST;
	if (!strcmp(key, "port")) return *has = required_argument, CONFIG_PORT;
	static const char *const refused[] = { "config", "help", "version" };
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		if (!strcmp(key, refused[i])) return -1;
	}
	for (const struct option *o = longs; o->name; o++) {
		if (!strcmp(o->name, key)) return *has = o->has_arg, o->val;
	}
	return -1;
}

static void parseLine(const char *path, int line, char *s, const struct option *longs,
    void (*fn)(int opt, const char *arg))
{
	s = trim(s);
	if (!*s || *s == '#') return;
	size_t k = strcspn(s, " \t=");
	char sep = s[k], *value = s + k;
	if (sep) {
		*value = '\0';
		value = trim(value + 1);
		if (sep != '=' && *value == '=') value = trim(value + 1);
	}
	int has, opt = lookup(longs, s, &has);
	/* TRANSLATORS: the configuration file; %s is what the line names. */
	if (opt < 0) configError(path, line, _("unknown option '%s'"), s);
	if (has == required_argument && !*value) {
		/* TRANSLATORS: the configuration file; %s is an option. */
		configError(path, line, _("'%s' needs a value"), s);
	}
	if (has == no_argument && *value) {
		/* TRANSLATORS: the configuration file; %s is an option. */
		configError(path, line, _("'%s' takes no value"), s);
	}
	fn(opt, *value ? keep(value) : NULL);
}

/* The default file, or NULL without XDG_CONFIG_HOME or HOME. */
static char *defaultPath(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	char path[4096];
	if (xdg && *xdg == '/') snprintf(path, sizeof(path), "%s/chat-tui/config", xdg);
	else if (home && *home) snprintf(path, sizeof(path), "%s/.config/chat-tui/config", home);
	else return NULL;
	return keep(path);
}

const char *configDir(void)
{
	static char *dir;
	if (!dir) {
		const char *path = defaultPath();
		if (!path) return NULL;
		dir = keep(path);
		*strrchr(dir, '/') = '\0';
	}
	return dir;
}

void configLoad(const char *path, const struct option *longs,
    void (*fn)(int opt, const char *arg))
{
	bool given = path != NULL;
	if (!path) path = defaultPath();
	if (!path) return;
	FILE *f = fopen(path, "r");
	if (!f) {
		if (!given && errno == ENOENT) return;
		err(EX_NOINPUT, "%s", path);
	}
	char *buf = NULL;
	size_t size = 0;
	int line = 0;
	while (getline(&buf, &size, f) >= 0) parseLine(path, ++line, buf, longs, fn);
	if (ferror(f)) err(EX_NOINPUT, "%s", path);
	free(buf);
	fclose(f);
}
