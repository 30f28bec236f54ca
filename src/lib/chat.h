/* chat.h: what chat-server and chat-tui share (src/libchat.a).
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Grouped by module; every external name carries its module's prefix
 * (fooBar in foo.c), except util.c's x*alloc family.
 * Nothing here touches curses or threads.
 */
#ifndef CHAT_H
#define CHAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>

#include "i18n.h"

#define CHAT_DEFAULT_HOST "localhost"
#define CHAT_DEFAULT_PORT "7667"
#define CHAT_LINE_MAX 1024      /* bytes a client may send in one line */
#define CHAT_WIRE_MAX 4096      /* bytes the server may send in one line */
#define CHAT_NAME_MAX 16        /* characters in a chosen name */
#define CHAT_ADDRNAME_MAX 64    /* bytes in a name derived from an address */

/* fingerprint.c: what people compare to trust a TLS key.  The SHA-256
 * digest of the certificate (DER), written "SHA256:" and 32 bytes of
 * upper-case hex joined by colons, the same digits that
 * "openssl x509 -noout -fingerprint -sha256" prints. */
#define CHAT_FINGERPRINT_MAX (sizeof("SHA256:") + 32 * 3)
struct x509_st;
/* False when OpenSSL cannot compute it. */
bool fingerprintCert(const struct x509_st *cert, char buf[CHAT_FINGERPRINT_MAX]);
/* Whether s is one, exactly as fingerprintCert writes it. */
bool fingerprintValid(const char *s);

/* cert.c: a self-signed X.509 v3 certificate for key, with the common
 * name name, valid from a day ago for days days; NULL when OpenSSL
 * cannot make it (TLS builds only). */
struct evp_pkey_st;
struct x509_st *certMake(struct evp_pkey_st *key, const char *name, int days);
/* The passphrase callback for reading our PEM files: a key that needs a
 * passphrase is refused, never asked for (the terminal is not ours). */
int certNoPassphrase(char *buf, int size, int rw, void *data);

/* tlsio.c: an OpenSSL session as a non-blocking socket (TLS builds only).
 * Read and write answer like recv and send: -1 with errno (EAGAIN: wait
 * for the socket; EPROTO: a TLS error; EPIPE: writing after the end),
 * 0 at the end of a read. */
struct ssl_st;
ssize_t tlsioRead(struct ssl_st *ssl, void *buf, size_t len);
ssize_t tlsioWrite(struct ssl_st *ssl, const void *buf, size_t len);
/* OpenSSL's reason for its last error, or fallback when it has none. */
const char *tlsioError(const char *fallback);

/* file.c: state files written whole.  Writes a new path with fill (which
 * returns false when it fails) into a temporary file beside it, syncs it
 * and renames it over path: a crash leaves the old file or the new one.
 * False with errno set when it could not, and path is then unchanged. */
bool fileReplace(const char *path, bool (*fill)(FILE *out, void *ctx), void *ctx);
/* The same for a file that must not be replaced: EEXIST when path is
 * there already, so that of two writers the first wins. */
bool fileCreate(const char *path, bool (*fill)(FILE *out, void *ctx), void *ctx);
/* Removes the temporary files that a writer of path killed mid-write
 * left beside it ("path.XXXXXX"); returns how many.  Only for a file
 * that nobody else may be writing at the time. */
size_t fileSweep(const char *path);
/* Where PROGRAM keeps its state: chosen (--state-dir) when not NULL,
 * else $XDG_STATE_HOME/PROGRAM when that is absolute, else
 * HOME/.local/state/PROGRAM, HOME being $HOME or else the user's home
 * in the password database; NULL without either.  Allocated. */
char *fileStateDir(const char *program, const char *chosen);
/* dir/name, or name alone when dir is NULL.  Allocated. */
char *filePath(const char *dir, const char *name);
/* PROGRAM's state file NAME, its directory made (private) if it can
 * be; NAME alone, in the working directory, without a home.  Allocated. */
char *fileStatePath(const char *program, const char *name);
/* mkdir -p: the parents with mode parents, path itself private (0700).
 * False with errno set, and path cut at the directory that could not
 * be made. */
bool fileMakeDirs(char *path, mode_t parents);

