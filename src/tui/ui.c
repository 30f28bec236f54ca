/* ui.c: the curses screen: scrollback pane, status bar, input line, --log.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drawing is coalesced: changes only mark a window dirty, and uiDraw,
 * once per pass of the event loop, draws what is on screen.  The
 * scrollback pane wraps only the entries it shows, so a redraw costs
 * O(screen) whatever the length of the scrollback.
 */
#include <config.h>

#include <curses.h>
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tui.h"

static struct scroll scrollback;

static SCREEN *screen;
static bool active;
static WINDOW *wScroll, *wStatus, *wInput;
static int rows, cols, paneRows;
static bool dirtyScroll, dirtyStatus, dirtyInput;
static bool bellPending;
static void ring(void);
static bool color;

/* The pane shows the row at view at its bottom, unless it follows the end. */
static bool following = true;
static struct scrollPos view;
/* The first entry that came while scrolled up: "+N new" counts from it. */
static uint64_t newFrom;
static void pinTop(void);
static int mentions;

/* What a crash handler writes to give the terminal back. */
static struct termios savedTermios;
static bool haveTermios;
static char crashSeq[256];
static size_t crashLen;

/* Names take one of these colours, by a hash of the name.  With 256
 * colours, twelve hues a step apart round the colour wheel, at one
 * brightness that reads on dark and light backgrounds alike: more names
 * get a colour of their own, and no two hues look alike.  Both counts
 * divide 240 (see handle.c). */
static const short hues8[] = {
	COLOR_RED, COLOR_GREEN, COLOR_YELLOW, COLOR_BLUE, COLOR_MAGENTA, COLOR_CYAN,
};
static const short hues256[] = {
	160, 172, 142, 70, 34, 36, 37, 32, 63, 92, 164, 162,
};
static const short *hueColors = hues8;
static int hues = sizeof(hues8) / sizeof(hues8[0]);

/* Bracketed paste, and focus events for the unread marker. */
static const char pasteOn[] = "\033[?2004h\033[?1004h";
/* Mouse reporting too, which curses turns on for --mouse. */
static const char pasteOff[] = "\033[?2004l\033[?1004l\033[?1000l\033[?1006l";

static void crashAppend(const char *cap)
{
	const char *s = tigetstr(cap);
	if (!s || s == (char *)-1) return;
	size_t n = strlen(s);
	if (crashLen + n >= sizeof(crashSeq)) return;
	memcpy(crashSeq + crashLen, s, n);
	crashLen += n;
}

static void initColors(void)
{
	color = tuiOpt.color && has_colors();
	if (!color) return;
	start_color();
	use_default_colors();
	if (COLORS >= 256 && COLOR_PAIRS > (int)(sizeof(hues256) / sizeof(hues256[0]))) {
		hueColors = hues256;
		hues = sizeof(hues256) / sizeof(hues256[0]);
	}
	for (short i = 0; i < hues; i++) init_pair(i + 1, hueColors[i], -1);
}

static void dropWindows(void)
{
	if (wScroll) delwin(wScroll);
	if (wStatus) delwin(wStatus);
	if (wInput) delwin(wInput);
	wScroll = wStatus = wInput = NULL;
}

/* The input line comes first: with fewer than three rows, show what fits. */
static void layout(void)
{
	dropWindows();
	paneRows = 0;
	if (rows < 1 || cols < 1) return;
	wInput = newwin(1, cols, rows - 1, 0);
	if (wInput) {
		keypad(wInput, TRUE);
		nodelay(wInput, TRUE);
	}
	if (rows >= 2) wStatus = newwin(1, cols, rows - 2, 0);
	if (rows >= 3) {
		paneRows = rows - 2;
		wScroll = newwin(paneRows, cols, 0, 0);
	}
	dirtyScroll = dirtyStatus = dirtyInput = true;
}

/* Size from the kernel; curses keeps its own, which may be stale. */
static void querySize(int *r, int *c)
{
	struct winsize ws;
	*r = LINES;
	*c = COLS;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) {
		*r = ws.ws_row;
		*c = ws.ws_col;
	}
}

