/* notify.c: telling you about mentions when you look elsewhere.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The terminal's title carries the unread and mention counts.  A mention
 * (a private message is one) while the terminal does not have the focus
 * asks the terminal for a desktop notification, OSC 777 or OSC 9 where
 * the terminal is known to take one, and runs --notify CMD with the
 * sender and the text as its arguments: never through a shell, since
 * they come from the network.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui.h"

enum { NOTIFY_INTERVAL = 1000, ARGS_MAX = 32 };

static bool titleSet;
static char titleShown[256];

static void put(const char *s, size_t n)
{
	if (write(STDOUT_FILENO, s, n) < 0) {
		/* The terminal is gone: nothing to tell. */
	}
}

/* Which desktop notification the terminal takes, from what it says it is. */
static enum { OSC_NONE, OSC_777, OSC_9 } oscKind(void)
{
	const char *term = getenv("TERM"), *prog = getenv("TERM_PROGRAM");
	if (getenv("VTE_VERSION") || (term && (strstr(term, "rxvt") || strstr(term, "foot")))) {
		return OSC_777;
	}
	if (getenv("WT_SESSION") || getenv("ConEmuPID") || (prog && !strcmp(prog, "iTerm.app"))) {
		return OSC_9;
	}
	return OSC_NONE;
}

void notifyTitle(uint64_t unread, int mentions)
{
	char title[256], item[64];
	/* The terminal's own title stays until there is something to say. */
	if (!titleSet && !unread && !mentions) return;
	snprintf(title, sizeof(title), "%s", PACKAGE);
	if (unread) {
		snprintf(item, sizeof(item), _("unread: %llu"), (unsigned long long)unread);
		snprintf(title + strlen(title), sizeof(title) - strlen(title), " | %s", item);
	}
	if (mentions) {
		snprintf(item, sizeof(item), _("mentions: %d"), mentions);
		snprintf(title + strlen(title), sizeof(title) - strlen(title), " | %s", item);
	}
	if (titleSet && !strcmp(title, titleShown)) return;
	if (!titleSet) put("\033[22;0t", 7);    /* keep the old title, for the end */
	titleSet = true;
	snprintf(titleShown, sizeof(titleShown), "%s", title);
	char seq[300];
	int n = snprintf(seq, sizeof(seq), "\033]2;%s\007", title);
	put(seq, (size_t)n < sizeof(seq) ? (size_t)n : sizeof(seq) - 1);
}

void notifyEnd(void)
{
	if (titleSet) put("\033[23;0t", 7);
	titleSet = false;
}

static void osc(const char *name, const char *text)
{
	char seq[CHAT_WIRE_MAX + 128];
	int n = 0;
	switch (oscKind()) {
	case OSC_777:
		n = snprintf(seq, sizeof(seq), "\033]777;notify;%s;%s\007", name, text);
		break;
	case OSC_9:
		n = snprintf(seq, sizeof(seq), "\033]9;%s: %s\007", name, text);
		break;
	case OSC_NONE:
		return;
	}
	put(seq, (size_t)n < sizeof(seq) ? (size_t)n : sizeof(seq) - 1);
}

/* CMD split at blanks, then the sender and the text. */
static void run(const char *name, const char *text)
{
	char *cmd = xstrdup(tuiOpt.notify), *argv[ARGS_MAX + 3], *save = NULL;
	int argc = 0;
	for (char *w = strtok_r(cmd, " \t", &save); w && argc < ARGS_MAX;
	    w = strtok_r(NULL, " \t", &save)) {
		argv[argc++] = w;
	}
	if (!argc) {
		free(cmd);
		return;
	}
	argv[argc++] = (char *)name;
	argv[argc++] = (char *)text;
	argv[argc] = NULL;
	spawnDetached(argv);
	free(cmd);
}

void notifyMention(const struct entry *e)
{
	static int64_t last = -NOTIFY_INTERVAL;
	if (unreadPresent()) return;
	int64_t now = utilNow();
	if (now - last < NOTIFY_INTERVAL) return;
	last = now;
	char name[CHAT_ADDRNAME_MAX * 4 + 1];
	snprintf(name, sizeof(name), "%.*s", (int)e->nameLen, e->text + e->nameOff);
	const char *text = e->text + e->textOff;
	osc(name, text);
	if (tuiOpt.notify) run(name, text);
}
