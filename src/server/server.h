/* server.h: what the parts of chat-server share.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One thread per client (peer.c), one shared room (room.c) whose lines
 * the passer thread sends to everyone, the history ring and --log file
 * (history.c), client commands (command.c), and the main thread that
 * accepts and handles signals (server.c).  A client idle for a while
 * gives its thread up, and one watcher thread gives it a new one when it
 * is needed (park.c); a new client waits there too until it speaks, and
 * a silent plain one is welcomed by the watcher (peerGreeted).
 *
 * Locks, always taken in this order, never the other way round:
 *
 *	roomLock (rwlock)  ->  passLock (room.c)  ->  historyLock (mutex)
 *	roomLock (rwlock)  ->  historyLock (mutex)  ->  peer->lock (mutex)
 *	roomLock (rwlock)  ->  peer->lock (mutex, one peer at a time)
 *	roomLock (rwlock)  ->  awayLock (room.c, a leaf: nothing is taken under it)
 *	peer->lock (mutex)  ->  parkLock (park.c, a leaf)
 *	peer->lock (mutex)  ->  spareLock (peer.c, a leaf)
 *
 * admitLock (server.c: the accept loop hands new connections to the
 * admitter thread) is a leaf, taken alone.  The helper (room.c) takes
 * passLock alone, and one peer's lock at a time without roomLock, which
 * its pass's sender holds for it (see Passes below).  A reader waits for
 * its pass on a semaphore of its own, posted by the pass's sender,
 * holding no lock.
 *
 * (roomJoin replays the history to the newcomer from historyEach, which
 * holds historyLock.)  ownedLock, opLock and banLock are leaves: taken
 * alone or under roomLock, with nothing taken under them.
 *
 * roomLock guards the client list and every name: relaying a line takes it
 * for reading, so senders relay in parallel; joins, quits, /nick and
 * shutdown take it for writing.  A peer's lock guards only its send queue
 * and the flags beside it, and is held for queue operations alone: a
 * plain peer's socket is written without it.  A peer's own thread may
 * read its own name without a lock, because only that thread changes
 * it, and only under the write lock.
 *
 * Passes (room.c): a reader's lines for the room join the next pass under
 * passLock, which gives them their IDs (historyAdd) in pass order, and
 * the reader waits, without roomLock, until that pass has been sent: so
 * it cannot leave before its lines go, and what it does next comes after
 * them.  The passer thread sends the passes, holding roomLock for
 * reading until none waits; without a second CPU, the reader that finds
 * nobody sending (passing) does.  Nothing else is taken under passLock,
 * and no peer lock is held while it is.  A pass of two lines or more to
 * SHARE_MIN line clients or more is shared with the helper thread
 * (room.c), which writes to recipients without roomLock: the sender's
 * hold covers it, since the sender waits for the helper to be out (under
 * passLock) before it lets the pass, or roomLock, go.
 *
 * Sending (peer.c): each peer's queue has one token, peer->sending.
 * Whoever takes it (under the peer's lock, with a line it queues, or by
 * finding the queue empty) sends everything queued, in one sendmsg over
 * the shared lines, dropping the lock for the write itself; whoever finds
 * the token taken only appends, and the holder sends that too before it
 * lets the token go.  So a line for a busy recipient costs no syscall of
 * its own, and no line waits for a timer.  The holder is a pass's sender
 * (room.c) (under roomLock, so the recipient cannot leave meanwhile) for
 * at most ROUNDS writes; when the socket is full, or after those, the
 * token passes to the recipient's own thread (parked), which sends at
 * POLLOUT.  Only the token holder reads the queue's head or frees its
 * lines, so the lines a write uses outside the lock stay put.
 *
 * TLS: a peer's session (peer->tls, from tls.c) is an OpenSSL object,
 * which is not safe for concurrent use, and the other senders write to
 * it from their threads.  So every call on it, SSL_read in the peer's
 * own thread included, is made with the peer's lock held: the token
 * holder writes the gathered queue (one record) with SSL_write under
 * it, where a plain peer's sendmsg goes without.  Each call is
 * non-blocking, so the lock is still held for one short step at most.  The handshake
 * runs in the peer's own thread before it joins the room, when nobody
 * else can reach it, and so does the final close_notify after it left.
 */
#ifndef SERVER_H
#define SERVER_H

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "chat.h"

