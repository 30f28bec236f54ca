/* unit-file.c: fileReplace of file.c: whole or not at all.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chat.h"
#include "unit.h"

static bool writeText(FILE *out, void *ctx)
{
	return fputs(ctx, out) >= 0;
}

static bool writeFails(FILE *out, void *ctx)
{
	fputs(ctx, out);
	errno = ENOSPC;
	return false;
}

static void checkText(const char *path, const char *want)
{
	char got[64] = "";
	FILE *in = fopen(path, "r");
	CHECK(in);
	if (!in) return;
	size_t n = fread(got, 1, sizeof(got) - 1, in);
	got[n] = '\0';
	fclose(in);
	CHECK_STR(got, want);
}

/* Nothing but the file itself is left in dir. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	for (struct dirent *e; d && (e = readdir(d)); ) n += e->d_name[0] != '.';
	if (d) closedir(d);
	return n;
}

int main(void)
{
	char dir[] = "unit-file.XXXXXX";
	if (!mkdtemp(dir)) return FAIL("mkdtemp"), unitStatus();
	char path[64], missing[80];
	/* In the build tree, where make check runs. */
	snprintf(path, sizeof(path), "%s/state", dir);
	snprintf(missing, sizeof(missing), "%s/none/state", dir);

	CHECK(fileReplace(path, writeText, "one\n"));
	checkText(path, "one\n");
	struct stat st;
	CHECK(!stat(path, &st) && (st.st_mode & 0777) == 0600);
	CHECK(fileReplace(path, writeText, "two\n"));
	checkText(path, "two\n");
	/* A writer that fails leaves the old file and no temporary one. */
	CHECK(!fileReplace(path, writeFails, "half"));
	CHECK(errno == ENOSPC);
	checkText(path, "two\n");
	CHECK(entries(dir) == 1);
	/* So does a directory that is not there. */
	CHECK(!fileReplace(missing, writeText, "x\n"));
	CHECK(errno == ENOENT);
	CHECK(entries(dir) == 1);

	unlink(path);
	rmdir(dir);
	return unitStatus();
}
