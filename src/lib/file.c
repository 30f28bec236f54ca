/* file.c: replacing a file whole, so that a crash never leaves half of it.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like a mail spool: the new contents go to a temporary file beside the
 * old one (mkstemp: O_EXCL, mode 0600, never a planted link), which is
 * synced, renamed over the old name, and the directory synced, so that
 * after a crash or kill -9 at any point the file is either the old one
 * or the new one.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chat.h"

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

bool fileReplace(const char *path, bool (*fill)(FILE *out, void *ctx), void *ctx)
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
	if (ok && rename(tmp, path)) {
		error = errno;
		ok = false;
	}
	if (ok) syncDir(path);
	else if (fd >= 0) unlink(tmp);
	free(tmp);
	errno = ok ? 0 : error ? error : EIO;
	return ok;
}