void uiInit(size_t scrollbackLines)
{
	scrollInit(&scrollback, scrollbackLines);
	haveTermios = tcgetattr(STDIN_FILENO, &savedTermios) == 0;
	const char *term = getenv("TERM");
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		/* TRANSLATORS: %s is the value of TERM. */
		errx(EXIT_FAILURE, _("cannot use the terminal type '%s'; set TERM"),
		    term ? term : "");
	}
	set_term(screen);
	const char *cup = tigetstr("cup");
	if (!cup || cup == (char *)-1) {
		/* A terminal that cannot move the cursor (TERM=dumb) would show
		 * a mess, and what is typed would go to the room unseen. */
		endwin();
		delscreen(screen);
		screen = NULL;
		/* TRANSLATORS: %s is the value of TERM; keep "| cat" as it is. */
		errx(EXIT_FAILURE, _("the terminal type '%s' cannot move the cursor; use a terminal that can, or line mode, as in: chat-tui HOST PORT | cat"),
		    term ? term : "");
	}
	active = true;
	cbreak();
	noecho();
	nonl();
	set_escdelay(25);
	/* Typed keys must not hold back drawing: we read them all first. */
	typeahead(-1);
	initColors();
	/* Keys are read from stdscr while the terminal is too small for windows. */
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	crashAppend("sgr0");
	crashAppend("cnorm");
	crashAppend("rmkx");
	crashAppend("rmcup");
	memcpy(crashSeq + crashLen, pasteOff, sizeof(pasteOff) - 1);
	crashLen += sizeof(pasteOff) - 1;
	querySize(&rows, &cols);
	if (rows > 0 && cols > 0 && (rows != LINES || cols != COLS)) resizeterm(rows, cols);
	layout();
	refresh();
	if (write(STDOUT_FILENO, pasteOn, sizeof(pasteOn) - 1) < 0) {
		/* Without bracketed paste, pastes are typed text. */
	}
}

void uiFree(void)
{
	scrollFree(&scrollback);
}

void uiHide(void)
{
	if (!active) return;
	active = false;
	dropWindows();
	endwin();
	notifyEnd();
	fflush(stdout);
	if (write(STDOUT_FILENO, pasteOff, sizeof(pasteOff) - 1) < 0) {
		/* The terminal is gone; nothing is left to restore. */
	}
	delscreen(screen);
	screen = NULL;
}

void uiCrashRestore(void)
{
	if (!active) return;
	if (write(STDOUT_FILENO, crashSeq, crashLen) < 0) {
		/* Nothing more can be done in a crash. */
	}
	if (haveTermios) tcsetattr(STDIN_FILENO, TCSANOW, &savedTermios);
}

void uiResize(void)
{
	if (!active) return;
	querySize(&rows, &cols);
	if (rows > 0 && cols > 0) resizeterm(rows, cols);
	layout();
	clearok(curscr, TRUE);
	inputAfterResize();
}

void uiRedraw(void)
{
	if (!active) return;
	int r, c;
	querySize(&r, &c);
	/* A size change we were not told of (while stopped): lay out again. */
	if (r != rows || c != cols) {
		uiResize();
		return;
	}
	clearok(curscr, TRUE);
	dirtyScroll = dirtyStatus = dirtyInput = true;
}

void uiDirtyInput(void)
{
	dirtyInput = true;
}

void uiDirtyStatus(void)
{
	dirtyStatus = true;
}

WINDOW *uiInputWindow(void)
{
	return wInput;
}

/* Adds the bytes of s that fit before column max, in one call. */
static void drawSpan(WINDOW *win, const char *s, size_t len, attr_t attr, short pair, int max)
{
	int x = getcurx(win);
	size_t n = 0;
	while (n < len) {
		uint32_t cp;
		size_t k = wrapDecode(s + n, len - n, &cp);
		int w = wrapCharWidth(cp);
		if (x + w > max) break;
		x += w;
		n += k;
	}
	if (!n) return;
	wattr_set(win, attr, pair, NULL);
	waddnstr(win, s, (int)n);
}

struct span {
	size_t end;
	attr_t attr;
	short pair;
};

static const attr_t kindText[] = {
	[KIND_CHAT] = A_NORMAL,
	[KIND_SELF] = A_BOLD,
	[KIND_ACTION] = A_ITALIC,
	[KIND_PRIVATE] = A_UNDERLINE,
	[KIND_PRIVATE_SENT] = A_UNDERLINE,
	[KIND_NOTICE] = A_NORMAL,
	[KIND_ERROR] = A_BOLD,
	[KIND_RAW] = A_NORMAL,
};

/* An entry is three spans of attributes: before the text (with the
 * name coloured in it), and the text. */
