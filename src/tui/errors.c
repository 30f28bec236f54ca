/* errors.c: the server's error codes, said in the user's language.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wire carries "-!- error CODE[ ARG]: TEXT" with TEXT in English.
 * The code is what we translate, with ARG (a name, a command, a limit)
 * as its subject; TEXT is shown only for codes this client does not know.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tui.h"

/* Each code with ARG, and without (older servers leave it out). */
static const struct {
	const char *code;
	const char *withArg;    /* one %s: ARG */
	const char *without;
} codes[] = {
	/* TRANSLATORS: %s is the name you asked for. */
	{ "name-taken", N_("The name %s is in use."), N_("That name is in use.") },
	/* TRANSLATORS: %s is the name you asked for. */
	{ "name-owned", N_("The name %s belongs to someone else's key."), N_("That name belongs to someone else's key.") },
	/* TRANSLATORS: %s is the name you asked for. */
	{ "name-invalid", N_("%s is not a valid name: use 1 to 16 letters, digits, '-' or '_', starting with a letter."), N_("Names are 1 to 16 letters, digits, '-' or '_', starting with a letter.") },
	/* TRANSLATORS: %s is the name you asked to give back (/release). */
	{ "not-owned", N_("Nobody owns the name %s."), N_("Nobody owns that name.") },
	/* TRANSLATORS: %s is the name you asked to give back (/release). */
	{ "not-saved", N_("The server could not save that %s is free: it is still yours."), N_("The server could not save the change: the name is still yours.") },
	/* TRANSLATORS: %s is the name you wrote to. */
	{ "no-such-name", N_("Nobody called %s is online."), N_("Nobody of that name is online.") },
	/* TRANSLATORS: %s is the command, with its slash. */
	{ "unknown-command", N_("Unknown command %s: type /help for the commands."), N_("Unknown command: type /help for the commands.") },
	/* TRANSLATORS: %s is the server's limit in bytes. */
	{ "too-long", N_("Lines are limited to %s bytes: that one was not delivered."), N_("That message is too long: it was not delivered.") },
	/* TRANSLATORS: %s is a number of seconds. */
	{ "timeout", N_("A line was not finished within %s seconds: it was dropped."), N_("A line was not finished in time: it was dropped.") },
	{ "full", NULL, N_("The room is full.") },
	/* TRANSLATORS: %s is the command, with its slash. */
	{ "not-operator", N_("Only operators may use %s."), N_("Only operators may do that.") },
	/* TRANSLATORS: %s is a name. */
	{ "operator", N_("%s is an operator: operators cannot be kicked, banned or muted."), N_("Operators cannot be kicked, banned or muted.") },
	{ "muted", NULL, N_("An operator has muted you: nobody sees what you say.") },
	/* TRANSLATORS: %s is a name. */
	{ "already-muted", N_("%s is muted already."), N_("That one is muted already.") },
	/* TRANSLATORS: %s is a name. */
	{ "not-muted", N_("%s is not muted."), N_("Nobody of that name is muted.") },
	/* TRANSLATORS: %s is a name, a key or an address. */
	{ "not-banned", N_("There is no ban on %s."), N_("There is no ban on that name, key or address.") },
	{ "cannot-save", NULL, N_("The server cannot save its bans: nothing was changed.") },
	{ "not-allowed", NULL, N_("This room admits only the keys on its list, and yours is not on it: "
	    "give its operator your fingerprint (chat-tui --fingerprint).") },
};

/* format is a translated withArg from the table: one %s, for ARG. */
static void sayArg(char *buf, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 0)));
static void sayArg(char *buf, size_t size, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	vsnprintf(buf, size, format, ap);
	va_end(ap);
}

static bool known(char *buf, size_t size, const char *code, const char *arg)
{
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		if (strcmp(code, codes[i].code)) continue;
		if (*arg && codes[i].withArg) sayArg(buf, size, _(codes[i].withArg), arg);
		else snprintf(buf, size, "%s", _(codes[i].without));
		return true;
	}
	return false;
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
	/* TRANSLATORS: the words in capitals stand for what you type. */
	{ "/kick", N_("Usage: /kick NAME [REASON]") },
	/* TRANSLATORS: the words in capitals stand for what you type. */
	{ "/ban", N_("Usage: /ban NAME [REASON]") },
	/* TRANSLATORS: the words in capitals stand for what you type. */
	{ "/unban", N_("Usage: /unban NAME, KEY or ADDRESS") },
	/* TRANSLATORS: the words in capitals stand for what you type. */
	{ "/mute", N_("Usage: /mute NAME") },
	/* TRANSLATORS: the words in capitals stand for what you type. */
	{ "/unmute", N_("Usage: /unmute NAME") },
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
