/* input.c: the input line: readline fed from curses, keys, paste, completion.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Readline never touches the terminal: curses reads the keys, we queue
 * them as bytes for rl_getc_function, and we draw rl_line_buffer
 * ourselves.  HACKING, "Readline inside curses", says why and what
 * depends on what.
 */
#include <config.h>

#include <curses.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <term.h>
#include <unistd.h>
#include <wchar.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "tui.h"

enum { HISTORY_MAX = 1000, PASTE_MAX = 1 << 20 };
enum { KEY_PASTE_START = KEY_MAX + 1, KEY_PASTE_END, KEY_FOCUS_IN, KEY_FOCUS_OUT };

/* Bytes for readline, in the order typed. */
static char queue[4096];
static size_t qhead, qlen;

static bool pasting;
static char *paste;
static size_t pasteLen;
static char *asking;            /* a paste waiting for Enter (see pasteAnswer) */
static long askingLines;

static char *historyPath;
static int historyAdded;        /* lines added in this run */
static FILE *devNull;
static int idleReads;
static bool closed;
/* inputSecret: a password is being typed; the draft waits in draft, to
 * come back once readline has let go of the line (restore). */
static bool secret, restore;
static char *draft;
static int hscroll;

static int rlGetc(FILE *f)
{
	if (!qlen) return EOF;
	unsigned char c = queue[qhead++];
	if (!--qlen) qhead = 0;
	return c;
}

static int rlAvailable(void)
{
	return qlen > 0;
}

static void enqueue(const char *s, size_t n)
{
	if (qhead + qlen + n > sizeof(queue)) {
		memmove(queue, queue + qhead, qlen);
		qhead = 0;
	}
	if (qlen + n > sizeof(queue)) return;
	memcpy(queue + qhead + qlen, s, n);
	qlen += n;
}

static void feed(void)
{
	while (qlen) rl_callback_read_char();
	if (restore && !secret) {
		rl_replace_line(draft ? draft : "", 0);
		rl_point = rl_end;
		free(draft);
		draft = NULL;
		uiDirtyInput();
	}
	restore = false;
}

void inputSecret(const char *prompt)
{
	if (!secret) {
		free(draft);
		draft = xstrdup(rl_line_buffer ? rl_line_buffer : "");
		rl_replace_line("", 0);
		rl_point = 0;
	}
	secret = true;
	searchCancel();
	rl_set_prompt(prompt);
	uiDirtyInput();
}

bool inputSecretShown(void)
{
	return secret;
}

/* Enter on the secret line: never in the history, and wiped. */
static void secretLine(char *line)
{
	secret = false;
	rl_set_prompt("> ");
	explicit_bzero(rl_line_buffer, strlen(rl_line_buffer));
	passwordTyped(line);
	free(line);
	restore = true;
}

static void prepTerm(int meta)
{
}

static void deprepTerm(void)
{
}

static void redisplay(void)
{
	uiDirtyInput();
}

static void onLine(char *line)
{
	if (!line) tuiQuit(EXIT_SUCCESS);
	if (secret) {
		secretLine(line);
		return;
	}
	if (*line) {
		HIST_ENTRY *last = history_get(history_base + history_length - 1);
		if (!last || strcmp(last->line, line)) {
			add_history(line);
			historyAdded++;
		}
	}
	typedRun(line, false);
	free(line);
}

static char *completeCommand(const char *text, int state)
{
	static size_t i;
	if (!state) i = 0;
	const char *m = typedMatch(text, &i);
	return m ? xstrdup(m) : NULL;
}

static char *completeName(const char *text, int state)
{
	static size_t i;
	if (!state) i = 0;
	const char *m = namesMatch(text, &i);
	return m ? xstrdup(m) : NULL;
}

static char **complete(const char *text, int start, int end)
{
	rl_attempted_completion_over = 1;
	if (start == 0 && text[0] == '/') return rl_completion_matches(text, completeCommand);
	return rl_completion_matches(text, completeName);
}

/* The list of matches goes to the scrollback, never to the terminal. */
static void showMatches(char **matches, int n, int longest)
{
	char buf[CHAT_WIRE_MAX];
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 1; i <= n && len + 2 < sizeof(buf); i++) {
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s", i > 1 ? " " : "", matches[i]);
	}
	struct entry *e = entryNotice(KIND_NOTICE, "%s", buf);
	e->flags |= ENTRY_NOLOG;        /* not the conversation */
	uiPush(e);
}

