/* opts.c: one option parser for loadgen and tuibench.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "opts.h"

enum { OPTS_MAX = 32 };

static void usageExit(const char *usage)
{
	fputs(usage, stderr);
	exit(64);
}

static long number(const char *s, const struct benchOpt *o, const char *usage)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < o->min || v > o->max) {
		fprintf(stderr, "--%s: give a number from %ld to %ld\n", o->name, o->min, o->max);
		usageExit(usage);
	}
	return v;
}

int benchOptions(int argc, char *argv[], const struct benchOpt *opts, const char *usage)
{
	struct option longs[OPTS_MAX + 1] = { { 0 } };
	int n = 0;
	for (; opts[n].name; n++) {
		if (n == OPTS_MAX) usageExit("benchOptions: too many options\n");
		longs[n] = (struct option) {
			opts[n].name, opts[n].kind == BENCH_FLAG ? no_argument : required_argument,
			NULL, n,
		};
	}
	/* "+": the first operand ends the options (tuibench's command follows). */
	for (int ch; (ch = getopt_long(argc, argv, "+", longs, NULL)) != -1;) {
		if (ch < 0 || ch >= n) usageExit(usage);
		const struct benchOpt *o = &opts[ch];
		switch (o->kind) {
		case BENCH_NUMBER: *(long *)o->value = number(optarg, o, usage); break;
		case BENCH_STRING: *(const char **)o->value = optarg; break;
		case BENCH_FLAG: *(bool *)o->value = true; break;
		}
	}
	return optind;
}
