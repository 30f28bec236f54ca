/* known.c: trust on first use: the servers' fingerprints in known_hosts.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * $XDG_STATE_HOME/chat-tui/known_hosts (or ~/.local/state/chat-tui/)
 * holds one line per server, "HOST:PORT SHA256:..." ("[ADDR]:PORT" for
 * an IPv6 address), in the order first met.  Lines starting with '#' and
 * blank ones are skipped.  It is read afresh at every connection, so that
 * deleting a line takes effect at the next try; it is written whole to a
 * temporary file, synced and renamed over the old one, so that a crash
 * or a full disk never leaves half of it.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

static char *path;

const char *knownPath(void)
{
	if (!path) path = fileStatePath("chat-tui", "known_hosts");
	return path;
}

void knownFree(void)
{
	free(path);
	path = NULL;
}

void knownName(char *buf, size_t size, const char *host, const char *port)
{
	if (strchr(host, ':')) snprintf(buf, size, "[%s]:%s", host, port);
	else snprintf(buf, size, "%s:%s", host, port);
}

enum knownResult { KNOWN_NEW, KNOWN_SAME, KNOWN_CHANGED };

/* KNOWN_CHANGED: old gets the fingerprint on file and *lineNo its line. */
static enum knownResult knownCheck(const char *name, const char *fingerprint,
    char old[CHAT_FINGERPRINT_MAX], int *lineNo)
{
	FILE *file = fopen(knownPath(), "re");
	if (!file) return KNOWN_NEW;
	char line[512];
	enum knownResult result = KNOWN_NEW;
	for (int n = 1; fgets(line, sizeof(line), file); n++) {
		char *key = strtok(line, " \t\r\n");
		char *value = key ? strtok(NULL, " \t\r\n") : NULL;
		if (!value || *key == '#' || strcmp(key, name)) continue;
		if (!strcmp(value, fingerprint)) {
			result = KNOWN_SAME;
			break;
		}
		/* The first line for a host counts, as ssh's first match does. */
		if (result == KNOWN_NEW) {
			snprintf(old, CHAT_FINGERPRINT_MAX, "%s", value);
			*lineNo = n;
			result = KNOWN_CHANGED;
		}
	}
	fclose(file);
	return result;
}

static bool copyOld(FILE *to)
{
	FILE *from = fopen(knownPath(), "re");
	if (!from) return errno == ENOENT;
	char buf[4096];
	size_t n;
	bool ok = true;
	char last = '\n';
	while (ok && (n = fread(buf, 1, sizeof(buf), from)) > 0) {
		ok = fwrite(buf, 1, n, to) == n;
		last = buf[n - 1];
	}
	ok = ok && !ferror(from) && (last == '\n' || putc('\n', to) != EOF);
	fclose(from);
	return ok;
}

struct added {
	const char *name;
	const char *fingerprint;
};

/* The old lines, then the new one. */
static bool writeAll(FILE *out, void *ctx)
{
	const struct added *a = ctx;
	return copyOld(out) && fprintf(out, "%s %s\n", a->name, a->fingerprint) > 0;
}

static bool knownAdd(const char *name, const char *fingerprint, char *why, size_t size)
{
	struct added a = { name, fingerprint };
	if (fileReplace(knownPath(), writeAll, &a)) return true;
	snprintf(why, size, "%s: %s", knownPath(), strerror(errno));
	return false;
}

bool knownTrust(const struct secure *s, char *why, size_t size, char *notice, size_t nsize)
{
	const char *fingerprint = secureFingerprint(s);
	*notice = '\0';
	if (tuiOpt.pin) {
		if (!strcmp(fingerprint, tuiOpt.pin)) return true;
		/* TRANSLATORS: --serve; the fingerprints of the key seen and of the one expected. */
		snprintf(why, size, _("the server's key is %s, not that of the server we started (%s)"),
		    fingerprint, tuiOpt.pin);
		return false;
	}
	if (secureVerified(s)) return true;
	char name[CHAT_ADDRNAME_MAX + 16], old[CHAT_FINGERPRINT_MAX], error[512];
	int line = 0;
	knownName(name, sizeof(name), tuiOpt.host, tuiOpt.port);
	switch (knownCheck(name, fingerprint, old, &line)) {
	case KNOWN_SAME:
		return true;
	case KNOWN_CHANGED:
		/* One line each, so that each fingerprint and the line to delete
		 * stand alone on the screen.  TRANSLATORS: the fingerprint on file,
		 * the new one, a line number and the file; keep the line breaks. */
		snprintf(why, size, _("THE SERVER'S KEY HAS CHANGED: someone may be listening in.\n"
		    "Remembered key: %s\nKey shown now:  %s\n"
		    "Ask the server's host which is right. If it changed on purpose, "
		    "delete line %d of %s:\n%s %s"),
		    old, fingerprint, line, knownPath(), name, old);
		return false;
	case KNOWN_NEW:
		break;
	}
	if (!knownAdd(name, fingerprint, error, sizeof(error))) {
		/* TRANSLATORS: %s is the file and why it could not be written. */
		snprintf(notice, nsize, _("First connection to %s, whose key has the fingerprint %s; "
		    "it could not be remembered: %s"), name, fingerprint, error);
		return true;
	}
	/* TRANSLATORS: HOST:PORT, the fingerprint and the file. */
	snprintf(notice, nsize, _("First connection to %s: its key has the fingerprint %s. "
	    "Check it against what \"chat-server --fingerprint\" prints on the server; "
	    "it is now remembered in %s."), name, fingerprint, knownPath());
	return true;
}