static int spans(const struct entry *e, struct span *sp)
{
	attr_t base = (e->flags & (ENTRY_HISTORY | ENTRY_PENDING)) ? A_DIM : A_NORMAL;
	attr_t name = base;
	short namePair = 0, textPair = 0;
	if (e->kind == KIND_NOTICE || e->kind == KIND_ERROR) {
		name |= A_BOLD;
	} else if (color) {
		namePair = e->hue % hues + 1;
	} else {
		name |= A_BOLD;
	}
	/* Someone whose name anyone could have taken. */
	if (e->flags & ENTRY_UNVERIFIED) name |= A_UNDERLINE;
	attr_t text = base | kindText[e->kind];
	if (e->kind == KIND_ERROR && color) textPair = 1;
	if (e->flags & ENTRY_MENTION) text |= A_REVERSE;
	int n = 0;
	sp[n++] = (struct span) { e->nameOff, base, 0 };
	sp[n++] = (struct span) { e->nameOff + e->nameLen, name, namePair };
	sp[n++] = (struct span) { e->textOff, base, 0 };
	sp[n++] = (struct span) { e->len, text, textPair };
	return n;
}

static void drawPiece(WINDOW *win, const struct entry *e, size_t a, size_t b, attr_t flip)
{
	struct span sp[4];
	int n = spans(e, sp);
	size_t from = 0;
	for (int i = 0; i < n && a < b; i++) {
		size_t end = sp[i].end;
		if (end > from && end > a) {
			size_t stop = end < b ? end : b;
			drawSpan(win, e->text + a, stop - a, sp[i].attr ^ flip, sp[i].pair, cols);
			a = stop;
		}
		from = end;
	}
}

/* Search matches are shown in reverse video, or without it on a line
 * that is reversed already. */
static void drawMarked(WINDOW *win, const struct entry *e, size_t a, size_t b)
{
	size_t s, t;
	while (a < b && searchSpan(e, a, &s, &t) && s < b) {
		drawPiece(win, e, a, s, 0);
		if (t > b) t = b;
		drawPiece(win, e, s, t, A_REVERSE);
		a = t;
	}
	drawPiece(win, e, a, b, 0);
}

/* Draws rows of e from row skip onwards at y; returns the next free row. */
static int drawEntry(struct entry *e, int skip, int y)
{
	struct wrap w;
	size_t a, b;
	size_t start = entryStart(e);
	wrapInit(&w, e->text + start, e->len - start, cols, entryIndent(e));
	for (int row = 0; y < paneRows && wrapNext(&w, &a, &b); row++) {
		if (row < skip) continue;
		wmove(wScroll, y, row ? wrapIndent(&w) : 0);
		drawMarked(wScroll, e, start + a, start + b);
		y++;
	}
	return y;
}

static void drawMarker(int y)
{
	wattr_set(wScroll, A_BOLD, color ? 1 : 0, NULL);
	mvwhline(wScroll, y, 0, '-', cols);
}

static void drawScroll(void)
{
	werase(wScroll);
	if (scrollEmpty(&scrollback)) return;
	pinTop();
	struct scrollPos bottom = view;
	if (following) bottom = scrollLast(&scrollback, cols);
	scrollClamp(&scrollback, &bottom, cols);
	struct scrollPos top = bottom;
	int above = scrollMove(&scrollback, &top, -(paneRows - 1), cols);
	/* The marker takes a row of its own: one row less of the lines, when
	 * they fill the pane. */
	uint64_t mark = unreadMarker();
	if (mark && mark >= top.seq && mark < bottom.seq && above == paneRows - 1) {
		scrollMove(&scrollback, &top, 1, cols);
	}
	int y = 0;
	for (uint64_t seq = top.seq; y < paneRows; seq++) {
		struct entry *e = scrollGet(&scrollback, seq);
		if (!e) break;
		if (!entryHidden(e)) y = drawEntry(e, seq == top.seq ? top.row : 0, y);
		if (seq == mark && y < paneRows) drawMarker(y++);
	}
}

/* The status bar's items, each with the order in which it gives way
 * when the bar is too narrow: what needs attention (new lines, mentions,
 * lines waiting) stays; host:port, which you know, is shortened first. */
enum { STATUS_ITEMS = 9, STATUS_ITEM = 128 };
struct status {
	char text[STATUS_ITEMS][SANITIZE_SIZE(STATUS_ITEM)];   /* sanitised */
	int drop[STATUS_ITEMS];         /* 0: never; else 1 goes before 2... */
	int n;
};

