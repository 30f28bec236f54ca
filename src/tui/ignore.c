/* ignore.c: /ignore and /unignore, kept in the configuration directory.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The messages, actions and private messages of an ignored name are not
 * shown.  The list is a file of one name a line, "ignore" beside the
 * configuration file, written to a temporary name and renamed, so that
 * a crash never leaves half of it.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tui.h"

enum { IGNORE_MAX = 256 };

static char names[IGNORE_MAX][CHAT_ADDRNAME_MAX + 1];
static size_t count;

static bool path(char *buf, size_t size, const char *suffix)
{
	const char *dir = configDir();
	if (!dir) return false;
	return (size_t)snprintf(buf, size, "%s/ignore%s", dir, suffix) < size;
}

static ssize_t find(const char *name)
{
	for (size_t i = 0; i < count; i++) {
		if (!wireNameCompare(names[i], name)) return i;
	}
	return -1;
}

bool ignoreHas(const char *name)
{
	return count && find(name) >= 0;
}

static void add(const char *name)
{
	if (count < IGNORE_MAX && wireNameValid(name) && find(name) < 0) {
		snprintf(names[count++], sizeof(names[0]), "%s", name);
	}
}

void ignoreLoad(void)
{
	char file[4096], line[256];
	if (!path(file, sizeof(file), "")) return;
	FILE *f = fopen(file, "r");
	if (!f) return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		add(line);
	}
	fclose(f);
}

/* mkdir -p of the configuration directory. */
static void makeDir(void)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", configDir());
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/') continue;
		*p = '\0';
		mkdir(dir, 0700);
		*p = '/';
	}
	mkdir(dir, 0700);
}

static bool save(void)
{
	char file[4096], tmp[4200];
	if (!path(file, sizeof(file), "") || !path(tmp, sizeof(tmp), ".tmp")) return false;
	makeDir();
	FILE *f = fopen(tmp, "w");
	if (!f) return false;
	for (size_t i = 0; i < count; i++) fprintf(f, "%s\n", names[i]);
	bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok = fclose(f) == 0 && ok;
	if (ok && rename(tmp, file) == 0) return true;
	int saved = errno;
	unlink(tmp);
	errno = saved;
	return false;
}

static void saved(void)
{
	char file[4096];
	if (save()) return;
	if (!path(file, sizeof(file), "")) snprintf(file, sizeof(file), "ignore");
	/* TRANSLATORS: %s is the file of ignored names, the last %s why. */
	uiPush(entryNotice(KIND_ERROR, _("Cannot save %s: %s"), file, strerror(errno)));
}

static void list(void)
{
	char buf[CHAT_WIRE_MAX] = "";
	size_t len = 0;
	for (size_t i = 0; i < count && len < sizeof(buf); i++) {
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? " " : "", names[i]);
	}
	if (!count) uiPush(entryNotice(KIND_NOTICE, "%s", _("Nobody is ignored.")));
	/* TRANSLATORS: /ignore; %s is the names, separated by spaces. */
	else uiPush(entryNotice(KIND_NOTICE, _("Ignored: %s"), buf));
}

void ignoreCommand(const char *name, bool on)
{
	if (on && !*name) {
		list();
		return;
	}
	if (!wireNameValid(name)) {
		uiPush(entryNotice(KIND_ERROR, "%s",
		    on ? _("Usage: /ignore [NAME]") : _("Usage: /unignore NAME")));
		return;
	}
	ssize_t i = find(name);
	if (on && i < 0) {
		add(name);
		saved();
	} else if (!on && i >= 0) {
		memmove(names[i], names[i + 1], (count - i - 1) * sizeof(names[0]));
		count--;
		saved();
	}
	/* TRANSLATORS: %s is a name. */
	if (on) uiPush(entryNotice(KIND_NOTICE, _("Ignoring %s: their messages are not shown."), name));
	/* TRANSLATORS: %s is a name. */
	else uiPush(entryNotice(KIND_NOTICE, _("No longer ignoring %s."), name));
}
