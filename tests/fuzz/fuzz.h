/* fuzz.h: what the fuzz targets share: the libFuzzer entry point and a
 * check that crashes loudly, so that both libFuzzer and the replay
 * program in make check notice a broken invariant.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

#endif