static void statusAdd(struct status *st, int drop, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void statusAdd(struct status *st, int drop, const char *fmt, ...)
{
	char raw[STATUS_ITEM];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/* The host and port are the user's bytes, and may be cut anywhere. */
	sanitize(st->text[st->n], sizeof(st->text[0]), raw, strlen(raw));
	st->drop[st->n++] = drop;
}

static size_t statusJoin(const struct status *st, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < st->n && len < size; i++) {
		if (st->drop[i] < 0) continue;
		len += snprintf(buf + len, size - len, "%s%s", len ? " | " : " ", st->text[i]);
	}
	return len < size ? len : size - 1;
}

/* Cuts item i to width columns, with an ellipsis for what is hidden. */
static void statusShorten(struct status *st, int i, int width)
{
	char *t = st->text[i];
	size_t len = strlen(t), n = 0;
	int w = 0;
	while (n < len) {
		uint32_t cp;
		size_t k = wrapDecode(t + n, len - n, &cp);
		if (w + wrapCharWidth(cp) > width - 1) break;
		w += wrapCharWidth(cp);
		n += k;
	}
	strcpy(t + n, tuiUtf8 ? "\u2026" : "~");
}

/* Lines below the view that came after you scrolled up, not those that
 * were already there. */
static uint64_t unread(void)
{
	if (following) return 0;
	pinTop();
	uint64_t from = view.seq + 1 > newFrom ? view.seq + 1 : newFrom;
	return scrollback.next > from ? scrollback.next - from : 0;
}

static void drawStatus(void)
{
	struct status st = { .n = 0 };
	int64_t now = utilNow();
	if (passwordWanted()) {
		/* TRANSLATORS: the status bar, while the room waits for your
		 * password: connected, but not in the room yet. */
		statusAdd(&st, 5, "%s", _("password needed"));
	} else if (connReady()) {
		statusAdd(&st, 5, "%s", _("connected"));
	} else if (connState == CONN_BARRED) {
		/* TRANSLATORS: the status bar, after a ban or a refused key. */
		statusAdd(&st, 5, "%s", _("refused"));
	} else if (connState != CONN_WAIT) {
		statusAdd(&st, 5, "%s", _("connecting"));
	} else {
		/* TRANSLATORS: the status bar; %d is a number of seconds. */
		statusAdd(&st, 5, _("reconnecting in %ds"), connRetryIn(now));
	}
	int where = st.n;
	if (strchr(tuiOpt.host, ':')) statusAdd(&st, 1, "[%s]:%s", tuiOpt.host, tuiOpt.port);
	else statusAdd(&st, 1, "%s:%s", tuiOpt.host, tuiOpt.port);
	if (*namesSelf) statusAdd(&st, 2, "%s", namesSelf);
	if (namesOnline > 0) {
		/* TRANSLATORS: the status bar: how many are in the room. */
		statusAdd(&st, 3, _("%ld online"), namesOnline);
	}
	size_t waiting = connWaiting();
	if (waiting) {
		/* TRANSLATORS: the status bar: your lines the server has not taken yet. */
		statusAdd(&st, 0, ngettext("%zu line waiting", "%zu lines waiting", waiting), waiting);
	}
	if (!following) {
		uint64_t n = unread();
		/* TRANSLATORS: the status bar, while scrolled up: lines below the view. */
		if (n) statusAdd(&st, 0, _("+%llu new"), (unsigned long long)n);
		/* TRANSLATORS: the status bar, while scrolled up. */
		else statusAdd(&st, 4, "%s", _("scrolled up"));
	}
	if (!tuiUtf8) {
		/* The warning in the scrollback is soon pushed away by the
		 * replay; this stays.  TRANSLATORS: the status bar, when the
		 * locale's character set is not UTF-8. */
		statusAdd(&st, 3, "%s", _("not UTF-8"));
	}
	if (unreadCount()) {
		/* TRANSLATORS: the status bar: lines that came while the
		 * terminal did not have the focus. */
		statusAdd(&st, 0, _("unread: %llu"), (unsigned long long)unreadCount());
	}
	if (mentions) {
		/* TRANSLATORS: the status bar: lines that mention you. */
		statusAdd(&st, 0, _("mentions: %d"), mentions);
	}
	if (connState == CONN_UP) {
		/* TRANSLATORS: the status bar: the connection is encrypted, or not. */
		statusAdd(&st, 4, "%s", connEncrypted() ? _("TLS") : _("not encrypted"));
	}
	char shown[sizeof(st.text)];
	size_t n = statusJoin(&st, shown, sizeof(shown));
	int over = wrapWidth(shown, n) - cols;
	int hostWidth = wrapWidth(st.text[where], strlen(st.text[where]));
	if (over > 0 && hostWidth - over >= 8) {
		statusShorten(&st, where, hostWidth - over);
		n = statusJoin(&st, shown, sizeof(shown));
	}
	for (int rank = 1; wrapWidth(shown, n) > cols && rank <= 5; rank++) {
		for (int i = 0; i < st.n; i++) {
			if (st.drop[i] == rank) st.drop[i] = -1;
		}
		n = statusJoin(&st, shown, sizeof(shown));
	}
	wattr_set(wStatus, A_REVERSE, 0, NULL);
	mvwhline(wStatus, 0, 0, ' ', cols);
	wmove(wStatus, 0, 0);
	drawSpan(wStatus, shown, n, A_REVERSE, 0, cols);
}

