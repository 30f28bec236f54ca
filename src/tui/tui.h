/* tui.h: chat-tui's own modules, grouped by file.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * scroll.c and wrap.c never touch curses, so the unit tests link them alone.
 */
#ifndef TUI_H
#define TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/select.h>
#include <sys/types.h>
#include <time.h>
#include <wchar.h>

#include "chat.h"

/* tui.c: options, the event loop, signals. */
struct tuiOptions {
	const char *host;
	const char *port;
	const char *nick;       /* NULL: do not send /nick */
	const char *log;
	const char *notify;     /* --notify CMD */
	long scrollback;
	long pasteMax;          /* lines a paste may have without asking; 0: any */
	bool ring;
	bool mouse;             /* --mouse: the wheel scrolls */
	bool listen;            /* --listen: line mode, on after standard input ends */
	bool color;
	bool nickGiven;
	bool tls;               /* false with --no-tls */
	const char *pin;        /* --serve: the fingerprint of our own server */
};
extern struct tuiOptions tuiOpt;
enum { CONFIG_HOST = 512, CONFIG_PORT };      /* HOST and PORT, in the file */
extern bool tuiUtf8;            /* the locale's charset is UTF-8 */
void tuiQuit(int status) __attribute__((noreturn));

/* wrap.c: breaking a line of UTF-8 text into screen rows. */
struct wrap {
	const char *s;
	size_t len;
	size_t pos;
	int width;
	int indent;
	bool first;
};
/* Columns a code point takes: what wcwidth says, with unprintable ones
 * counted as 1 (they are shown as a replacement character). */
int wrapCharWidth(uint32_t cp);
/* Decodes the code point at s (n > 0 bytes); invalid bytes count as one
 * byte of U+FFFD.  Returns the bytes used. */
size_t wrapDecode(const char *s, size_t n, uint32_t *cp);
int wrapWidth(const char *s, size_t len);
/* Continuation rows start with indent columns of blank (a hanging indent),
 * reduced when the window is too narrow for it to leave room for text. */
void wrapInit(struct wrap *w, const char *s, size_t len, int width, int indent);
bool wrapNext(struct wrap *w, size_t *start, size_t *end);
int wrapIndent(const struct wrap *w);   /* the indent continuation rows get */
int wrapCount(const char *s, size_t len, int width, int indent);

/* entry.c: scrollback entries: a line of text and how to show it. */
enum entryKind {
	KIND_CHAT, KIND_SELF, KIND_ACTION, KIND_PRIVATE, KIND_PRIVATE_SENT,
	KIND_NOTICE, KIND_ERROR, KIND_RAW,
};
enum {
	ENTRY_HISTORY = 1,      /* replayed by the server */
	ENTRY_MENTION = 2,      /* mentions your name */
	ENTRY_PENDING = 4,      /* not taken by the server yet */
	ENTRY_FAILED = 8,       /* refused by the server */
	ENTRY_NOLOG = 16,       /* not for --log: replayed, had before; /help, Tab lists */
	ENTRY_JOIN = 32,        /* a join or a quit, which M-j hides */
	ENTRY_QUIET = 64,       /* of someone who did not speak lately (the smart filter) */
	ENTRY_UNVERIFIED = 128, /* said by a name that is not verified: its name underlined */
};
struct entry {
	time_t when;
	uint16_t textOff;       /* bytes of "HH:MM <name> " before the text */
	uint16_t nameOff, nameLen;      /* the name to colour, in bytes */
	uint16_t indent;        /* columns of the hanging indent */
	uint16_t wrapWidth, wrapRows;   /* cached row count at one width */
	uint8_t kind;
	uint8_t flags;
	uint8_t hue;            /* the name's colour, 0 to 239: a hash */
	uint8_t stampLen;       /* bytes of the timestamp, never searched */
	uint64_t id;            /* its line ID (a room line); 0: none or not known */
	bool wrapStamps;        /* wrapRows counts the timestamp (M-t) */
	size_t len;
	char text[];
};
struct entry *entryNew(const char *text, size_t len);
/* The rows e takes at width; 0 while it is hidden. */
int entryRows(struct entry *e, int width);
/* Which ENTRY_JOIN entries are hidden: none, all, or the ENTRY_QUIET ones. */
enum entryJoins { JOINS_SHOWN, JOINS_HIDDEN, JOINS_SMART };
void entryJoinsShow(enum entryJoins how);
bool entryHidden(const struct entry *e);
struct entry *entryCopy(const struct entry *e);
void entryStampFormat(const char *fmt);        /* strftime's, for what follows */
void entryStampsToggle(void);   /* M-t: show timestamps, or not */
size_t entryStart(const struct entry *e);      /* the first byte shown */
int entryIndent(const struct entry *e);        /* the hanging indent shown */
/* "HH:MM <name> text", made displayable, with the name's colour and the
 * hanging indent; kind NOTICE and ERROR put "-!-" for the name. */