/* The directory for the history, made if missing; NULL (with where
 * naming what failed, and errno set) when it cannot be had. */
static char *historyDir(char *where, size_t size)
{
	char *dir = fileStateDir("chat-tui", NULL);
	where[0] = '\0';
	if (!dir) return NULL;
	snprintf(where, size, "%s", dir);
	if (fileMakeDirs(dir, 0700)) return dir;
	int error = errno;
	free(dir);
	errno = error;
	return NULL;
}

/* Said once, at the start, where it can be seen: not at every exit. */
static bool historyWarned;

static void historyWarn(const char *where, int error)
{
	historyWarned = true;
	/* TRANSLATORS: %s is a file or directory, then the reason. */
	uiPush(entryNotice(KIND_ERROR, _("The input history cannot be kept in %s: %s"),
	    where, strerror(error)));
}

static void historyOpen(void)
{
	using_history();
	stifle_history(HISTORY_MAX);
	char where[4096];
	char *dir = historyDir(where, sizeof(where));
	if (!dir) {
		if (*where) historyWarn(where, errno);
		return;
	}
	historyPath = xmalloc(strlen(dir) + sizeof("/history"));
	sprintf(historyPath, "%s/history", dir);
	if (access(historyPath, F_OK) == 0 ? access(historyPath, W_OK) < 0 : access(dir, W_OK) < 0) {
		historyWarn(historyPath, errno);
	}
	free(dir);
	read_history(historyPath);
	using_history();
}

/* Extended keys curses knows by terminfo name only (Ctrl-End and such). */
static int keyFor(const char *cap)
{
	const char *s = tigetstr(cap);
	if (!s || s == (char *)-1) return -1;
	int k = key_defined(s);
	return k > 0 ? k : -1;
}

struct keyAction {
	const char *cap;        /* terminfo name, for keys without a KEY_ code */
	int key;
	const char *seq;        /* for readline, or NULL */
	void (*fn)(void);
};
static struct keyAction keys[] = {
	{ NULL, KEY_UP, "\033[A", NULL },
	{ NULL, KEY_DOWN, "\033[B", NULL },
	{ NULL, KEY_RIGHT, "\033[C", NULL },
	{ NULL, KEY_LEFT, "\033[D", NULL },
	{ NULL, KEY_HOME, "\033[H", NULL },
	{ NULL, KEY_END, "\033[F", NULL },
	{ NULL, KEY_DC, "\033[3~", NULL },
	{ NULL, KEY_BACKSPACE, "\177", NULL },
	{ NULL, KEY_ENTER, "\r", NULL },
	{ NULL, KEY_BTAB, "\033[Z", NULL },
	{ NULL, KEY_PPAGE, NULL, uiPageUp },
	{ NULL, KEY_NPAGE, NULL, uiPageDown },
	{ NULL, KEY_SR, NULL, uiLineUp },
	{ NULL, KEY_SF, NULL, uiLineDown },
	{ NULL, KEY_SEND, NULL, uiBottom },
	{ NULL, KEY_SHOME, NULL, uiTop },
	{ "kEND5", 0, NULL, uiBottom },
	{ "kHOM5", 0, NULL, uiTop },
	{ "kLFT5", 0, "\033b", NULL },
	{ "kRIT5", 0, "\033f", NULL },
	{ "kUP5", 0, NULL, uiLineUp },
	{ "kDN5", 0, NULL, uiLineDown },
	{ "kDC5", 0, "\033d", NULL },
};
enum { NKEYS = sizeof(keys) / sizeof(keys[0]) };

void inputInit(void)
{
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_prep_term_function = prepTerm;
	rl_deprep_term_function = deprepTerm;
	devNull = fopen("/dev/null", "w");
	rl_outstream = devNull;
	rl_getc_function = rlGetc;
	rl_input_available_hook = rlAvailable;
	rl_redisplay_function = redisplay;
	rl_attempted_completion_function = complete;
	rl_completion_display_matches_hook = showMatches;
	rl_completer_word_break_characters = " \t";
	rl_readline_name = PACKAGE;
	historyOpen();
	for (size_t i = 0; i < NKEYS; i++) {
		if (keys[i].cap) keys[i].key = keyFor(keys[i].cap);
	}
	define_key("\033[200~", KEY_PASTE_START);
	define_key("\033[201~", KEY_PASTE_END);
	define_key("\033[I", KEY_FOCUS_IN);
	define_key("\033[O", KEY_FOCUS_OUT);
	rl_callback_handler_install("> ", onLine);
	rl_variable_bind("completion-ignore-case", "on");
	rl_variable_bind("enable-bracketed-paste", "off");
	if (tuiOpt.mouse) {
		mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
		mouseinterval(0);
	}
	completeInit();
	searchInit();
	unreadInit();
	viewInit();
}

