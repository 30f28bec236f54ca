/* typed.c: what you type on the input line: messages and /commands.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /quit, /help and /clear are ours; every other /command goes to the
 * server, which answers unknown ones with an error.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui.h"

/* Shows a line we send: pending (dimmed) until it is on its way. */
static void sendShown(const char *wire, enum entryKind kind, const char *text)
{
	struct entry *e = entryFormat(kind, time(NULL), namesSelf, text);
	/* Pending until written, or until acked by a server that acks. */
	bool pending = !connIsUp() || resumeOn();
	if (pending) e->flags |= ENTRY_PENDING;
	uint64_t seq = uiPush(e);
	connSay(wire, pending ? seq : 0);
}

size_t typedCut(const char *text, size_t len, size_t max)
{
	if (len <= max) return len;
	size_t n = max;
	while (n && ((unsigned char)text[n] & 0xC0) == 0x80) n--;
	size_t space = n;
	while (space > max / 2 && text[space] != ' ') space--;
	if (text[space] == ' ') n = space;
	return n ? n : max;
}

/* A message longer than the server takes goes as several (typedCut). */
static void say(const char *text)
{
	/* The server's limit counts the LF; a leading / is doubled. */
	const size_t MAX = resumeMaxLine - 2;
	char buf[CHAT_LINE_MAX + 2];
	while (*text) {
		size_t n = typedCut(text, strlen(text), MAX);
		bool slash = text[0] == '/';
		snprintf(buf, sizeof(buf), "%s%.*s", slash ? "/" : "", (int)n, text);
		char shown[CHAT_LINE_MAX + 1];
		snprintf(shown, sizeof(shown), "%.*s", (int)n, text);
		sendShown(buf, KIND_SELF, shown);
		text += n;
		while (*text == ' ') text++;
	}
	uiMentionsReset();
}

static void showHelp(void);

static void cmdQuit(const char *line, const char *args)
{
	if (connIsUp()) {
		connSend(line, 0);
		connFlushBlocking(1000);
	}
	tuiQuit(EXIT_SUCCESS);
}

static void cmdHelp(const char *line, const char *args)
{
	showHelp();
}

static void cmdClear(const char *line, const char *args)
{
	uiClear();
}

static void cmdGrep(const char *line, const char *args)
{
	searchGrep(args);
}

static void cmdIgnore(const char *line, const char *args)
{
	ignoreCommand(args, true);
}

static void cmdUnignore(const char *line, const char *args)
{
	ignoreCommand(args, false);
}

static void cmdOpen(const char *line, const char *args)
{
	urlOpen(args);
}

static void cmdCopy(const char *line, const char *args)
{
	urlCopy(args);
}

static void cmdMe(const char *line, const char *args)
{
	if (!*args) {
		connSend(line, 0);      /* the server explains the usage */
		return;
	}
	sendShown(line, KIND_ACTION, args);
	uiMentionsReset();
}

static void cmdFingerprint(const char *line, const char *args)
{
	const char *fingerprint = connFingerprint();
	if (!tuiOpt.tls) {
		uiPush(entryNotice(KIND_NOTICE, "%s", _("Not encrypted (--no-tls): there is no fingerprint.")));
	} else if (!fingerprint) {
		uiPush(entryNotice(KIND_NOTICE, "%s", _("Not connected yet: there is no fingerprint.")));
	} else if (connVerified()) {
		/* TRANSLATORS: %s is the fingerprint, then the host name. */
		uiPush(entryNotice(KIND_NOTICE, _("The server's key: %s (its certificate is valid for %s)"),
		    fingerprint, tuiOpt.host));
	} else if (tuiOpt.pin) {
		/* TRANSLATORS: %s is the fingerprint. */
		uiPush(entryNotice(KIND_NOTICE, _("The server's key: %s (the server that --serve started)"),
		    fingerprint));
	} else {
		/* TRANSLATORS: %s is the fingerprint, then the known_hosts file. */
		uiPush(entryNotice(KIND_NOTICE, _("The server's key: %s (trusted on first use, in %s)"),
		    fingerprint, knownPath()));
	}
}

/* Sorted by name, for bsearch; the rest are the server's. */
static const struct command {
	const char *name;
	void (*fn)(const char *line, const char *args);
} commands[] = {
	{ "away", NULL },
	{ "ban", NULL },
	{ "bans", NULL },
	{ "clear", cmdClear },
	{ "copy", cmdCopy },
	{ "fingerprint", cmdFingerprint },
	{ "grep", cmdGrep },
	{ "help", cmdHelp },
	{ "ignore", cmdIgnore },
	{ "kick", NULL },
	{ "me", cmdMe },
	{ "msg", NULL },
	{ "mute", NULL },
	{ "nick", NULL },
	{ "open", cmdOpen },
	{ "quit", cmdQuit },
	{ "release", NULL },
	{ "unban", NULL },
	{ "unignore", cmdUnignore },
	{ "unmute", NULL },
	{ "who", NULL },
};
enum { NCOMMANDS = sizeof(commands) / sizeof(commands[0]) };

