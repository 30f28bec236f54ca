/* replay-main.c: runs a fuzz target once on every file named, without
 * libFuzzer, so that make check replays the corpora with gcc.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <err.h>

#include "chat.h"
#include "fuzz.h"

int main(int argc, char *argv[])
{
	for (int i = 1; i < argc; i++) {
		FILE *file = fopen(argv[i], "rb");
		if (!file) err(EXIT_FAILURE, "%s", argv[i]);
		size_t size = 0, cap = 4096;
		uint8_t *data = xmalloc(cap);
		size_t n;
		while ((n = fread(data + size, 1, cap - size, file)) > 0) {
			size += n;
			if (size == cap) data = xrealloc(data, cap *= 2);
		}
		if (ferror(file)) err(EXIT_FAILURE, "%s", argv[i]);
		fclose(file);
		LLVMFuzzerTestOneInput(data, size);
		free(data);
	}
	return EXIT_SUCCESS;
}