struct entry *entryFormat(enum entryKind kind, time_t when, const char *name,
    const char *text);
struct entry *entryNotice(enum entryKind kind, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* scroll.c: the bounded scrollback, as a ring of entries. */
struct scroll {
	struct entry **ring;
	size_t cap;
	uint64_t first;         /* sequence number of the oldest entry */
	uint64_t next;          /* sequence number the next entry gets */
};
/* A row of the scrollback: an entry and a row of its wrapped text. */
struct scrollPos {
	uint64_t seq;
	int row;
};
void scrollInit(struct scroll *sb, size_t cap);
void scrollFree(struct scroll *sb);
void scrollClear(struct scroll *sb);
uint64_t scrollPush(struct scroll *sb, struct entry *e);
/* Puts e in place of entry seq (freed); false when that is gone. */
bool scrollReplace(struct scroll *sb, uint64_t seq, struct entry *e);
struct entry *scrollGet(const struct scroll *sb, uint64_t seq);
bool scrollEmpty(const struct scroll *sb);
struct scrollPos scrollLast(struct scroll *sb, int width);
/* Moves pos by delta rows (up when negative), staying inside the
 * scrollback; returns how many rows it moved (always >= 0). */
int scrollMove(struct scroll *sb, struct scrollPos *pos, int delta, int width);
void scrollClamp(struct scroll *sb, struct scrollPos *pos, int width);

/* ui.c: curses windows and drawing. */
void uiInit(size_t scrollbackLines);
void uiHide(void);
void uiFree(void);              /* the scrollback, after uiHide */
void uiCrashRestore(void);      /* async-signal-safe */
void uiResize(void);
void uiRedraw(void);            /* Ctrl-L */
void uiDraw(void);
void uiDirtyInput(void);
void uiDirtyStatus(void);
/* Adds e to the scrollback, which owns it from now on (rings the bell,
 * writes the log); returns its sequence number. */
uint64_t uiPush(struct entry *e);
/* Entry seq is, or is no longer, waiting to be sent (then it is logged). */
void uiPending(uint64_t seq, bool pending);
void uiFailed(uint64_t seq);    /* a pending entry was refused */
void uiNumbered(uint64_t seq, uint64_t id);    /* our own line got its ID */
void uiWritten(uint64_t seq);   /* sent, still pending: to the log */
/* An entry shown unfinished got the rest of its line: e takes its place
 * (or comes last, if it is gone); returns its sequence number. */
uint64_t uiReplace(uint64_t seq, struct entry *e);
void uiClear(void);
void uiPageUp(void);
void uiPageDown(void);
void uiLineUp(void);
void uiLineDown(void);
void uiTop(void);
void uiBottom(void);
void uiMentionsReset(void);
void uiShow(uint64_t seq);      /* scrolls to show that entry */
void uiDirtyScroll(void);
const struct scroll *uiScrollback(void);        /* to search it */
int uiPaneRows(void);
uint64_t uiViewSeq(void);       /* the entry at the view's bottom; UINT64_MAX: the end */
struct _win_st;
struct _win_st *uiInputWindow(void);

/* input.c: readline glue, keys, paste, completion. */
void inputInit(void);
void inputFree(void);
void inputRead(void);           /* stdin is readable */
bool inputClosed(void);
void inputClear(void);          /* Ctrl-C */
void inputDraw(struct _win_st *win, int width);
void inputAfterResize(void);
/* Asks for a secret on the input line: what is typed is not shown, not
 * kept in the history, and goes to passwordTyped; the draft comes back. */
void inputSecret(const char *prompt);
bool inputSecretShown(void);

/* names.c: who is in the room: for completion, mentions, the status bar. */
extern char namesSelf[CHAT_ADDRNAME_MAX + 1];   /* your name on the server */
extern long namesOnline;
/* Verified names (see chat.h): the server marks them (its hello said
 * "verified"), and we mark the chosen names that are not, so that an
 * impostor on a plain connection shows at a glance: underlined where
 * they speak (ENTRY_UNVERIFIED), with NAMES_UNVERIFIED after them in
 * lists. */
extern bool namesMarks;
#define NAMES_UNVERIFIED "?"
enum { NAMES_SHOW_SIZE = CHAT_ADDRNAME_MAX + sizeof(NAMES_UNVERIFIED) };
void namesAdd(const char *name, bool verified);
void namesRemove(const char *name);
void namesRename(const char *old, const char *name, bool verified);
void namesReplace(const char *list);   /* a who line's names, marks and all */
bool namesUnverified(const char *name);
/* A who line's names as shown: unmarked when verified, marked when not. */
void namesShowList(char *buf, size_t size, const char *list);
void namesClear(void);
const char *namesMatch(const char *prefix, size_t *index);
bool namesHas(const char *name);
void namesHighlight(const char *word);  /* --highlight */
void namesFree(void);
/* Whether text mentions your name as a whole word. */
bool namesMentioned(const char *text);

/* search.c: the search mode (M-/) and /grep. */
void searchInit(void);          /* after readline's own start-up */
void searchFree(void);
bool searchActive(void);
void searchInput(bool code, int key, wint_t ch);        /* in search mode */
void searchIdle(void);          /* the keys read so far are done */
void searchCancel(void);
/* The input line in search mode: "search 3/17: word". */
size_t searchPrompt(char *buf, size_t size);
/* The next match in e at or after byte from, while searching. */
bool searchSpan(const struct entry *e, size_t from, size_t *start, size_t *end);
void searchGrep(const char *word);

/* unread.c: the marker where you stopped reading; M-u, M-n, M-p. */
void unreadInit(void);          /* after readline's own start-up */
void unreadFocus(bool in);      /* the terminal gained or lost the focus */
void unreadScrolled(void);      /* you scrolled away from the end */
void unreadArrived(const struct entry *e);
void unreadSeen(void);          /* you spoke */
uint64_t unreadMarker(void);    /* the entry the marker follows; 0: none */
/* The marker across runs: the line ID read last, per server, kept in
 * the state directory; put back when that line (or a later one) is
 * replayed. */
void unreadLoad(void);
void unreadSave(void);          /* at exit, before uiFree */
void unreadNumbered(uint64_t seq, uint64_t id); /* entry seq is line id */
void unreadIds(uint64_t last);  /* the server's newest line ID */
uint64_t unreadCount(void);     /* lines that came while away */
bool unreadPresent(void);       /* the terminal said it has the focus */

/* view.c: M-t (timestamps), M-j and --hide-joins (joins and quits). */
void viewInit(void);            /* after readline's own start-up */
bool viewHideJoins(const char *how);   /* NULL or "all", "smart"; false: neither */
void viewSpoke(const char *name);      /* unhides its join, if lately */
void viewJoined(const char *name, uint64_t seq);       /* its join's entry */
bool viewQuiet(const char *name);      /* it did not speak lately */
void viewRename(const char *old, const char *name);

/* notify.c: the title, desktop notifications, --notify. */
void notifyTitle(uint64_t unread, int mentions);
void notifyEnd(void);           /* the title as it was */
void notifyMention(const struct entry *e);

/* config.c: the configuration file. */
struct option;
/* Reads path (NULL: the default, if it exists), giving each line to fn. */
void configLoad(const char *path, const struct option *longs,
    void (*fn)(int opt, const char *arg));
const char *configDir(void);    /* where the default file is, or NULL */
void configFree(void);

/* ignore.c: /ignore and /unignore, kept beside the configuration file. */
void ignoreLoad(void);
bool ignoreHas(const char *name);
void ignoreCommand(const char *name, bool on);  /* on: /ignore */

/* spawn.c: argv[0] run with argv, detached, without a shell or the terminal. */
void spawnDetached(char *const argv[]);

/* url.c: /open N and /copy N. */
void urlOpen(const char *args);
void urlCopy(const char *args);

/* complete.c: Tab and Shift-Tab cycle through names and /commands. */
void completeInit(void);        /* after readline's own start-up */
void completeFree(void);
void completeSpoke(const char *name);   /* ranks name first */
void completeRename(const char *old, const char *name);

/* handle.c: lines from the server, turned into scrollback entries. */
void handleLine(const char *line, size_t len);
/* The same, showing it in place of entry replace (0: as a new one);
 * returns the entry's sequence number (0: none). */
uint64_t handleLineAt(const char *line, size_t len, uint64_t replace);
void handleConnected(bool nickSent);

/* errors.c: an error line from the server, in the user's words. */
void errorsFormat(char *buf, size_t size, const struct wireMsg *m);

/* typed.c: what you type on the input line. */
void typedRun(const char *line, bool pasted);
/* Where to cut a message of len bytes for a server that takes max: at a
 * space when there is one in its second half, never inside a UTF-8
 * sequence; len when it fits. */
size_t typedCut(const char *text, size_t len, size_t max);
const char *typedMatch(const char *prefix, size_t *index);

/* conn.c: the connection, reconnecting, lines not sent yet.  Line mode
 * (linemode.c) dials and shows unfinished lines with the same timings. */
enum {
	CONN_TIMEOUT = 10000,           /* ms to connect to each address */
	CONN_PARTIAL_DELAY = 300,       /* ms before an unfinished line is shown */
};
enum connState { CONN_CONNECTING, CONN_UP, CONN_WAIT, CONN_BARRED };
extern enum connState connState;
void connInit(void);
void connFree(void);
/* HOST as "host1[:port],host2[:port]...": each in turn, PORT where one
 * has none; false when one is not a host and a port. */
bool connServers(const char *list, const char *port);
/* The next server of the list, if one is left; false after the last. */
bool connNextServer(void);
void connFds(fd_set *r, fd_set *w, int *max);
int64_t connDeadline(void);     /* -1: none */
/* Returns whether it read from the server. */
bool connEvent(fd_set *r, fd_set *w, int64_t now);
/* Sends a line, or keeps it until the connection is back; seq is the
 * pending entry to update once sent (0: none). */
void connSend(const char *line, uint64_t seq);
/* A room line (message or action): taken once the server acks it. */
void connSay(const char *line, uint64_t seq);
void connResend(const char *line, uint64_t seq);
void connSendFirst(const char *line);   /* before anything not yet written */
/* The room wants its password: until connGate(false), only /since and
 * the /pass of connSendPass go out. */
void connGate(bool on);
void connSendPass(const char *line);
size_t connWaiting(void);       /* room lines not yet taken */
bool connIsUp(void);
void connWelcomed(void);        /* the server has taken us in */
void connRefused(void);
void connBarred(void);         /* it said "full" and will close */
bool connReady(void);           /* up and taken in */
int connRetryIn(int64_t now);   /* seconds until the next try */
void connFlushBlocking(int ms);
/* Resolves and connects, trying every address, within ms milliseconds;
 * returns the socket (non-blocking) or -1 with a message in err. */
int connDial(const char *host, const char *port, int ms, char *err, size_t size);

/* resume.c: line IDs, resuming, gaps, acks (see there). */
extern long resumeMaxLine;      /* what the server takes in a line */
void resumeConnected(void);
bool resumeOn(void);
bool resumeChatServer(void);    /* it said hello: it sends whole lines */
void resumeHello(const char *caps);
void resumeSinceWritten(void);
bool resumeHold(const char *line, size_t len);
bool resumeWritten(uint64_t seq, const char *line, size_t len);
size_t resumeWaiting(void);
void resumeOk(uint64_t first, uint64_t last);
void resumeRefused(void);
/* A numbered line: true when we have it already (drop it). */
bool resumeSeen(uint64_t id);
bool resumeReplayed(const struct wireMsg *m);
bool resumeNew(void);           /* replayed lines now are new to us */
void resumeIds(uint64_t base, uint64_t from, uint64_t to, uint64_t last);
void resumeLost(void);
void resumeFree(void);

/* The TLS session, as conn.c and linemode.c see it. */
struct secure;
enum secureStep { SECURE_DONE, SECURE_READ, SECURE_WRITE, SECURE_FAILED, SECURE_PLAIN };
const char *connFingerprint(void);      /* NULL unless encrypted */
bool connVerified(void);                /* by the system's trust store */
bool connEncrypted(void);
/* After the handshake's last step: true to go on (notice: what to tell,
 * maybe nothing), false with why saying why not, in full. */
bool connJudge(struct secure *s, enum secureStep step, const char *said,
    char *why, size_t size, char *notice, size_t nsize);

/* secure.c: the only part that speaks TLS.  A session reads and writes
 * as read() and send() do on a non-blocking socket: -1 and errno (EAGAIN:
 * wait, then call again with the same bytes), 0 at the end. */
struct secure *secureNew(int fd, const char *host);
void secureFree(struct secure *s);
void secureCleanup(void);
/* One step of the handshake.  SECURE_PLAIN: the server answered in plain
 * text, and why gets its first line (sanitised); SECURE_FAILED: why says
 * why. */
enum secureStep secureHandshake(struct secure *s, char *why, size_t size);
ssize_t secureRead(struct secure *s, void *buf, size_t len);
ssize_t secureWrite(struct secure *s, const void *buf, size_t len);
bool securePending(const struct secure *s);     /* decrypted, not yet read */
const char *secureFingerprint(const struct secure *s);
bool secureVerified(const struct secure *s);
void secureShutdown(struct secure *s);     /* close_notify: we send no more */

/* known.c: trust on first use. */
const char *knownPath(void);
void knownFree(void);
/* "HOST:PORT", or "[ADDR]:PORT" for IPv6: a server, in state files. */
void knownName(char *buf, size_t size, const char *host, const char *port);
/* What conn.c and linemode.c do with a new session: false (and why says
 * why, in full) to refuse it; notice gets what to tell on first use. */
bool knownTrust(const struct secure *s, char *why, size_t size, char *notice, size_t nsize);

/* identity.c: our own key and self-signed certificate, made on the
 * first run, shown to every server (which ties our names to it). */
struct ssl_ctx_st;
/* Loads it, or makes it when there is none; false with why. */
bool identityLoad(char *why, size_t size);
const char *identityFingerprint(void);  /* NULL until loaded */
bool identityUse(struct ssl_ctx_st *ctx);       /* false when not loaded */
void identityFree(void);

/* password.c: the room's password: --password-file, or asked for. */
void passwordLoad(const char *path);    /* exits when it cannot */
void passwordFree(void);
const char *passwordLine(void);         /* NULL until known */
void passwordConnected(void);
/* Handles password-required and bad-password (false: another error). */
bool passwordError(const struct wireMsg *m);
void passwordTyped(char *line);         /* and wipes line */
bool passwordWanted(void);              /* the server waits for us to type it */

/* log.c: --log. */
void logOpen(const char *path);
void logWrite(const struct entry *e);
void logFlush(void);
void logClose(void);

/* linemode.c: no terminal, no curses. */
int linemodeRun(void);

/* serve.c: --serve. */
/* Sets *port to the port it listens on and *pin to its fingerprint. */
void serveStart(const char *host, const char **port, const char **pin);
void serveKill(void);           /* async-signal-safe */
/* SIGCHLD: if the server stopped, says why and starts it again, or gives
 * up (exit 69) when the one started again stopped within 10 s. */
void serveReap(void);

#endif
