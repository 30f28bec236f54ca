/* opts.h: the command lines of the benchmark programs.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef BENCH_OPTS_H
#define BENCH_OPTS_H

enum benchKind { BENCH_NUMBER, BENCH_STRING, BENCH_FLAG };
struct benchOpt {
	const char *name;       /* the long option, without "--" */
	enum benchKind kind;
	void *value;            /* long *, const char ** or bool * */
	long min, max;          /* a BENCH_NUMBER's range */
};

/* Parses the options before the first operand by opts (a table ending in
 * a NULL name) and returns the first operand's index.  A bad option or
 * value prints usage and exits 64. */
int benchOptions(int argc, char *argv[], const struct benchOpt *opts, const char *usage);

#endif