void uiDraw(void)
{
	if (!active || !wInput) return;
	if (bellPending) ring();
	bool any = dirtyScroll || dirtyStatus || dirtyInput;
	if (!any) return;
	if (dirtyScroll && wScroll) {
		drawScroll();
		wnoutrefresh(wScroll);
	}
	if (dirtyStatus && wStatus) {
		drawStatus();
		wnoutrefresh(wStatus);
	}
	/* The input line goes last so that the cursor ends up on it. */
	inputDraw(wInput, cols);
	wnoutrefresh(wInput);
	doupdate();
	notifyTitle(unreadCount(), mentions);
	dirtyScroll = dirtyStatus = dirtyInput = false;
}

/* A flood of mentions rings once, not once a line. */

static void uiBell(void)
{
	if (tuiOpt.ring) bellPending = true;
}

static void ring(void)
{
	static int64_t last = -1000;
	int64_t now = utilNow();
	bellPending = false;
	if (now - last < 1000) return;
	last = now;
	beep();
}

/* The local day of t, as a number that grows with the date. */
static long dayOf(time_t t, struct tm *tm)
{
	localtime_r(&t, tm);
	return (tm->tm_year + 1900L) * 1000 + tm->tm_yday;
}

/* The day the last entry was from: today's when nothing was pushed, so
 * that replayed lines from another day get a date above them. */
static long lastDay = -1;

/* A line with the date, as irssi and WeeChat have, when an entry is
 * from another day than the one before it (a replay from last week, or
 * midnight passing). */
static void dayChange(const struct entry *e)
{
	struct tm tm;
	if (lastDay < 0) lastDay = dayOf(time(NULL), &tm);
	long day = dayOf(e->when, &tm);
	if (day == lastDay) return;
	lastDay = day;
	char date[128];
	/* TRANSLATORS: a strftime(3) format for the day-change lines.
	 * xgettext:no-c-format */
	if (!strftime(date, sizeof(date), _("%A, %d %B %Y"), &tm)) return;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	struct entry *d = entryFormat(KIND_NOTICE, mktime(&tm), NULL, date);
	d->flags |= ENTRY_NOLOG | (e->flags & ENTRY_HISTORY);  /* the log dates each line */
	scrollPush(&scrollback, d);
}

uint64_t uiPush(struct entry *e)
{
	dayChange(e);
	bool pending = e->flags & ENTRY_PENDING;
	bool mention = (e->flags & ENTRY_MENTION) && !(e->flags & ENTRY_HISTORY);
	if (!pending) logWrite(e);
	uint64_t seq = scrollPush(&scrollback, e);
	unreadArrived(e);
	if (mention) {
		mentions++;
		uiBell();
		notifyMention(e);
	}
	dirtyScroll = dirtyStatus = true;
	return seq;
}

void uiPending(uint64_t seq, bool pending)
{
	struct entry *e = scrollGet(&scrollback, seq);
	if (!e) return;
	if (pending) {
		e->flags |= ENTRY_PENDING;
	} else {
		e->flags &= ~ENTRY_PENDING;
		logWrite(e);
	}
	dirtyScroll = true;
}

void uiWritten(uint64_t seq)
{
	struct entry *e = scrollGet(&scrollback, seq);
	if (!e) return;
	/* The log has it now, even if we quit before the server acks it. */
	logWrite(e);
	e->flags |= ENTRY_NOLOG;
}

