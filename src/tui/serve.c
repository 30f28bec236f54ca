/* serve.c: --serve: the bundled chat-server as a child, started and stopped with us.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "tui.h"

enum {
	START_TIMEOUT = 10000,
	RESTART_QUIET = 10000,  /* ms a restarted server must last */
};

static pid_t child = -1;
static char portBuf[16];
static const char *serveHost;
static int serverErr = -1;      /* the server's stderr */
static int64_t restartedAt;
static char pinBuf[CHAT_FINGERPRINT_MAX + 1];

/* The chat-server installed or built next to us, or else the one in PATH. */
static const char *serverPath(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - sizeof("chat-server"));
	if (n > 0) {
		buf[n] = '\0';
		char *slash = strrchr(buf, '/');
		if (slash) {
			strcpy(slash + 1, "chat-server");
			if (access(buf, X_OK) == 0) return buf;
		}
	}
	return "chat-server";
}

static void execServer(const char *host, const char *port, const char *portFile, int errFd)
{
	char path[PATH_MAX];
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	int null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
	}
	dup2(errFd, STDERR_FILENO);
	const char *prog = serverPath(path, sizeof(path));
	if (portFile) {
		execlp(prog, "chat-server", "--quiet", "--port-file", portFile, host, port,
		    (char *)NULL);
	} else {
		execlp(prog, "chat-server", "--quiet", host, port, (char *)NULL);
	}
	fprintf(stderr, "%s: %s\n", prog, strerror(errno));
	_exit(EX_UNAVAILABLE);
}

/* What the server said before it died, for our own error. */
static void showErrors(int fd)
{
	char buf[1024];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n > 0) {
		buf[n] = '\0';
		fputs(buf, stderr);
	}
}

static bool readPort(const char *file)
{
	FILE *f = fopen(file, "r");
	if (!f) return false;
	bool ok = fgets(portBuf, sizeof(portBuf), f) && portBuf[strcspn(portBuf, "\n")] == '\n';
	fclose(f);
	if (ok) portBuf[strcspn(portBuf, "\n")] = '\0';
	return ok && *portBuf;
}

/* The fingerprint of the server we started, from "chat-server
 * --fingerprint" in the same environment: the same state directory. */
static void readPin(void)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC)) err(EX_OSERR, "pipe");
	pid_t pid = fork();
	if (pid < 0) err(EX_OSERR, "fork");
	if (!pid) {
		char path[PATH_MAX];
		dup2(fds[1], STDOUT_FILENO);
		const char *prog = serverPath(path, sizeof(path));
		execlp(prog, "chat-server", "--fingerprint", (char *)NULL);
		_exit(EX_UNAVAILABLE);
	}
	close(fds[1]);
	size_t len = 0;
	ssize_t n;
	while (len < sizeof(pinBuf) - 1
	    && ((n = read(fds[0], pinBuf + len, sizeof(pinBuf) - 1 - len)) > 0 || (n < 0 && errno == EINTR))) {
		if (n > 0) len += n;
	}
	close(fds[0]);
	pinBuf[len] = '\0';
	pinBuf[strcspn(pinBuf, "\n")] = '\0';
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR) continue;
	if (!WIFEXITED(status) || WEXITSTATUS(status) || !*pinBuf) {
		/* TRANSLATORS: --serve could not learn its server's TLS fingerprint. */
		errx(EX_UNAVAILABLE, _("chat-server --fingerprint failed"));
	}
}

/* At exit: the server goes with us, and is reaped. */
static void stop(void)
{
	if (child <= 0) return;
	kill(child, SIGTERM);
	while (waitpid(child, NULL, 0) < 0 && errno == EINTR) continue;
	child = -1;
}

