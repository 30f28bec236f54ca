/* password.c: the room's password: --password-file, asking for it, /pass.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chat-server with --password-file says "password" in its hello, then
 * "-!- error password-required" (see chat.h).  From the hello on, conn.c
 * holds back everything but /since and /pass until the welcome, so that
 * no line typed meanwhile reaches the server as an answer.  We answer
 * with the password we have (the file's, or one typed before: it is kept
 * for reconnecting), or ask for it on the input line without showing
 * it.  A wrong one is forgotten, and asked for again.
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "tui.h"

static char *password;          /* NULL until known */
static const char *file;        /* --password-file, while its password is used */
static bool asked;              /* this connection's server waits for it */

void passwordLoad(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f) err(EX_NOINPUT, "%s", path);
	char *line = NULL;
	size_t size = 0;
	ssize_t n = getline(&line, &size, f);
	fclose(f);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
	if (n <= 0) {
		free(line);
		/* TRANSLATORS: %s is the file given to --password-file. */
		errx(EX_NOINPUT, _("%s: no password on its first line"), path);
	}
	password = line;
	file = path;
}

static void forget(void)
{
	if (password) explicit_bzero(password, strlen(password));
	free(password);
	password = NULL;
	file = NULL;
}

void passwordFree(void)
{
	forget();
}

const char *passwordLine(void)
{
	return password;
}

bool passwordWanted(void)
{
	return asked && connIsUp() && inputSecretShown();
}

void passwordConnected(void)
{
	asked = false;
}

static void answer(void)
{
	size_t len = strlen(password) + sizeof("/pass ");
	char *line = xmalloc(len);
	snprintf(line, len, "/pass %s", password);
	connSendPass(line);
	explicit_bzero(line, len);
	free(line);
	asked = false;
}

static void ask(void)
{
	uiPush(entryNotice(KIND_NOTICE, "%s", _("This room has a password: type it and press "
	    "Enter (it is not shown), or Ctrl-D to quit.")));
	/* TRANSLATORS: the input line's prompt while you type the room's password. */
	inputSecret(_("Password: "));
}

/* The server's password-required and bad-password; false for any other. */
bool passwordError(const struct wireMsg *m)
{
	if (!strcmp(m->code, "password-required")) {
		asked = true;
		if (password) answer();
		else if (!inputSecretShown()) ask();
		return true;
	}
	if (strcmp(m->code, "bad-password")) return false;
	if (file) {
		/* TRANSLATORS: %s is the file given to --password-file. */
		uiPush(entryNotice(KIND_ERROR, _("The password in %s is wrong."), file));
	} else {
		uiPush(entryNotice(KIND_ERROR, "%s", _("Wrong password.")));
	}
	forget();
	asked = true;
	ask();
	return true;
}

void passwordTyped(char *line)
{
	size_t len = strlen(line);
	if (!len) {
		ask();
	} else {
		forget();
		password = xstrdup(line);
		if (asked && connIsUp()) answer();
	}
	explicit_bzero(line, len);
}
