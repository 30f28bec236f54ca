/* unit-file.c: file.c: the state directory's order of choice, mkdir -p,
 * and fileReplace and fileCreate: whole or not at all.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
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

#define CHECK_DIR(chosen, want) do { \
	char *got_ = fileStateDir("prog", (chosen)); \
	const char *want_ = (want); \
	if (!got_ != !want_ || (got_ && strcmp(got_, want_))) { \
		FAIL("fileStateDir: got %s, want %s", got_ ? got_ : "NULL", \
		    want_ ? want_ : "NULL"); \
	} \
	free(got_); \
} while (0)

static void testStateDir(void)
{
	setenv("XDG_STATE_HOME", "/xdg", 1);
	setenv("HOME", "/home/u", 1);
	CHECK_DIR("/chosen", "/chosen");
	CHECK_DIR("rel", "rel");
	CHECK_DIR(NULL, "/xdg/prog");
	/* A relative XDG_STATE_HOME is not one, nor an empty one. */
	setenv("XDG_STATE_HOME", "xdg", 1);
	CHECK_DIR(NULL, "/home/u/.local/state/prog");
	setenv("XDG_STATE_HOME", "", 1);
	CHECK_DIR(NULL, "/home/u/.local/state/prog");
	unsetenv("XDG_STATE_HOME");
	CHECK_DIR(NULL, "/home/u/.local/state/prog");
	/* No $HOME: the home in the password database, as ssh does, not
	 * the working directory. */
	struct passwd *pw = getpwuid(getuid());
	char *want = NULL;
	if (pw && pw->pw_dir && *pw->pw_dir == '/') {
		char *state = filePath(pw->pw_dir, ".local/state");
		want = filePath(state, "prog");
		free(state);
	}
	setenv("HOME", "", 1);
	CHECK_DIR(NULL, want);
	unsetenv("HOME");
	CHECK_DIR(NULL, want);
	if (!want) printf("# no home in the password database: NULL checked\n");
	free(want);

	char *p = filePath("/a", "b");
	CHECK_STR(p, "/a/b");
	free(p);
	p = filePath(NULL, "b");
	CHECK_STR(p, "b");
	free(p);
}

static void testMakeDirs(const char *top)
{
	struct stat st;
	char *path = filePath(top, "a/b/c");
	CHECK(fileMakeDirs(path, 0755));
	CHECK(!stat(path, &st) && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700);
	/* There already: fine. */
	CHECK(fileMakeDirs(path, 0755));
	free(path);
	path = filePath(top, "a/b");
	CHECK(!stat(path, &st) && (st.st_mode & 0777) == 0755);
	free(path);

	/* A file in the way: cut where it failed, errno says why. */
	path = filePath(top, "file");
	FILE *f = fopen(path, "w");
	CHECK(f && !fclose(f));
	free(path);
	path = filePath(top, "file/x/y");
	errno = 0;
	CHECK(!fileMakeDirs(path, 0700));
	CHECK(errno == ENOTDIR);
	char *want = filePath(top, "file/x");
	CHECK_STR(path, want);
	free(want);
	free(path);

	/* A state file's path, its directory made. */
	char *xdg = realpath(top, NULL);
	CHECK(xdg);
	if (!xdg) return;
	setenv("XDG_STATE_HOME", xdg, 1);
	path = fileStatePath("prog", "known");
	want = filePath(xdg, "prog/known");
	CHECK_STR(path, want);
	free(want);
	want = filePath(xdg, "prog");
	CHECK(!stat(want, &st) && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700);
	free(want);
	free(path);
	free(xdg);
	unsetenv("XDG_STATE_HOME");
}

int main(void)
{
	umask(022);
	testStateDir();
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

	/* fileCreate: never over a file that is there; no temporary left. */
	CHECK(!fileCreate(path, writeText, "three\n"));
	CHECK(errno == EEXIST);
	checkText(path, "two\n");
	CHECK(entries(dir) == 1);
	unlink(path);
	CHECK(fileCreate(path, writeText, "four\n"));
	checkText(path, "four\n");
	CHECK(entries(dir) == 1);
	unlink(path);
	testMakeDirs(dir);
	char rm[sizeof(dir) + 16];
	snprintf(rm, sizeof(rm), "rm -rf %s", dir);
	if (system(rm)) FAIL("%s failed", rm);
	return unitStatus();
}