void uiNumbered(uint64_t seq, uint64_t id)
{
	struct entry *e = scrollGet(&scrollback, seq);
	if (!e) return;
	e->id = id;
	unreadNumbered(seq, id);
}

void uiFailed(uint64_t seq)
{
	struct entry *e = scrollGet(&scrollback, seq);
	if (!e) return;
	/* TRANSLATORS: after a line of yours that the server refused. */
	const char *mark = _(" [not delivered]");
	size_t ml = strlen(mark);
	char *text = xmalloc(e->len + ml);
	memcpy(text, e->text, e->len);
	memcpy(text + e->len, mark, ml);
	struct entry *n = entryNew(text, e->len + ml);
	free(text);
	memcpy(n, e, offsetof(struct entry, len));
	n->wrapWidth = n->wrapRows = 0;
	n->flags = (e->flags & ~ENTRY_PENDING) | ENTRY_FAILED;
	scrollReplace(&scrollback, seq, n);
	dirtyScroll = true;
}

uint64_t uiReplace(uint64_t seq, struct entry *e)
{
	if (!scrollReplace(&scrollback, seq, e)) return uiPush(e);
	if (!(e->flags & ENTRY_PENDING)) logWrite(e);
	dirtyScroll = dirtyStatus = true;
	return seq;
}

void uiClear(void)
{
	scrollClear(&scrollback);
	lastDay = -1;
	following = true;
	dirtyScroll = dirtyStatus = true;
}

void uiMentionsReset(void)
{
	if (mentions) dirtyStatus = true;
	mentions = 0;
	unreadSeen();
}

static bool atEnd(void)
{
	struct scrollPos last = scrollLast(&scrollback, cols);
	return view.seq == last.seq && view.row >= last.row;
}

/* Keeps the pane full: never scrolls above the first row of the oldest
 * entry.  When a full ring drops the rows above the view, the view is
 * what the pane shows from the oldest row down, so that the next move
 * starts from there. */
static void pinTop(void)
{
	if (following || paneRows < 1 || scrollEmpty(&scrollback)) return;
	struct scrollPos top = view;
	if (scrollMove(&scrollback, &top, -(paneRows - 1), cols) < paneRows - 1) {
		view = (struct scrollPos) { scrollback.first, 0 };
		scrollMove(&scrollback, &view, paneRows - 1, cols);
	}
}

static void settle(void)
{
	pinTop();
	if (atEnd()) following = true;
	dirtyScroll = dirtyStatus = true;
}

static void scrollBy(int delta)
{
	if (paneRows < 1 || scrollEmpty(&scrollback)) return;
	if (following) {
		if (delta > 0) return;
		view = scrollLast(&scrollback, cols);
		following = false;
		newFrom = scrollback.next;
		unreadScrolled();
	}
	pinTop();
	scrollMove(&scrollback, &view, delta, cols);
	settle();
}

static int page(void)
{
	return paneRows > 1 ? paneRows - 1 : 1;
}

void uiPageUp(void)
{
	scrollBy(-page());
}

void uiPageDown(void)
{
	scrollBy(page());
}

void uiLineUp(void)
{
	scrollBy(-1);
}

void uiLineDown(void)
{
	scrollBy(1);
}

void uiTop(void)
{
	if (paneRows < 1 || scrollEmpty(&scrollback)) return;
	if (following) {
		newFrom = scrollback.next;
		unreadScrolled();
	}
	following = false;
	view = (struct scrollPos) { scrollback.first, 0 };
	scrollMove(&scrollback, &view, paneRows - 1, cols);
	settle();
}

/* The entry's first row a third of the way down the pane, when it can be. */
void uiShow(uint64_t seq)
{
	if (paneRows < 1 || !scrollGet(&scrollback, seq)) return;
	if (following) newFrom = scrollback.next;
	following = false;
	view = (struct scrollPos) { seq, 0 };
	scrollMove(&scrollback, &view, paneRows - 1 - paneRows / 3, cols);
	settle();
}

int uiPaneRows(void)
{
	return paneRows;
}

uint64_t uiViewSeq(void)
{
	return following ? UINT64_MAX : view.seq;
}

const struct scroll *uiScrollback(void)
{
	return &scrollback;
}

void uiDirtyScroll(void)
{
	dirtyScroll = true;
}

void uiBottom(void)
{
	following = true;
	dirtyScroll = dirtyStatus = true;
}