/* util.c: start-up and small helpers. */
void utilInit(const char *argv0);        /* setlocale, textdomain, atexit */
const char *utilProgname(void);
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
/* Parses a whole decimal number in [min, max]; false on anything else. */
bool utilParseNumber(const char *s, long long min, long long max, long long *out);
/* Prints "Try 'PROG --help'." to stderr and exits with EX_USAGE. */
void utilUsageError(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* getopt has said what was wrong: point to --help and exit 64. */
void utilTryHelp(void) __attribute__((noreturn));
/* Digits must be a port from 1 (0 when zero) to 65535. */
bool utilPortValid(const char *port, bool zero);
/* --help's lines for -h and -V, and --version, shared by both programs. */
void utilHelpStandard(void);
void utilVersion(void);
/* Milliseconds on CLOCK_MONOTONIC. */
int64_t utilNow(void);

/* sanitize.c: turns bytes from the network into text that is safe to show.
 * Decodes UTF-8 strictly (each byte that is not part of a valid sequence
 * becomes U+FFFD: overlongs, surrogates, > U+10FFFF), removes escape
 * sequences (CSI, OSC, DCS, SOS, PM, APC up to BEL or ST; two-character
 * escapes; CAN or SUB cancels one), C0 controls, DEL, C1 controls (also
 * 8-bit CSI, OSC, DCS... written as UTF-8), bidi controls (U+061C, U+200E,
 * U+200F, U+202A-U+202E, U+2066-U+2069), line separators (U+2028, U+2029)
 * and U+FEFF, default-ignorable code points and blanks that show nothing
 * (sanitizeIgnorable: U+00AD, U+200B, U+2060, tags, fillers, U+2800...),
 * except a variation selector right after a visible character and a ZWJ
 * between emoji.  TAB becomes one space; combining marks stay.  Sanitising the result again changes nothing.  At most size
 * bytes are written, the NUL included: what does not fit is cut at a
 * code point.  SANITIZE_SIZE(len) bytes always hold the whole result
 * (every byte can become the 3 bytes of U+FFFD).  Returns the result's
 * length. */
#define SANITIZE_SIZE(len) (3 * (len) + 1)
size_t sanitize(char *dst, size_t size, const char *src, size_t len);
bool sanitizeIgnorable(uint32_t cp);

/* utf8.c: strict UTF-8. */
/* Decodes one UTF-8 code point at s (n bytes available); returns its length,
 * or 0 when the bytes are not valid UTF-8 (then *cp is U+FFFD). */
size_t utf8Decode(const char *s, size_t n, uint32_t *cp);
size_t utf8Encode(char *dst, uint32_t cp);   /* dst holds 4 bytes */
bool utf8Valid(const char *s, size_t n);
/* Cuts s to at most max bytes, never inside a UTF-8 sequence. */
void utf8Cut(char *s, size_t max);

/* frame.c: newline framing of a byte stream.  LF ends a line and CRLF is
 * accepted.  A line longer than max bytes is never handed out in pieces:
 * FRAME_OVERLONG is reported once, and the rest of it up to the next LF is
 * dropped. */
struct frame {
	char *buf;
	size_t len;     /* bytes held */
	size_t start;   /* bytes already handed out */
	size_t max;
	bool discard;   /* inside an overlong line */
	size_t size;    /* bytes allocated: about max + one read */
	size_t scan;    /* bytes already searched for LF */
};
enum frameResult { FRAME_NONE, FRAME_LINE, FRAME_OVERLONG };
void frameInit(struct frame *f, size_t max);
void frameFree(struct frame *f);
/* Where to read() into, and how much room there is (always > 0).  Memory
 * stays bounded when every frameCommit is followed by frameNext calls
 * until FRAME_NONE. */
char *frameSpace(struct frame *f, size_t *room);
void frameCommit(struct frame *f, size_t n);
/* Hands out the next complete line (NUL-terminated, without CR/LF); valid
 * until the next call that changes f.  On FRAME_OVERLONG, line is "". */
enum frameResult frameNext(struct frame *f, char **line, size_t *len);
/* Bytes of an unfinished line held. */
size_t framePending(const struct frame *f);
/* Takes the unfinished line as if it had ended (for peers that never
 * send a newline). */
bool frameTake(struct frame *f, char **line, size_t *len);
/* The next line of a buffer of whole lines, each ending in LF (as the
 * server formats them): FRAME_NONE when no LF is left.  Else *buf and
 * *len move past it, and line gets it without its LF, NUL-terminated, or
 * "" for FRAME_OVERLONG, when it does not fit in size bytes. */
enum frameResult frameSplit(const char **buf, size_t *len, char *line, size_t size);

/* wire.c: the wire protocol, server to client (see chat-server(1)).
 *   <NAME> TEXT                        room message
 *   * NAME TEXT                        action (/me)
 *   *NAME* TEXT                        private message to you
 *   -> *NAME* TEXT                     your private message, delivered
 *   [YYYY-MM-DDTHH:MM:SSZ] <NAME> TEXT replayed history (or "* NAME TEXT")
 *   -!- welcome NAME: N online, /help for commands
 *   -!- join [+]NAME: N online
 *   -!- quit NAME: N online (REASON)
 *   -!- nick OLD [+]NEW
 *   -!- who N: [+]NAME...
 *   -!- error CODE[ ARG]: TEXT
 *   -!- info: TEXT
 *   -!- shutdown: TEXT
 *   -!- hello: CAPS                    the first line; CAPS are words
 *   -!- ids BASE FROM TO LAST          answers /since (see below)
 *   -!- ok FIRST LAST                  IDs of your own room lines
 *   -!- away NAME: TEXT                NAME is away, and says TEXT (after
 *                                      /away TEXT, /who, /msg NAME)
 *   -!- back NAME                      NAME is here again (after /away)
 *   -!- VERB NAME by OPERATOR[: REASON]  an operator's act (WIRE_MOD):
 *                                      VERB (code) is kick, ban, unban,
 *                                      mute, unmute or free (a name given
 *                                      back); name2 the operator
 * Anything else is WIRE_RAW: shown as it is (a plain line server).
 *
 * Verified names.  A '+' right before a name in a join, in the new name
 * of a nick and before each name of a who line says that the name is
 * verified: it was taken over TLS with the client key that owns it
 * (chat-server(1), OWNED NAMES), so nobody else can be using it.  No
 * name starts with '+', and the mark is never part of the name: room
 * lines (<NAME>, * NAME) never carry it.  A server that marks names
 * says "verified" in its hello; from such a server, a chosen name
 * without the mark is unverified (an address name is the server's own
 * and needs none).  A name that stops being verified while in use (its
 * owner gave it back) comes again in a nick notice, old and new the same:
 * "-!- nick ada ada".
 *
 * Line IDs.  Every room line (message or action) gets an ID from the
 * room's order of record (history.c; in a cluster, the Redis stream):
 * consecutive integers, so that a gap can be counted, that only grow,
 * also across restarts when there is a --log.  A server that has them
 * says "ids" in its hello, its first line.  A client that sends "/since"
 * gets, under the room's write lock, "-!- ids BASE FROM TO LAST":
 *   BASE  the oldest ID the server vouches for (what came before was lost
 *         to a restart);
 *   FROM, TO  the IDs of the replay it got on joining, in order, one a
 *         line (FROM = TO + 1 when there was none);
 *   LAST  the newest ID so far: every room line sent to it before this
 *         one has an ID <= LAST, and every one after it comes with its ID
 *         as "#ID <NAME> TEXT" or "#ID * NAME TEXT", and its own as
 *         "-!- ok FIRST LAST".
 * So a client that reconnects knows which replayed lines it has, and how
 * many it missed (those after its last and before FROM), without the
 * server waiting for it to speak first: nothing changes for nc users but
 * the hello line.  A client that reconnects says "/since N" (N the last ID
 * it has) first thing, before the hello: when the server has it in time
 * (--tls-wait), the join replay holds only the lines after N, and FROM
 * says so; when it comes late, the client drops the lines it has.
 * Lines of several senders may arrive slightly out of ID order.
 *
 * Private rooms (chat-server --password-file, --allow; only over TLS).
 * Right after the TLS handshake, a client whose key is not on the list
 * gets "-!- error not-allowed: TEXT" and is closed; a plain client in
 * such a room gets "-!- error tls-required: TEXT" and is closed.  In a
 * room with a password, the hello's CAPS say "password" (so that a client
 * holds back what it would send), the hello is followed by
 * "-!- error password-required: TEXT", and the client answers
 * "/pass PASSWORD" (the rest of the line); a wrong one gets
 * "-!- error bad-password: TEXT" after a delay that grows per address,
 * and it may try again.  Nothing of the room (history, welcome, /who)
 * comes before the right one; meanwhile the server takes "/since N" and
 * "/quit" too, and answers anything else with password-required. */
enum wireType {
	WIRE_RAW, WIRE_CHAT, WIRE_ACTION, WIRE_PRIVATE, WIRE_PRIVATE_SENT,
	WIRE_WELCOME, WIRE_JOIN, WIRE_QUIT, WIRE_NICK, WIRE_WHO,
	WIRE_ERROR, WIRE_INFO, WIRE_SHUTDOWN, WIRE_HELLO, WIRE_IDS, WIRE_OK,
	WIRE_AWAY, WIRE_BACK, WIRE_MOD,
};
#define WIRE_LAST WIRE_MOD        /* the last of them: keep it so when adding one */
struct wireMsg {
	enum wireType type;
	bool history;           /* replayed: when is set */
	time_t when;
	uint64_t id;            /* CHAT, ACTION: its ID (0: none); IDS: BASE; OK: FIRST */
	uint64_t idFrom;        /* IDS: FROM */
	uint64_t idTo;          /* IDS: TO */
	uint64_t idLast;        /* IDS, OK: LAST */
	char name[CHAT_ADDRNAME_MAX + 1];    /* sender, joiner, old name; MOD: whom */
	char name2[CHAT_ADDRNAME_MAX + 1];   /* new name; error ARG; MOD: operator */
	char code[32];          /* error CODE; MOD: its VERB */
	long count;             /* online count */
	bool verified;          /* JOIN: NAME, NICK: NEW has the verified mark */
	const char *text;       /* points into the parsed line (QUIT: reason) */
	char reason[CHAT_WIRE_MAX];  /* QUIT's reason, without its parentheses */
};
/* Parses one line (already framed, NUL-terminated).  Never fails: what
 * it does not recognise is WIRE_RAW with text = line.  text is always
 * NUL-terminated; for QUIT it points at m->reason, so a parsed message
 * is used where it is and not copied by value.  Names are chosen
 * names or address names ("127.0.0.1:5555", "[::1]:5555"). */
void wireParse(const char *line, struct wireMsg *m);
/* Formats m as a wire line with its LF (and a NUL after it) into buf;
 * returns its length, or 0 when it would not fit or m is not well-formed:
 * a bad name, a LF in text, a WHO text that is not names (each maybe
 * marked verified) separated by single spaces, an error ARG (name2, may
 * be "") that is not printable ASCII without spaces, history or an ID on
 * anything but CHAT and ACTION, verified on anything but JOIN and NICK,
 * an ID above WIRE_ID_MAX.  text NULL counts as "". */
size_t wireFormat(char *buf, size_t size, const struct wireMsg *m);
/* wireFormat for a line said now (type WIRE_CHAT or WIRE_ACTION, no ID,
 * no time) by name, which must be a valid name: the room's hot path,
 * which every line takes, without a wireMsg to fill. */
size_t wireSaid(char *buf, size_t size, enum wireType type, const char *name, const char *text);
#define WIRE_ID_MAX 999999999999999999ULL   /* 18 digits */
#define WIRE_VERIFIED '+'       /* the mark of a verified name */
enum { WIRE_ID_SIZE = 21 };     /* "#" ID " ", and a NUL */
enum { WIRE_TIME_LEN = 23 };    /* a replayed line's "[TIME] " */
/* Whether the word cap is in a hello's CAPS; *value gets what follows
 * "cap=" when there is one (else ""), up to size - 1 bytes. */
bool wireCap(const char *caps, const char *cap, char *value, size_t size);
/* Name rules.  A chosen name is 1 to CHAT_NAME_MAX characters: an ASCII
 * letter, then letters, digits, '-' or '_'.  Names are compared without
 * regard to ASCII case (not the locale's). */
bool wireNameValid(const char *name);
/* A chosen name or one derived from an address. */
bool wireAnyNameValid(const char *name);
int wireNameCompare(const char *a, const char *b);
/* Clears a wireMsg to format, all but its parse-only reason buffer: a
 * page of stack that every idle thread would otherwise keep. */
void wireInit(struct wireMsg *m, enum wireType type);

/* signals.c: a self-pipe.  signalsCatch's handler writes the signal's
 * number into it; the event loop waits for signalsFd() to be readable and
 * takes each with signalsNext() (0: none left). */
void signalsInit(void);
void signalsCatch(int sig, int flags);     /* flags: sigaction's sa_flags */
int signalsFd(void);
int signalsNext(void);
void signalsClose(void);

/* Built with AddressSanitizer or ThreadSanitizer (gcc or clang): they
 * need bigger thread stacks and report crashes themselves. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CHAT_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define CHAT_SANITIZED 1
#endif
#endif

/* net.c: sockets. */
/* Resolves host:port for listening; returns the number of sockets bound
 * (at most max) and puts them in fds, or -1 with a message in err. */
int netListen(const char *host, const char *port, int *fds, int max,
    char *err, size_t errsize);
/* "127.0.0.1:5555" or "[::1]:5555". */
void netAddrName(const struct sockaddr *sa, socklen_t len, char *buf, size_t size);
int netNonblock(int fd, bool on);
int netCloexec(int fd);

#endif