void serveStart(const char *host, const char **port, const char **pin)
{
	const char *tmp = getenv("TMPDIR");
	char dir[PATH_MAX], file[PATH_MAX + 8];
	snprintf(dir, sizeof(dir), "%s/chat-tui.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) err(EX_OSERR, "mkdtemp");
	snprintf(file, sizeof(file), "%s/port", dir);
	char errFile[PATH_MAX + 8];
	snprintf(errFile, sizeof(errFile), "%s/stderr", dir);
	int fd = open(errFile, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) err(EX_OSERR, "%s", errFile);
	unlink(errFile);
	child = fork();
	if (child < 0) err(EX_OSERR, "fork");
	if (!child) execServer(host, *port, file, fd);
	atexit(stop);
	int64_t end = utilNow() + START_TIMEOUT;
	int status;
	bool ok = false;
	while (utilNow() < end) {
		if ((ok = readPort(file))) break;
		if (waitpid(child, &status, WNOHANG) == child) {
			child = -1;
			break;
		}
		usleep(20000);
	}
	unlink(file);
	rmdir(dir);
	if (!ok) {
		showErrors(fd);
		/* TRANSLATORS: --serve could not start the server. */
		errx(EX_UNAVAILABLE, _("chat-server did not start"));
	}
	readPin();
	*port = portBuf;
	*pin = pinBuf;
	serveHost = host;
	serverErr = fd;
}

/* The last line the server wrote to stderr, if any. */
static void lastWords(char *buf, size_t size)
{
	buf[0] = '\0';
	off_t end = lseek(serverErr, 0, SEEK_END);
	if (end <= 0) return;
	off_t from = end > (off_t)size - 1 ? end - (off_t)size + 1 : 0;
	ssize_t n = pread(serverErr, buf, size - 1, from);
	if (n <= 0) return;
	buf[n] = '\0';
	while (n && buf[n - 1] == '\n') buf[--n] = '\0';
	char *nl = strrchr(buf, '\n');
	if (nl) memmove(buf, nl + 1, strlen(nl + 1) + 1);
}

static void describe(int status, char *buf, size_t size)
{
	if (WIFSIGNALED(status)) {
		/* TRANSLATORS: why the hosted server stopped; %s is the signal's name. */
		snprintf(buf, size, _("killed by signal %d (%s)"), WTERMSIG(status),
		    strsignal(WTERMSIG(status)));
	} else {
		/* TRANSLATORS: why the hosted server stopped. */
		snprintf(buf, size, _("exited with status %d"), WEXITSTATUS(status));
	}
}

static void restart(void)
{
	/* Until the one before has lasted, we start no more: the port may be
	 * taken, or it fails at once for a reason we cannot fix. */
	child = fork();
	if (child < 0) err(EX_OSERR, "fork");
	/* No port file: the port is known, and chat-server replaces the file
	 * by rename(), which as root would put a file in place of /dev/null. */
	if (!child) execServer(serveHost, portBuf, NULL, serverErr);
	restartedAt = utilNow();
}

void serveReap(void)
{
	int status;
	if (child <= 0 || waitpid(child, &status, WNOHANG) != child) return;
	child = -1;
	char why[128], said[256];
	describe(status, why, sizeof(why));
	lastWords(said, sizeof(said));
	if (*said) {
		/* TRANSLATORS: --serve: the first %s says why (killed by signal
		 * 9...), the second is what it last wrote to stderr. */
		uiPush(entryNotice(KIND_ERROR, _("The room hosted here stopped: chat-server %s: %s"),
		    why, said));
	} else {
		/* TRANSLATORS: --serve: %s says why (killed by signal 9...). */
		uiPush(entryNotice(KIND_ERROR, _("The room hosted here stopped: chat-server %s."), why));
	}
	if (restartedAt && utilNow() - restartedAt < RESTART_QUIET) {
		uiHide();
		/* TRANSLATORS: --serve gave up; %s says why. */
		warnx(_("the hosted chat-server stopped again (%s); not restarting it"), why);
		tuiQuit(EX_UNAVAILABLE);
	}
	restart();
	/* TRANSLATORS: %s is the port. */
	uiPush(entryNotice(KIND_NOTICE, _("Restarted it on port %s."), portBuf));
}

void serveKill(void)
{
	if (child > 0) kill(child, SIGTERM);
}
