/* unit.h: what the unit tests (tests/unit-*.c) share.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A test checks as much as it can and counts what fails, so that one run
 * shows every broken case; main returns unitStatus().
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unitFailures;

/* Says what failed, as "FILE:LINE: MESSAGE", and counts it. */
__attribute__((format(printf, 3, 4), unused))
static void unitFail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s:%d: ", file, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	unitFailures++;
}

__attribute__((unused))
static int unitStatus(void)
{
	return unitFailures ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* FAIL_AT for helpers that report their caller's line. */
#define FAIL_AT(line, ...) unitFail(__FILE__, (line), __VA_ARGS__)
#define FAIL(...) unitFail(__FILE__, __LINE__, __VA_ARGS__)
#define CHECK(cond) do { \
	if (!(cond)) FAIL("failed: %s", #cond); \
} while (0)
#define CHECK_STR(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	if (strcmp(g_, w_)) FAIL("got \"%s\", want \"%s\"", g_, w_); \
} while (0)

#endif
