/* proc.c: CPU time, memory, page faults and wakeups of a process, from /proc.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"

/* The fields of /proc/PID/stat after the command name, which may hold
 * spaces and parentheses, in buf; NULL when the process is gone. */
static const char *statFields(long pid, char *buf, size_t size)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f) return NULL;
	size_t n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	return p && p[1] ? p + 2 : NULL;
}

long procCPU(long pid)
{
	char buf[1024];
	const char *p = statFields(pid, buf, sizeof(buf));
	unsigned long ut, st;
	if (!p || sscanf(p, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		return -1;
	return (ut + st) * 1000 / sysconf(_SC_CLK_TCK);
}

long procFaults(long pid)
{
	char buf[1024];
	const char *p = statFields(pid, buf, sizeof(buf));
	unsigned long minor, major;
	if (!p || sscanf(p, "%*c %*d %*d %*d %*d %*d %*u %lu %*u %lu", &minor, &major) != 2)
		return -1;
	return minor + major;
}

long long procCPUus(long pid)
{
	clockid_t clock;
	struct timespec ts;
	if (clock_getcpuclockid(pid, &clock) || clock_gettime(clock, &ts)) return -1;
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static long statusField(const char *path, const char *field)
{
	char buf[256];
	FILE *f = fopen(path, "r");
	if (!f) return -1;
	long v = -1;
	size_t flen = strlen(field);
	while (fgets(buf, sizeof(buf), f))
		if (!strncmp(buf, field, flen) && buf[flen] == ':') v = atol(buf + flen + 1);
	fclose(f);
	return v;
}

long procKB(long pid, const char *field)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	return statusField(path, field);
}

long procWakeups(long pid)
{
	char path[320];
	snprintf(path, sizeof(path), "/proc/%ld/task", pid);
	DIR *d = opendir(path);
	if (!d) return -1;
	long sum = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.') continue;
		/* A thread that ended since readdir() counts for nothing. */
		snprintf(path, sizeof(path), "/proc/%ld/task/%s/status", pid, e->d_name);
		long v = statusField(path, "voluntary_ctxt_switches");
		long w = statusField(path, "nonvoluntary_ctxt_switches");
		if (v > 0) sum += v;
		if (w > 0) sum += w;
	}
	closedir(d);
	return sum;
}
