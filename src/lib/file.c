/* file.c: state files: where they are, and replacing one whole, so that
 * a crash never leaves half of it.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both programs keep what must outlive a run (keys, known_hosts, the
 * names file, the input history) in the XDG state directory.
 *
 * Like a mail spool: the new contents go to a temporary file beside the
 * old one (mkstemp: O_EXCL, mode 0600, never a planted link), which is
 * synced, renamed over the old name (linked to a name not taken yet, for
 * fileCreate), and the directory synced, so that after a crash or kill -9
 * at any point the file is either the old one or the new one.
 */
#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chat.h"

char *filePath(const char *dir, const char *name)
{
	if (!dir) return xstrdup(name);
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = xmalloc(n);
	snprintf(path, n, "%s/%s", dir, name);
	return path;
}

char *fileStateDir(const char *program, const char *chosen)
{
	if (chosen) return xstrdup(chosen);
	/* The XDG spec: a relative $XDG_STATE_HOME is invalid, ignore it. */
	const char *xdg = getenv("XDG_STATE_HOME");
	if (xdg && *xdg == '/') return filePath(xdg, program);
	const char *home = getenv("HOME");
	if (!home || !*home) {
		/* As ssh does: a service or cron job may have no $HOME, and
		 * the working directory is no place for a private key. */
		struct passwd *pw = getpwuid(getuid());
		home = pw && pw->pw_dir && *pw->pw_dir == '/' ? pw->pw_dir : NULL;
	}
	if (!home) return NULL;
	char *state = filePath(home, ".local/state");
	char *dir = filePath(state, program);
	free(state);
	return dir;
}

char *fileStatePath(const char *program, const char *name)
{
	char *dir = fileStateDir(program, NULL);
	char *path = filePath(dir, name);
	if (dir) fileMakeDirs(dir, 0700);
	free(dir);
	return path;
}

bool fileMakeDirs(char *path, mode_t parents)
{
	for (char *s = path + 1; *s; s++) {
		if (*s != '/') continue;
		*s = '\0';
		if (mkdir(path, parents) && errno != EEXIST) return false;
		*s = '/';
	}
	return !mkdir(path, 0700) || errno == EEXIST;
}

/* The rename is durable only once the directory is on disk too. */
static void syncDir(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash) *(slash == dir ? slash + 1 : slash) = '\0';
	int fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		/* The new file is in place: a failure here loses no data. */
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* rename replaces path; link, for fileCreate, fails when it is there. */
static bool writeWhole(const char *path, bool replace, bool (*fill)(FILE *out, void *ctx),
    void *ctx)
{
	size_t len = strlen(path) + sizeof(".XXXXXX");
	char *tmp = xmalloc(len);
	snprintf(tmp, len, "%s.XXXXXX", path);
	int fd = mkostemp(tmp, O_CLOEXEC);
	FILE *out = fd < 0 ? NULL : fdopen(fd, "w");
	int error = errno;
	errno = 0;
	bool ok = out && fill(out, ctx) && !fflush(out) && !fsync(fd);
	if (out) error = errno;
	if (out ? fclose(out) : fd >= 0 ? close(fd) : 0) {
		if (ok) error = errno;
		ok = false;
	}
	if (ok && (replace ? rename(tmp, path) : link(tmp, path))) {
		error = errno;
		ok = false;
	}
	if (ok) syncDir(path);
	if (fd >= 0 && (!ok || !replace)) unlink(tmp);
	free(tmp);
	errno = ok ? 0 : error ? error : EIO;
	return ok;
}

bool fileReplace(const char *path, bool (*fill)(FILE *out, void *ctx), void *ctx)
{
	return writeWhole(path, true, fill, ctx);
}

bool fileCreate(const char *path, bool (*fill)(FILE *out, void *ctx), void *ctx)
{
	return writeWhole(path, false, fill, ctx);
}

/* mkstemp's six letters and digits after "NAME.". */
static bool isTemporary(const char *entry, const char *base, size_t n)
{
	if (strncmp(entry, base, n) || entry[n] != '.' || strlen(entry + n + 1) != 6) return false;
	for (const char *c = entry + n + 1; *c; c++) {
		if (!isalnum((unsigned char)*c)) return false;
	}
	return true;
}

size_t fileSweep(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	const char *base = slash ? slash + 1 : path;
	if (slash) *(slash == dir ? slash + 1 : slash) = '\0';
	DIR *d = opendir(slash ? dir : ".");
	size_t n = strlen(base), swept = 0;
	for (struct dirent *e; d && (e = readdir(d)); ) {
		if (!isTemporary(e->d_name, base, n)) continue;
		char *tmp = filePath(slash ? dir : NULL, e->d_name);
		swept += !unlink(tmp);
		free(tmp);
	}
	if (d) closedir(d);
	free(dir);
	return swept;
}