/* Appends this run's lines to the file and trims it, under a lock, as
 * bash's histappend does: two chat-tui sharing a HOME keep both their
 * lines, whichever quits last.  The lock is a file of its own, because
 * history_truncate_file may replace the history file. */
static int historySave(void)
{
	int n = historyAdded < history_length ? historyAdded : history_length;
	if (!n) return 0;
	size_t len = strlen(historyPath);
	char *lockPath = xmalloc(len + sizeof(".lock"));
	memcpy(lockPath, historyPath, len);
	memcpy(lockPath + len, ".lock", sizeof(".lock"));
	int lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(lockPath);
	if (lock >= 0) flock(lock, LOCK_EX);
	int e = 0, fd = open(historyPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) e = errno;
	else close(fd);
	if (!e) e = append_history(n, historyPath);
	if (!e) e = history_truncate_file(historyPath, HISTORY_MAX);
	if (lock >= 0) close(lock);
	return e;
}

void inputFree(void)
{
	rl_callback_handler_remove();
	if (historyPath) {
		int e = historySave();
		/* The screen is gone by now: stderr is seen. */
		if (e && !historyWarned) warnx("%s: %s", historyPath, strerror(e));
		free(historyPath);
		historyPath = NULL;
	}
	clear_history();
	completeFree();
	searchFree();
	free(paste);
	paste = NULL;
	free(asking);
	asking = NULL;
	free(draft);
	draft = NULL;
	if (devNull) fclose(devNull);
	devNull = NULL;
}

static void pasteAdd(const char *s, size_t n)
{
	if (pasteLen + n > PASTE_MAX) return;
	paste = xrealloc(paste, pasteLen + n + 1);
	memcpy(paste + pasteLen, s, n);
	pasteLen += n;
	paste[pasteLen] = '\0';
}

/* A paste of more than --paste-max lines waiting for Enter (send it) or
 * Escape or Ctrl-C (drop it), as WeeChat asks: the flood limit makes a
 * long paste take a while to reach the others, and a paste into the
 * wrong window is easy. */
static void pasteSend(char *all)
{
	char *save = NULL;
	for (char *l = strtok_r(all, "\r\n", &save); l; l = strtok_r(NULL, "\r\n", &save)) {
		typedRun(l, true);
	}
	free(all);
}

static long countLines(const char *s)
{
	long n = 0;
	char *copy = xstrdup(s), *save = NULL;
	for (char *l = strtok_r(copy, "\r\n", &save); l; l = strtok_r(NULL, "\r\n", &save)) n++;
	free(copy);
	return n;
}

/* Enter, Escape or Ctrl-C while a paste waits; true when the key was
 * taken (every key is, while one waits). */
static bool pasteAnswer(bool code, wint_t ch)
{
	if (!asking) return false;
	bool yes = code ? ch == KEY_ENTER : ch == '\r' || ch == '\n';
	bool no = !code && (ch == 27 || ch == 3);
	if (!yes && !no) return true;
	char *all = asking;
	asking = NULL;
	if (yes) {
		pasteSend(all);
	} else {
		free(all);
		/* TRANSLATORS: %ld is a number of lines. */
		uiPush(entryNotice(KIND_NOTICE, ngettext("Paste of %ld line dropped.",
		    "Paste of %ld lines dropped.", askingLines), askingLines));
	}
	uiDirtyInput();
	return true;
}

/* A paste without a line break is typed text; with one, every line is
 * sent as a message, so a pasted "/quit" is the text "/quit". */