/* server.c: options and logging. */
struct serverOptions {
	long maxClients;
	long history;
	const char *logFile;
	long maxLine;
	long sendQueue;     /* bytes */
	long flood;         /* lines a second; 0 = no limit */
	long floodBurst;
	long announceMax;   /* joins and quits told while at most this many online */
	long lineTimeout;   /* seconds; 0 = none */
	long keepalive;     /* seconds of silence before probing; 0 = off */
	long maxPerAddress; /* connections from one address; 0 = no limit */
	long logMax;        /* bytes before --log rotates to FILE.1; 0 = never */
	bool limitLoopback; /* count loopback connections too */
	int verbosity;      /* 0 quiet, 1 normal, 2 verbose */
	const char *ircName;     /* the server's name to IRC clients */
	const char *ircChannel;  /* the room, to them */
	const char *stateDir;   /* --state-dir */
	const char *tlsCert, *tlsKey;
	bool requireTls;
	long tlsWait;       /* ms a silent client has to start TLS */
	const char *passwordFile;   /* --password-file */
	const char *allowFile;      /* --allow */
};
extern struct serverOptions serverOpt;
/* The largest --max-line: peer.c sizes a stack buffer by it, so the
 * option's limit and that buffer must be this one constant. */
enum { SERVER_LINE_MAX = 4000 };
/* The longest /quit, /kick or /ban reason, in bytes. */
enum { SERVER_REASON_MAX = 200 };
/* A quit notice's reason: "kicked by NAME: REASON" fits. */
enum { SERVER_QUIT_MAX = SERVER_REASON_MAX + CHAT_ADDRNAME_MAX + 32 };
enum { LOG_ERROR, LOG_INFO, LOG_DEBUG };
void serverLog(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Tells a newcomer why it is turned away (text, in English: the wire's),
 * logs it under addr, and closes fd. */
void serverRefuse(int fd, bool irc, const char *addr, const char *text);
/* At start, before the first write of path: removes the temporary files
 * a kill -9 mid-write left beside it, and logs how many. */
void serverSweep(const char *path);
/* Why a file cannot be used: at start (reload false) it stops the server
 * with status; on SIGHUP it is logged, and the settings from before stay. */
void serverComplain(bool reload, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A line built once and shared by every queue that holds it. */
struct peerLine {
	atomic_int refs;
	size_t len;
	char data[];
};
void peerLineUnref(struct peerLine *line);

/* Bytes off to end of a shared line, queued for one peer. */
struct peerChunk {
	struct peerLine *line;
	size_t off, end;
};

struct peerSpan {
	size_t off, end;
};

/* Bytes of an away text, its NUL included (IRC's AWAYLEN is one less). */
#define ROOM_AWAY_SIZE 201

struct peer {
	struct peer *prev, *next;   /* roomLock */
	bool joined;                /* roomLock */
	uint64_t serial;            /* set by roomJoin, unique in this process */
	bool ids;                   /* roomLock: asked for line IDs (/since) */
	uint64_t joinFrom, joinTo;  /* the IDs of the replay it got on joining */
	uint64_t since;             /* its early "/since N": replay after N (0: all) */
	char name[CHAT_ADDRNAME_MAX + 1];   /* roomLock; see above */
	char addr[CHAT_ADDRNAME_MAX + 1];   /* constant */
	int fd;                     /* constant while in the room */
	struct ssl_st *tls;         /* NULL when plain; constant while in the room,
	                             * every call on it under lock (see above) */
	char key[CHAT_FINGERPRINT_MAX];    /* its client key's; "" without; constant */
	bool verified;              /* roomLock: its name is owned by its key */
	char away[ROOM_AWAY_SIZE];  /* awayLock (room.c): /away or AWAY; "" when here */
	pthread_t thread;
	struct irc *irc;            /* NULL for a line client; constant */
	char *batch;                /* its own thread's room lines, not yet relayed */
	size_t batchLen, batchLines;
	uint64_t pass;              /* room.c's pass sender's: the last pass it said lines in */
	int64_t connectedAt;        /* constant: when it connected (utilNow) */
	atomic_bool spoke;          /* it has finished a line */
	atomic_bool evicted;        /* dropped to make room (roomDropSilent) */

	pthread_mutex_t lock;       /* guards what follows */
	struct peerChunk *queue;        /* a ring of cap entries */
	size_t head, count, cap;
	size_t queued;              /* bytes */
	const char *dead;           /* why others gave up on it */
	bool closing;               /* server shutdown */
	char kicked[SERVER_QUIT_MAX];   /* peerKick's reason, or "" */
	bool wakePending;
	bool sending;               /* the token: someone will send what is queued */
	bool parked;                /* and that is p's own thread, at POLLOUT */
	bool inFlight;              /* a write is under way without the lock */
	bool awaited;               /* and isDead waits on landed for it */
	pthread_cond_t landed;
	bool threadless;            /* idle, its thread given up, or not given
	                             * one yet (park.c) */
	struct reader *saved;       /* meanwhile, what its thread knew */
	struct peer *parkNext;      /* park.c's lists */
	bool watched;               /* its socket is in park.c's epoll set:
	                             * under its lock, or the watcher's alone
	                             * while it greets */
	/* park.c's watcher's alone: a newcomer it holds for --tls-wait */
	bool greeting;
	struct peer *greetPrev, *greetNext;
};

/* peer.c: the thread of one client and its send queue. */
/* Takes a new client: a thread for it, or for a plain one a place with
 * park.c's watcher until it speaks or --tls-wait is over (parkGreet);
 * false when neither could be had (then fd is still the caller's). */
bool peerStart(int fd, const struct sockaddr *sa, socklen_t len, bool irc);
/* Makes p's thread leave, with reason as its quit reason. */
void peerEvict(struct peer *p, const char *reason);
/* The same for an operator's /kick or /ban: what is queued for p (the
 * notice that says why) is sent first, and the room is told reason
 * (copied) as p's quit reason. */
void peerKick(struct peer *p, const char *reason);
/* Sends or queues a line for p without ever blocking; call with roomLock
 * held (for reading or writing) unless p is the caller's own peer.
 * shared, when not NULL, is a heap copy of the same bytes to queue
 * instead of copying them; *shared is set when one had to be made. */
void peerSend(struct peer *p, const char *data, size_t len, struct peerLine **shared);
/* Queues a line for p without sending it (roomLock held); 1 when the
 * caller took p's send token with it and must call peerFlush(p) before
 * letting roomLock go, 0 when whoever holds the token sends it.  With
 * try, -1 at once when another thread holds p's lock (nothing queued). */
int peerQueue(struct peer *p, const char *data, size_t len, struct peerLine **shared, bool try);
/* Queues the spans of line given for p in one go (roomLock held), and
 * writes them at once when nobody else is sending to p; 0, or with try,
 * -1 at once when another thread holds p's lock (nothing queued). */
int peerSendSpans(struct peer *p, struct peerLine *line, const struct peerSpan *span, size_t n,
    bool try);
/* With p's token: sends everything queued for p, many lines a write. */
void peerFlush(struct peer *p);
/* Asks p's thread to close, sending what is queued first. */
void peerClose(struct peer *p);
void peerSetup(void);      /* before any thread starts */
/* Gives a listening socket the options every client's socket needs
 * (TCP_NODELAY, --keepalive): where its clients inherit them, as on
 * Linux, peerStart sets none of its own. */
void peerTuneListener(int fd);
/* Starts the spare threads that wait for clients (peer.c), before the
 * first client: a parked client that speaks gets one at once. */
void peerSpares(void);
/* With p->lock held, for park.c: a new thread for parked p; false when
 * none could be started (p stays parked). */
bool peerResume(struct peer *p);
/* For park.c's watcher, a newcomer it held (parkGreet) that has spoken
 * (quiet false) or been silent for --tls-wait: a thread for it, or, for a
 * quiet plain client, its join without one (it stays with the watcher). */
void peerGreeted(struct peer *p, bool quiet);
/* Waits ms in p's own thread; false when p is to close meanwhile. */
bool peerPause(struct peer *p, int64_t ms);
long peerThreads(void);

/* park.c: idle peers without a thread.  parkAdd watches p's socket
 * (false when it cannot: p keeps its thread); from then on only the
 * watcher gives p a thread again, when it sends something or after
 * parkWake(p), which asks for it (p->lock held, by whoever needs p's
 * thread; parkLock is a leaf under it). */
bool parkAdd(struct peer *p);
void parkWake(struct peer *p);
/* A new client, for the watcher to hold until it speaks or --tls-wait
 * is over (then peerGreeted); false when there is no watcher. */
bool parkGreet(struct peer *p);
/* A newcomer that gets a thread leaves the watcher's set. */
void parkForget(struct peer *p);
/* At shutdown, after roomShutdown: the newcomers parkGreet holds are
 * done waiting, and are turned away (the room is closed) at once. */
void parkEnd(void);

/* limit.c: connections per address (the IP of an address name); a place
 * taken must be released when its connection ends. */
/* room.c, when the room is near full: drops the longest-connected
 * client that has not finished a line within --line-timeout. */
void roomDropSilent(void);
bool limitTake(const char *addr);
void limitRelease(const char *addr);
/* Waits until every peer thread is gone or timeout ms pass. */
bool peerWaitAll(int64_t timeoutMs);

/* owned.c: names tied to a client key's fingerprint, kept in the state
 * directory's names file.  ownedLock is taken last, under roomLock. */
#ifdef HAVE_TLS
void ownedLoad(void);   /* exits with the line number on a bad file */
/* True when name may be used with key ("" for none): nobody owns it,
 * or key does; a key that may use a name it does not own yet takes it. */
bool ownedTake(const char *name, const char *key);
/* Gives name back: FREED when it was key's (NULL: whoever's, for an
 * operator) and the file is written; NOT when nobody owned it; OTHER
 * when another key does; FAILED when the file could not be written
 * (then it stays owned). */
enum ownedResult { OWNED_FREED, OWNED_NOT, OWNED_OTHER, OWNED_FAILED };
enum ownedResult ownedRelease(const char *name, const char *key);
enum ownedResult ownedFree(const char *name);    /* ownedRelease(name, NULL) */
/* Whether key (not "") owns name: its holder is verified. */
bool ownedBy(const char *name, const char *key);
/* Joining a cluster: each binding of the file to fn, which shares it;
 * those fn says the cluster has now leave the file (rewritten). */
void ownedMerge(bool (*fn)(const char *name, const char *key));
#else
/* Without TLS no key can own a name. */
enum ownedResult { OWNED_FREED, OWNED_NOT, OWNED_OTHER, OWNED_FAILED };
static inline void ownedLoad(void) {}
static inline bool ownedTake(const char *name, const char *key) { (void)name, (void)key; return true; }
static inline enum ownedResult ownedRelease(const char *name, const char *key) { (void)name, (void)key; return OWNED_NOT; }
static inline enum ownedResult ownedFree(const char *name) { (void)name; return OWNED_NOT; }
static inline bool ownedBy(const char *name, const char *key) { (void)name, (void)key; return false; }
static inline void ownedMerge(bool (*fn)(const char *name, const char *key)) { (void)fn; }
#endif

/* gate.c: who may join: the password, the keys on the list, and the
 * slow-down after wrong passwords.  gateLock is a leaf lock. */
enum { GATE_PASSWORD_MAX = 512 };
/* Reads --password-file and --allow; at start (reload false) a bad file
 * exits with its line number, on SIGHUP it is logged and the old
 * settings stay (false). */
bool gateLoad(bool reload);
void gateFree(void);
bool gateLocked(void);              /* the room has a password */
bool gateAllowed(const char *key);  /* key ("" for none) may join */
/* A fingerprint as people write it, in either case, into the form
 * fingerprintCert writes; false when it is none. */
bool gateKey(const char *s, char out[CHAT_FINGERPRINT_MAX]);
/* A file of fingerprints (--allow's, the ops file), one a line, each
 * maybe followed by a comment; '#' lines and blank ones are skipped.
 * False (said why: an exit at start, a log line on reload) on any
 * error; else *list (to free) holds the *n keys. */
bool gateReadKeys(const char *path, bool reload, char (**list)[CHAT_FINGERPRINT_MAX], size_t *n);
/* Checks a password from addr: GATE_WAIT when an earlier wrong one from
 * that address still holds it back (try again after *wait ms); after
 * GATE_WRONG, say so only *wait ms later. */
enum gateResult { GATE_RIGHT, GATE_WRONG, GATE_WAIT };
enum gateResult gateTry(const char *addr, const char *given, size_t len, int64_t *wait);

/* ban.c: keys and addresses banned by an operator, kept in the state
 * directory's bans file.  banLock is a leaf, taken under roomLock or
 * alone.  A ban's TARGET is a key's fingerprint, or an IP address
 * without brackets or port. */
#define BAN_TARGET_MAX CHAT_FINGERPRINT_MAX
struct ban {
	char target[BAN_TARGET_MAX];
	time_t when;
	char name[CHAT_ADDRNAME_MAX + 1];   /* its name when it was banned */
	char by[CHAT_ADDRNAME_MAX + 1];     /* the operator's */
	char reason[SERVER_REASON_MAX + 1]; /* sanitised; may be "" */
};
enum banResult { BAN_ADDED, BAN_THERE, BAN_REMOVED, BAN_NONE, BAN_FAILED };
/* key when it is not "", else the IP of the address name addr. */
void banTarget(const char *key, const char *addr, char target[BAN_TARGET_MAX]);
#ifdef HAVE_TLS
/* Reads the bans file; a bad one exits with its line number at start,
 * and is logged on reload (SIGHUP), the bans from before kept. */
void banLoad(bool reload);
/* Whether key (may be "") or addr's IP is banned; the ban into *out. */
bool banFind(const char *key, const char *addr, struct ban *out);
enum banResult banAdd(const struct ban *b);   /* ADDED, THERE or FAILED (logged) */
/* Lifts the ban on what: a name, a fingerprint or an address, for the
 * operator by.  REMOVED (*removed is the ban), NONE or FAILED. */
enum banResult banRemove(const char *what, const char *by, struct ban *removed);
/* Calls fn with each ban, in no order, without banLock held. */
void banEach(void (*fn)(const struct ban *b, void *ctx), void *ctx);
/* In a cluster the bans are Redis's, and the list here a copy of them:
 * banShare (at start and on SIGHUP) moves the file's bans there and
 * reads them all; banShared and banLifted are another node's /ban (a
 * bans file line) and /unban (the target, the name, the operator). */
void banShare(void);
void banShared(const char *line);
void banLifted(const char *target, const char *name, const char *by);
/* The cluster's bans as Redis has them now (bans file lines): those new
 * here act as banShared's, those gone here are lifted quietly. */
void banRefresh(const char **lines, size_t n);
#else
/* Without TLS there are no operators to ban anyone. */
static inline void banShare(void) {}
static inline void banShared(const char *line) { (void)line; }
static inline void banLifted(const char *target, const char *name, const char *by)
{ (void)target, (void)name, (void)by; }
static inline void banRefresh(const char **lines, size_t n) { (void)lines, (void)n; }
static inline void banLoad(bool reload) { (void)reload; }
static inline bool banFind(const char *key, const char *addr, struct ban *out)
{ (void)key, (void)addr, (void)out; return false; }
#endif

/* op.c: operators (--op, the ops file) and their commands.  opLock is a
 * leaf, taken under roomLock or alone. */
/* --op; false when it is none (notls.c: exits, as other TLS options do). */
bool opAdd(const char *fingerprint);
#ifdef HAVE_TLS
/* Reads the ops file; a bad one exits with its line number at start,
 * and is logged on reload (SIGHUP), the operators from before kept. */
void opLoad(bool reload);
bool opIs(const char *key);
/* Whether p may not speak: muted by its key or address. */
bool opMuted(const struct peer *p);
struct request;
/* /kick /ban /unban /bans /mute /unmute: refused unless p is one. */
void opRun(struct peer *p, const struct request *cmd);
/* An operator's /release of a name another key owns. */
void opFree(struct peer *p, const char *name);
/* A ban made on another node of the cluster: the room here is told,
 * and whoever it bans here goes. */
void opBannedElsewhere(const struct ban *b);
/* A /kick (banning false) or /ban of name asked for on another node by
 * the operator called by: done here if name is here. */
void opActed(bool banning, const char *name, const char *by, const char *reason);
#else
static inline void opLoad(bool reload) { (void)reload; }
static inline bool opIs(const char *key) { (void)key; return false; }
static inline bool opMuted(const struct peer *p) { (void)p; return false; }
static inline void opFree(struct peer *p, const char *name) { (void)p, (void)name; }
static inline void opActed(bool banning, const char *name, const char *by, const char *reason)
{ (void)banning, (void)name, (void)by, (void)reason; }
struct request;
void opRun(struct peer *p, const struct request *cmd);     /* notls.c: refuses */
#endif

/* tls.c: the only user of OpenSSL.  A session reads and writes as
 * recv() and send() do on a non-blocking socket: -1 and errno (EAGAIN:
 * wait, and call again with the same bytes), 0 at the end. */
struct ssl_st;
/* Loads the key and certificate (--tls-cert and --tls-key, or the state
 * directory's, made there first if need be); exits on any error. */
void tlsSetup(void);
/* The state directory (a new string), and mkdir -p of one (0700). */
char *tlsStateDir(void);
void tlsMakeDir(char *path);
const char *tlsFingerprint(void);
struct ssl_st *tlsNew(int fd);
/* One step of the handshake: 0 when done, POLLIN or POLLOUT to wait
 * for, -1 when it failed (*why says why). */
int tlsHandshake(struct ssl_st *ssl, const char **why);
ssize_t tlsRead(struct ssl_st *ssl, void *buf, size_t len);
ssize_t tlsWrite(struct ssl_st *ssl, const void *buf, size_t len);
bool tlsPending(struct ssl_st *ssl);    /* read, decrypted, not yet taken */
const char *tlsVersion(struct ssl_st *ssl);
/* The client certificate's fingerprint; false (buf empty) without one. */
bool tlsPeerFingerprint(struct ssl_st *ssl, char buf[CHAT_FINGERPRINT_MAX]);
void tlsFree(struct ssl_st *ssl);
/* Frees what OpenSSL keeps for the calling thread (its random state);
 * a peer thread calls it before it counts itself gone. */
void tlsThreadEnd(void);

/* room.c: the client list, names and relaying. */
/* Threads started and not yet through roomJoin: while any are, join
 * notices wait to go out together. */
extern atomic_long roomArriving;
void roomCancel(void);     /* one of them will not come after all */
void roomInit(void);
/* Starts the thread that sends the room's lines (room.c's passer), when
 * the process may use a second CPU; before any other thread. */
void roomPasser(void);
/* Adds p as name, sends it the history and the welcome, tells the
 * others; name is taken (by a chosen name) or the room closed (shutdown). */
enum roomJoinResult { ROOM_JOINED, ROOM_TAKEN, ROOM_CLOSED };
enum roomJoinResult roomJoin(struct peer *p, const char *name);
void roomLeave(struct peer *p, const char *reason, bool announce);
/* Queues a room line from p (type WIRE_CHAT or WIRE_ACTION, said by its
 * name now); false when it is too long.  Its lines go out together, one
 * send per recipient, at roomFlush, which must come before p does
 * anything else the room sees. */
bool roomSay(struct peer *p, enum wireType type, const char *text);
void roomFlush(struct peer *p);
/* Without --cluster, logs how many room lines went out so far, from how
 * many batches (a reader's lines of one read), in how many passes: fewer
 * passes than batches is readers' lines sent together.  At shutdown and
 * on SIGUSR2. */
void roomLogRelay(void);
/* Relays lines of the cluster's stream (cluster.c), with consecutive IDs
 * from first on, to everyone here but their senders, who get their
 * acknowledgements instead; from[i] says whose line i is. */
struct roomFrom {
	uint64_t serial;        /* the sender's, when it is one of ours; else 0 */
	bool relayed;           /* by roomLocal already: remember and ack only */
};
void roomRelay(const char *buf, size_t len, uint64_t first, const struct roomFrom *from,
    size_t lines);
/* While Redis is away: serial's lines to everyone else here, at once,
 * without IDs (the stream gives them later); and a notice to everyone. */
void roomLocal(uint64_t serial, const char *buf, size_t len);
void roomInfo(const char *text);
/* What another node of the cluster says: a join, quit or nick notice
 * for everyone here, and a private message for one. */
void roomRemoteNotice(enum wireType type, const char *name, const char *name2, const char *text,
    bool verified);
void roomPrivateFrom(const char *from, const char *target, const char *text);
void roomShutdown(const char *text);
/* Sends a message to one peer only (its own thread). */
void roomReply(struct peer *p, const struct wireMsg *m);
void roomError(struct peer *p, const char *code, const char *arg, const char *text);
void roomNick(struct peer *p, const char *name);
void roomPrivate(struct peer *p, const char *target, const char *text);
/* The names, then a "-!- away" line for each who is away. */
void roomWho(struct peer *p);
/* /away and AWAY, one state for both protocols: text is cut to fit
 * (never inside a UTF-8 sequence); "" or NULL: here again. */
void roomAway(struct peer *p, const char *text);
/* q's away text into away (ROOM_AWAY_SIZE bytes), "" when it is here. */
void roomAwayOf(const struct peer *q, char *away);
/* Frees name as ownedRelease(name, key) does (key NULL: an operator's
 * freeing), under roomLock, so that whoever holds the name is no longer
 * shown as verified from then on. */
enum ownedResult roomUnown(const char *name, const char *key);
/* A name freed on another node: whoever holds it here is no longer
 * verified. */
void roomUnverify(const char *name);
/* /since: line IDs from now on, and which IDs p has had. */
void roomSince(struct peer *p);
/* The first line a client gets: "-!- hello: ids max-line=N". */
void roomHello(struct peer *p);
long roomCount(void);
/* Calls fn for everyone in the room, in order, under roomLock (taken
 * for reading; the Locked one when the caller holds it already). */
void roomEach(void (*fn)(const struct peer *q, void *ctx), void *ctx);
void roomEachLocked(void (*fn)(const struct peer *q, void *ctx), void *ctx);
/* Tells everyone in the room whom keep does not keep why (an error
 * line), and makes them leave with reason. */
void roomExpel(bool (*keep)(const struct peer *q), const char *code, const char *text,
    const char *reason);
/* An operator's act on the one called name (an IRC client's nick too):
 * fn runs under roomLock, taken for reading, and may fill in a notice
 * and return true; the notice then goes to everyone before the lock is
 * let go, so that it comes before what the act sets off (a quit).
 * False when nobody of that name is online. */
bool roomAct(const char *name, bool (*fn)(struct peer *q, struct wireMsg *notice, void *ctx),
    void *ctx);
/* The same for everyone in the room, without a notice. */
void roomActAll(void (*fn)(struct peer *q, void *ctx), void *ctx);
/* A notice to everyone. */
void roomNotice(const struct wireMsg *m);

/* request.c: what a client's line asks for.  requestParse is pure (no
 * sockets, no locks), so that a fuzzer can link request.c alone; it cuts
 * line up in place.  command.c does what it asks. */
enum requestType {
	REQ_NONE, REQ_SAY, REQ_ME, REQ_MSG, REQ_WHO, REQ_NICK, REQ_QUIT,
	REQ_HELP, REQ_SINCE, REQ_RELEASE, REQ_AWAY, REQ_UNKNOWN, REQ_USAGE,
	REQ_KICK, REQ_BAN, REQ_UNBAN, REQ_BANS, REQ_MUTE, REQ_UNMUTE,
};
struct request {
	enum requestType type;
	/* /msg target, /nick and /release name ("": none), whom an operator
	 * acts on; else the command itself */
	const char *name;
	/* message, action, /quit reason, /away text, /kick or /ban reason
	 * (may be NULL) */
	const char *text;
};
void requestParse(char *line, struct request *cmd);
/* Acts on a line; returns false when the client asked to quit (and sets
 * *reason, pointing into line). */
bool commandRun(struct peer *p, char *line, const char **reason);

/* history.c: the last lines of the room, and the --log file. */
void historyInit(long size, const char *path);
void historyFree(void);
/* Gives each room line in buf (wire lines, each with its LF) the next
 * line ID, remembers and logs it; returns the first ID.  Call with
 * roomLock held, and send buf to everyone before letting it go, so that
 * whoever holds it for writing sees every line with an ID sent. */
uint64_t historyAdd(const char *buf, size_t len);
/* The same for lines whose IDs were given elsewhere (the cluster's
 * stream), from first on: a jump from the last ID starts a new run. */
void historyPut(const char *buf, size_t len, uint64_t first);
/* A cluster's new room: the next line's ID is next (nothing is kept). */
void historyStart(uint64_t next);
/* Calls fn with each remembered line with an ID above after, oldest
 * first, as a replayed message, while holding historyLock.  after is
 * ignored (everything is replayed) unless it names a line of this room
 * that is remembered or was the newest: a client that resumes asks for
 * what came after the last line it has. */
void historyEach(uint64_t after, void (*fn)(const struct wireMsg *m, void *arg), void *arg);
/* Where the IDs stand (see chat.h): from and to are those of the lines
 * historyEach(after) would replay now, last the newest.  With roomLock
 * held for writing, they stay so until it is let go. */
struct historyIds {
	uint64_t base, from, to, last;
};
void historyIds(uint64_t after, struct historyIds *ids);
void historyReopen(void);

/* cluster.c: one room across several chat-servers, through Redis
 * (--cluster).  clusterOptions checks the options (a usage error when
 * bad); clusterStart connects and loads the history from the stream, or
 * exits when Redis cannot be reached; clusterSay queues a peer's batch
 * of room lines for the stream, from which they are relayed. */
#ifdef HAVE_REDIS
void clusterOptions(const char *url, const char *room, const char *node);
void clusterStart(const char *defaultNode);
bool clusterOn(void);
void clusterSay(uint64_t serial, const char *buf, size_t len);
void clusterStop(void);
/* Names across the cluster.  A chosen name is leased in Redis before
 * it is taken here: CLAIM_NEW (released with clusterRelease if it is
 * not taken after all), CLAIM_OURS (this node's already), CLAIM_TAKEN
 * (another node's), CLAIM_OWNED (another key owns it, in the cluster's
 * owners hash), CLAIM_ERROR (Redis cannot say now).  *owned: 0 when
 * nobody owns the name, 1 when key does, 2 when key ("" for none) took
 * it just now (clusterUnbind gives it back when it is not taken after
 * all). */
enum clusterClaim { CLAIM_NEW, CLAIM_OURS, CLAIM_TAKEN, CLAIM_OWNED, CLAIM_ERROR };
enum clusterClaim clusterClaim(const char *name, const char *key, int *owned);
void clusterRelease(const char *name);
void clusterUnbind(const char *name, const char *key);
/* ownedRelease for the cluster's owners hash (FAILED: Redis cannot be
 * asked now); the other nodes are told. */
enum ownedResult clusterUnown(const char *name, const char *key);
/* Bans in the cluster's bans hash (target -> the bans file line): 1
 * when added or removed (the other nodes are told, with the banned
 * name and the operator's), 0 when there already or not there, -1 when
 * Redis cannot be asked now.  clusterBansEach calls fn with each line
 * (false: Redis cannot say). */
/* An operator's /kick (banning false) or /ban of name, who is on
 * another node: that node is asked to do it (false: nobody of that name
 * is there). */
bool clusterAct(bool banning, const char *name, const char *by, const char *reason);
int clusterBanAdd(const char *target, const char *line, const char *name, const char *by);
int clusterBanRemove(const char *target, const char *name, const char *by);
bool clusterBansEach(void (*fn)(char *line, void *ctx), void *ctx);
/* What the other nodes are told: this node's joins, quits, nick
 * changes (and whether the name is verified), and a private message to
 * one of theirs (false when to is nobody there; name gets to as its
 * holder writes it). */
void clusterJoin(const char *name, bool verified);
void clusterQuit(const char *name, const char *reason);
void clusterNick(const char *old, const char *name, bool verified);
bool clusterPrivate(const char *from, const char *to, const char *text, char *name);
/* The other nodes' clients: how many, and each name (membersLock,
 * taken under roomLock). */
long clusterMembers(void);
void clusterEachMember(void (*fn)(const char *name, bool verified, void *ctx), void *ctx);
#else
enum clusterClaim { CLAIM_NEW, CLAIM_OURS, CLAIM_TAKEN, CLAIM_OWNED, CLAIM_ERROR };
static inline enum clusterClaim clusterClaim(const char *name, const char *key, int *owned)
{ (void)name, (void)key; *owned = 0; return CLAIM_NEW; }
static inline void clusterRelease(const char *name) { (void)name; }
static inline void clusterUnbind(const char *name, const char *key) { (void)name, (void)key; }
static inline enum ownedResult clusterUnown(const char *name, const char *key)
{ (void)name, (void)key; return OWNED_NOT; }
static inline bool clusterAct(bool banning, const char *name, const char *by, const char *reason)
{ (void)banning, (void)name, (void)by, (void)reason; return false; }
static inline int clusterBanAdd(const char *target, const char *line, const char *name, const char *by)
{ (void)target, (void)line, (void)name, (void)by; return -1; }
static inline int clusterBanRemove(const char *target, const char *name, const char *by)
{ (void)target, (void)name, (void)by; return -1; }
static inline bool clusterBansEach(void (*fn)(char *line, void *ctx), void *ctx) { (void)fn, (void)ctx; return false; }
static inline void clusterJoin(const char *name, bool verified) { (void)name, (void)verified; }
static inline void clusterQuit(const char *name, const char *reason) { (void)name, (void)reason; }
static inline void clusterNick(const char *old, const char *name, bool verified) { (void)old, (void)name, (void)verified; }
static inline bool clusterPrivate(const char *from, const char *to, const char *text, char *name)
{ (void)from, (void)to, (void)text, (void)name; return false; }
static inline long clusterMembers(void) { return 0; }
static inline void clusterEachMember(void (*fn)(const char *name, bool verified, void *ctx), void *ctx) { (void)fn, (void)ctx; }
static inline bool clusterOn(void) { return false; }
static inline void clusterSay(uint64_t serial, const char *buf, size_t len) { (void)serial, (void)buf, (void)len; }
static inline void clusterStop(void) {}
#endif

/* irc.c: IRC clients (--irc).  ircLine does what an IRC client's line
 * asks; the rest formats what the room says for IRC clients. */
#define IRC_CHANNEL_MAX 50
#define IRC_NICK_SIZE (CHAT_ADDRNAME_MAX + 4)
void ircInit(void);
bool ircNameValid(const char *name);
bool ircChannelValid(const char *name);
/* The nick that IRC clients see for a room name (out: IRC_NICK_SIZE). */
void ircNickOf(const char *name, char *out);
struct irc *ircNew(void);
void ircFree(struct irc *irc);
/* Returns false when the client leaves (*reason says why). */
bool ircLine(struct peer *p, char *line, size_t len, const char **reason);
/* ms until ircTick wants to run again, or -1; sets *reason to close. */
int64_t ircTick(struct peer *p, int64_t now, int64_t heard, const char **reason);
/* Wire lines (what the room relays, each with its LF) as IRC lines, in
 * a new buffer (NULL when there are none). */
char *ircTranslate(const char *wire, size_t len, size_t *outLen);
void ircReply(struct peer *p, const struct wireMsg *m);
void ircError(struct peer *p, const char *code, const char *arg, const char *text);
void ircWelcome(struct peer *p, long online);
bool ircEcho(const struct peer *p);
size_t ircRefusal(char *buf, size_t size, const char *text);
/* Tells p that name is away, in p's protocol. */
void ircAwayReply(struct peer *p, const char *name, const char *away);

#endif
