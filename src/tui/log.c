/* log.c: --log, the conversation as plain text, one entry a line.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui.h"

static FILE *logFile;
static bool logFailed;

/* 0600, as the history file is: the log holds private messages. */
void logOpen(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || !(logFile = fdopen(fd, "a"))) err(EXIT_FAILURE, "%s", path);
}

void logWrite(const struct entry *e)
{
	if (!logFile || (e->flags & ENTRY_NOLOG)) return;
	static time_t last = -1;
	static char date[16];
	time_t day = e->when;
	if (day != last) {
		struct tm tm;
		localtime_r(&day, &tm);
		strftime(date, sizeof(date), "%Y-%m-%d ", &tm);
		last = day;
	}
	fputs(date, logFile);
	fwrite(e->text, 1, e->len, logFile);
	putc('\n', logFile);
}

void logFlush(void)
{
	if (!logFile || logFailed) return;
	if (fflush(logFile) == 0 && !ferror(logFile)) return;
	logFailed = true;
	/* TRANSLATORS: %s is the reason. */
	uiPush(entryNotice(KIND_ERROR, _("Cannot write the log: %s"), strerror(errno)));
}

void logClose(void)
{
	if (!logFile) return;
	fclose(logFile);
	logFile = NULL;
}