static void pasteDone(void)
{
	pasting = false;
	feed();
	if (!pasteLen) return;
	if (secret) {
		/* A pasted password: its first line, and nothing sent. */
		paste[strcspn(paste, "\r\n")] = '\0';
		rl_insert_text(paste);
		explicit_bzero(paste, pasteLen);
		pasteLen = 0;
		uiDirtyInput();
		return;
	}
	if (!strpbrk(paste, "\r\n")) {
		rl_insert_text(paste);
		pasteLen = 0;
		uiDirtyInput();
		return;
	}
	char *all = xmalloc(rl_end + pasteLen + 1);
	sprintf(all, "%.*s%s%s", rl_point, rl_line_buffer, paste, rl_line_buffer + rl_point);
	pasteLen = 0;
	rl_replace_line("", 0);
	rl_point = 0;
	long n = countLines(all);
	if (asking) {
		/* Pasted again while we ask: one answer for both. */
		char *both = xmalloc(strlen(asking) + strlen(all) + 2);
		sprintf(both, "%s\n%s", asking, all);
		free(asking);
		free(all);
		asking = both;
		askingLines += n;
	} else if (tuiOpt.pasteMax && n > tuiOpt.pasteMax) {
		asking = all;
		askingLines = n;
		/* TRANSLATORS: %ld is a number of lines. */
		uiPush(entryNotice(KIND_NOTICE, ngettext(
		    "Send the %ld pasted line? Enter sends it, Escape or Ctrl-C drops it.",
		    "Send the %ld pasted lines? Enter sends them, Escape or Ctrl-C drops them.",
		    n), n));
	} else {
		pasteSend(all);
	}
	uiDirtyInput();
}

/* --mouse: the wheel scrolls three rows, as in most terminals. */
static void wheel(void)
{
	MEVENT ev;
	if (getmouse(&ev) != OK) return;
	for (int i = 0; i < 3; i++) {
		if (ev.bstate & BUTTON4_PRESSED) uiLineUp();
		else if (ev.bstate & BUTTON5_PRESSED) uiLineDown();
	}
}

static void onKey(int key)
{
	if (key == KEY_PASTE_START) {
		pasting = true;
		pasteLen = 0;
		return;
	}
	if (key == KEY_PASTE_END) {
		pasteDone();
		return;
	}
	if (pasting || key == KEY_RESIZE) return;
	if (key == KEY_MOUSE) {
		wheel();
		return;
	}
	for (size_t i = 0; i < NKEYS; i++) {
		if (keys[i].key != key) continue;
		if (keys[i].seq) enqueue(keys[i].seq, strlen(keys[i].seq));
		if (keys[i].fn) keys[i].fn();
		return;
	}
}

/* A byte typed in a locale that is not UTF-8, as UTF-8 in buf (0 while a
 * character is not complete).  glibc's wchar_t is Unicode whatever the
 * locale.  What the locale cannot decode (a UTF-8 terminal under
 * LC_ALL=C) goes as it is: the server repairs what is not UTF-8. */
static size_t fromLocale(unsigned char b, char *buf)
{
	static mbstate_t ps;
	static bool ascii = false, known = false;
	if (!known) {
		ascii = !strcmp(nl_langinfo(CODESET), "ANSI_X3.4-1968");
		known = true;
	}
	buf[0] = (char)b;
	if (b < 0x80 || ascii) {
		memset(&ps, 0, sizeof(ps));
		return 1;
	}
	wchar_t wc;
	char in = (char)b;
	size_t n = mbrtowc(&wc, &in, 1, &ps);
	if (n == (size_t)-2) return 0;
	if (n == (size_t)-1 || wc < 0x80 || wc > 0x10FFFF) {
		memset(&ps, 0, sizeof(ps));
		return 1;
	}
	return utf8Encode(buf, (uint32_t)wc);
}

static void onChar(wint_t ch)
{
	char buf[MB_LEN_MAX > 4 ? MB_LEN_MAX : 4];
	mbstate_t ps;
	memset(&ps, 0, sizeof(ps));
	if (ch == '\f' && !pasting) {
		uiRedraw();
		return;
	}
	/* What we send is UTF-8 in every locale. */
	size_t n = tuiUtf8 ? wcrtomb(buf, (wchar_t)ch, &ps) : fromLocale((unsigned char)ch, buf);
	if (n == (size_t)-1 || n == 0) return;
	if (pasting) {
		if (ch < 0x20 && ch != '\t' && ch != '\r' && ch != '\n') return;
		pasteAdd(buf, n);
	} else {
		enqueue(buf, n);
	}
}

/* In a locale that is not UTF-8, curses would decode the keys in the
 * locale's charset and drop what does not decode (and what follows it):
 * there we read bytes, and fromLocale makes UTF-8 of them. */
