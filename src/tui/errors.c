/* errors.c: the server's error codes, said in the user's language.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wire carries "-!- error CODE[ ARG]: TEXT" with TEXT in English.
 * The code is what we translate, with ARG (a name, a command, a limit)
 * as its subject; TEXT is shown only for codes this client does not know.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tui.h"

/* Each code with ARG, and without (older servers leave it out). */
static bool known(char *buf, size_t size, const char *code, const char *arg)
{
	if (!strcmp(code, "name-taken")) {
		/* TRANSLATORS: %s is the name you asked for. */
		if (*arg) snprintf(buf, size, _("The name %s is in use."), arg);
		else snprintf(buf, size, "%s", _("That name is in use."));
	} else if (!strcmp(code, "name-invalid")) {
		/* TRANSLATORS: %s is the name you asked for. */
		if (*arg) snprintf(buf, size, _("%s is not a valid name: use 1 to 16 letters, digits, '-' or '_', starting with a letter."), arg);
		else snprintf(buf, size, "%s", _("Names are 1 to 16 letters, digits, '-' or '_', starting with a letter."));
	} else if (!strcmp(code, "no-such-name")) {
		/* TRANSLATORS: %s is the name you wrote to. */
		if (*arg) snprintf(buf, size, _("Nobody called %s is online."), arg);
		else snprintf(buf, size, "%s", _("Nobody of that name is online."));
	} else if (!strcmp(code, "unknown-command")) {
		/* TRANSLATORS: %s is the command, with its slash. */
		if (*arg) snprintf(buf, size, _("Unknown command %s: type /help for the commands."), arg);
		else snprintf(buf, size, "%s", _("Unknown command: type /help for the commands."));
	} else if (!strcmp(code, "too-long")) {
		/* TRANSLATORS: %s is the server's limit in bytes. */
		if (*arg) snprintf(buf, size, _("Lines are limited to %s bytes: that one was not delivered."), arg);
		else snprintf(buf, size, "%s", _("That message is too long: it was not delivered."));
	} else if (!strcmp(code, "timeout")) {
		/* TRANSLATORS: %s is a number of seconds. */
		if (*arg) snprintf(buf, size, _("A line was not finished within %s seconds: it was dropped."), arg);
		else snprintf(buf, size, "%s", _("A line was not finished in time: it was dropped."));
	} else if (!strcmp(code, "full")) {
		snprintf(buf, size, "%s", _("The room is full."));
	} else {
		return false;
	}
	return true;
}

/* How each command is used: the ARG of a "usage" error. */
static const struct {
	const char *command;
	const char *usage;
} usages[] = {
	/* TRANSLATORS: the words in capitals stand for what you type. */
	{ "/me", N_("Usage: /me TEXT") },
	/* TRANSLATORS: the words in capitals stand for what you type. */
	{ "/msg", N_("Usage: /msg NAME TEXT") },
	/* TRANSLATORS: the words in capitals stand for what you type. */
	{ "/nick", N_("Usage: /nick NAME") },
};

static const char *usageOf(const char *command)
{
	for (size_t i = 0; i < sizeof(usages) / sizeof(usages[0]); i++) {
		if (!strcasecmp(usages[i].command, command)) return _(usages[i].usage);
	}
	return NULL;
}

void errorsFormat(char *buf, size_t size, const struct wireMsg *m)
{
	const char *arg = m->name2;
	if (!strcmp(m->code, "usage") && usageOf(arg)) {
		snprintf(buf, size, "%s", usageOf(arg));
		return;
	}
	if (known(buf, size, m->code, arg)) return;
	/* A code newer than this client: the server's own words. */
	snprintf(buf, size, "%s", m->text);
}