static int compare(const void *key, const void *elem)
{
	return strcasecmp(key, ((const struct command *)elem)->name);
}

const char *typedMatch(const char *prefix, size_t *index)
{
	static char buf[32];
	size_t n = strlen(prefix);
	if (!n || prefix[0] != '/') return NULL;
	while (*index < NCOMMANDS) {
		const char *name = commands[(*index)++].name;
		if (!strncasecmp(name, prefix + 1, n - 1)) {
			snprintf(buf, sizeof(buf), "/%s", name);
			return buf;
		}
	}
	return NULL;
}

static void serverCommand(const char *line)
{
	if (connIsUp()) {
		connSend(line, 0);
		return;
	}
	struct entry *e = entryFormat(KIND_RAW, time(NULL), "", line);
	e->flags |= ENTRY_PENDING;
	connSend(line, uiPush(e));
}

static void run(const char *line, bool pasted)
{
	if (!*line) return;
	/* A pasted line is text, never a command. */
	if (pasted || line[0] != '/' || line[1] == '/') {
		say(line[0] == '/' && !pasted ? line + 1 : line);
		return;
	}
	char name[32];
	size_t n = strcspn(line + 1, " ");
	const char *args = line + 1 + n;
	while (*args == ' ') args++;
	snprintf(name, sizeof(name), "%.*s", (int)(n < sizeof(name) ? n : sizeof(name) - 1), line + 1);
	const struct command *cmd = bsearch(name, commands, NCOMMANDS,
	    sizeof(commands[0]), compare);
	if (cmd && cmd->fn) cmd->fn(line, args);
	else serverCommand(line);
}

/* What we type or paste goes through the sanitiser that what we receive
 * goes through, before it is shown or sent: readline and curses take
 * bytes that are not strict UTF-8 (glibc decodes F4 90 80 80, above
 * U+10FFFF), and each of them becomes the three bytes of U+FFFD. */
void typedRun(const char *typed, bool pasted)
{
	size_t len = strlen(typed);
	char *line = xmalloc(SANITIZE_SIZE(len));
	sanitize(line, SANITIZE_SIZE(len), typed, len);
	run(line, pasted);
	free(line);
}

static const char *const helpLines[] = {
	N_("Commands:"),
	N_("  /me TEXT           an action: * NAME TEXT"),
	N_("  /msg NAME TEXT     a private message to NAME"),
	N_("  /nick NAME         change your name"),
	N_("  /who               who is in the room"),
	N_("  /away [TEXT]       say you are away (TEXT: why); alone: you are back"),
	N_("  /release [NAME]    give back a name your key owns (yours by default)"),
	N_("  /grep WORD         list the lines that contain WORD"),
	N_("  /ignore [NAME]     hide what NAME says (kept); alone: list; /unignore NAME"),
	N_("  /open [N], /copy [N]  open or copy the Nth URL on the screen, from the bottom"),
	N_("  /clear             empty the scrollback"),
	N_("  /fingerprint       the server's key, to compare with its host's"),
	N_("  /help              this help"),
	N_("  /quit [REASON]     leave"),
	N_("  //TEXT             send TEXT starting with a slash"),
	N_("  /kick /ban /unban /bans /mute /unmute  for operators only"),
	N_("Keys:"),
	N_("  Enter send, Tab/Shift-Tab cycle through names or /commands, Up/Down history"),
	N_("  Ctrl-R search history, Ctrl-C clear the line, Ctrl-D quit (on an empty line)"),
	N_("  PageUp/PageDown scroll a page, Shift-Up/Shift-Down scroll a line"),
	N_("  M-/ search the scrollback: type a word, Up/Down or M-p/M-n older/newer match,"),
	N_("      Enter stay there, Esc back to the end"),
	N_("  M-u the first unread line, M-p/M-n the previous/next mention of you"),
	N_("  M-j hide or show joins and quits, M-t hide or show the timestamps"),
	N_("  Ctrl-End or Shift-End back to the end, Ctrl-Home or Shift-Home to the top"),
	N_("  Ctrl-L redraw the screen; the other keys edit as in Emacs (readline)"),
	N_("A paste of several lines sends each line as a message, never as a command."),
};

static void showHelp(void)
{
	for (size_t i = 0; i < sizeof(helpLines) / sizeof(helpLines[0]); i++) {
		struct entry *e = entryNotice(KIND_NOTICE, "%s", _(helpLines[i]));
		e->flags |= ENTRY_NOLOG;        /* not the conversation */
		uiPush(e);
	}
}