static int readKey(WINDOW *win, wint_t *ch)
{
	if (tuiUtf8) return wget_wch(win, ch);
	int c = wgetch(win);
	if (c == ERR) return ERR;
	*ch = (wint_t)c;
	return c >= KEY_MIN ? KEY_CODE_YES : OK;
}

/* Readline sees each key before the next is read, so that the keys after
 * M-/ go to the search.  Not in other locales: there readline must see
 * the bytes of a character together, and whole characters are not known. */
static void dispatch(int r, wint_t ch)
{
	bool code = r == KEY_CODE_YES;
	if (code && (ch == KEY_FOCUS_IN || ch == KEY_FOCUS_OUT)) {
		unreadFocus(ch == KEY_FOCUS_IN);
		return;
	}
	if (!pasting && pasteAnswer(code, ch)) return;
	if (searchActive() && !pasting && !(code && ch == KEY_PASTE_START)) {
		searchInput(code, (int)ch, ch);
		return;
	}
	if (code) onKey((int)ch);
	else onChar(ch);
	if (!pasting && tuiUtf8) feed();
}

/* A tty that has gone away stays readable for ever: notice it, or the
 * loop would spin. */
static void checkClosed(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	if (poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL))) closed = true;
	if (++idleReads > 100) closed = true;
}

void inputRead(void)
{
	WINDOW *win = uiInputWindow();
	if (!win) win = stdscr;
	wint_t ch;
	int r;
	bool any = false;
	while ((r = readKey(win, &ch)) != ERR) {
		any = true;
		dispatch(r, ch);
	}
	if (any) idleReads = 0;
	else checkClosed();
	feed();
	searchIdle();
}

bool inputClosed(void)
{
	return closed;
}

void inputClear(void)
{
	if (asking) pasteAnswer(false, 3);
	pasting = false;
	pasteLen = 0;
	qlen = qhead = 0;
	rl_callback_sigcleanup();
	rl_free_line_state();
	using_history();
	rl_replace_line("", 0);
	rl_point = 0;
	rl_reset_line_state();
	searchCancel();
	uiDirtyInput();
}

void inputAfterResize(void)
{
	hscroll = 0;
	/* resizeterm queued a KEY_RESIZE that select cannot see. */
	WINDOW *win = uiInputWindow();
	wint_t ch;
	int r;
	if (!win) win = stdscr;
	/* Keys typed just now go through as usual; onKey drops KEY_RESIZE. */
	while ((r = readKey(win, &ch)) != ERR) dispatch(r, ch);
	feed();
}

/* The text with the cursor: prompt, then the line, scrolled sideways. */
struct cell {
	const char *s;
	size_t n;
	int w;
	bool bad;       /* shown as '?' */
};

/* Whether the sanitiser keeps the code point of n bytes at s as it is:
 * the draft is shown as it will be sent (see typedRun). */
static bool kept(const char *s, size_t n)
{
	char out[SANITIZE_SIZE(4)];
	return sanitize(out, sizeof(out), s, n) == n && !memcmp(out, s, n);
}

static size_t nextCell(const char *s, size_t len, struct cell *c)
{
	unsigned char b = *s;
	c->s = s;
	c->bad = false;
	/* In UTF-8 the sanitiser decides, not glibc, which decodes more than
	 * strict UTF-8 (F4 90 80 80, F8 88 80 80 80): each byte it would
	 * replace, and each code point it would remove (bidi controls),
	 * shows as one U+FFFD. */
	if (!tuiUtf8 && b >= 0x80) {
		/* The line is UTF-8 (see fromLocale): a character, one '?'. */
		uint32_t cp;
		size_t k = utf8Decode(s, len, &cp);
		c->n = k ? k : 1;
		c->w = 1;
		return c->n;
	}
	if (tuiUtf8 && b >= 0x80) {
		uint32_t cp;
		size_t k = utf8Decode(s, len, &cp);
		c->bad = !k || !kept(s, k);
		c->n = k ? k : 1;
		c->w = c->bad ? 1 : wcwidth((wchar_t)cp);
		if (c->w < 0) c->w = 1;
		return c->n;
	}
	mbstate_t ps;
	wchar_t wc;
	memset(&ps, 0, sizeof(ps));
	size_t n = mbrtowc(&wc, s, len, &ps);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		c->n = 1;
		c->w = b < 0x20 || b == 0x7F ? 2 : 1;
		return 1;
	}
	c->n = n;
	c->w = wc < 0x20 || wc == 0x7F ? 2 : wcwidth(wc);
	if (c->w < 0) c->w = 1;
	return n;
}

static void drawCell(WINDOW *win, const struct cell *c)
{
	unsigned char b = *c->s;
	if (c->n == 1 && (b < 0x20 || b == 0x7F)) {
		char ctl[3] = { '^', b == 0x7F ? '?' : b + '@', '\0' };
		wattr_on(win, A_REVERSE, NULL);
		waddstr(win, ctl);
		wattr_off(win, A_REVERSE, NULL);
	} else if (c->bad) {
		waddstr(win, "\xEF\xBF\xBD");
	} else if (!tuiUtf8 && b >= 0x80) {
		waddch(win, '?');
	} else {
		waddnstr(win, c->s, (int)c->n);
	}
}

static int textWidth(const char *s, size_t len)
{
	int w = 0;
	struct cell c;
	for (size_t i = 0; i < len; i += c.n) {
		nextCell(s + i, len - i, &c);
		w += c.w;
	}
	return w;
}

/* Draws the cells of s whose columns (counted from 0 at s, less hscroll)
 * fall inside [0, width), at column at of the window. */
static void drawText(WINDOW *win, const char *s, size_t len, int at, int width)
{
	struct cell c;
	int col = 0;
	for (size_t i = 0; i < len; i += c.n) {
		nextCell(s + i, len - i, &c);
		int x = col - hscroll;
		col += c.w;
		if (x < 0 || x + c.w > width) continue;
		wmove(win, 0, at + x);
		drawCell(win, &c);
	}
}

/* Scrolls so that the cursor, at column cursor of a text that is total
 * columns wide, shows in a view width columns wide.  With markers, the
 * first and last columns are not the cursor's when they hold a marker. */
static void follow(int cursor, int total, int width, bool markers)
{
	for (int i = 0; i < 3; i++) {
		bool left = markers && hscroll > 0;
		bool right = markers && total + 1 - hscroll > width;
		int start = hscroll + left, end = hscroll + width - right;
		if (cursor < start) hscroll = cursor - width / 2;
		else if (cursor >= end) hscroll = cursor - width + 1 + width / 4;
		if (hscroll > total + 1 - width) hscroll = total + 1 - width;
		if (hscroll < 0) hscroll = 0;
	}
}

static void marker(WINDOW *win, int x, char c)
{
	wattr_on(win, A_REVERSE, NULL);
	mvwaddch(win, 0, x, c);
	wattr_off(win, A_REVERSE, NULL);
}

/* The prompt stays at the left; the text scrolls sideways after it, with
 * '<' and '>' where some of it is hidden. */
void inputDraw(WINDOW *win, int width)
{
	const char *prompt = rl_display_prompt ? rl_display_prompt : "";
	const char *line = rl_line_buffer;
	size_t point = rl_point < 0 ? 0 : (size_t)rl_point, end = rl_end;
	char search[512];
	if (secret) {
		/* Nothing of it, not even its length. */
		line = "";
		end = point = 0;
	}
	if (searchActive()) {
		/* The line typed so far waits, unseen, until the search ends. */
		prompt = "";
		line = search;
		end = point = searchPrompt(search, sizeof(search));
		if (end >= sizeof(search)) end = point = strlen(search);
	}
	size_t plen = strlen(prompt);
	if (point > end) point = end;
	int pw = textWidth(prompt, plen);
	int cursor = textWidth(line, point);
	int total = textWidth(line, end);
	werase(win);
	wattr_set(win, A_NORMAL, 0, NULL);
	if (width - pw < 6) {
		/* Too narrow to keep the prompt: the prompt scrolls too. */
		char *all = xmalloc(plen + end + 1);
		memcpy(all, prompt, plen);
		memcpy(all + plen, line, end);
		follow(pw + cursor, pw + total, width, false);
		drawText(win, all, plen + end, 0, width);
		free(all);
		int x = pw + cursor - hscroll;
		wmove(win, 0, x < width ? x : width - 1);
		return;
	}
	int view = width - pw, hold = hscroll;
	hscroll = 0;
	drawText(win, prompt, plen, 0, pw);
	hscroll = hold;
	follow(cursor, total, view, true);
	drawText(win, line, end, pw, view);
	if (hscroll > 0) marker(win, pw, '<');
	if (total + 1 - hscroll > view) marker(win, width - 1, '>');
	wmove(win, 0, pw + cursor - hscroll);
}
