/* signals.c: signals through a self-pipe.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The handler only writes the signal's number into a non-blocking,
 * close-on-exec pipe; the program's event loop watches signalsFd() and
 * acts on each signalsNext() in its own time, where anything is safe.
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <signal.h>
#include <sysexits.h>
#include <unistd.h>

#include "chat.h"

static int sigPipe[2] = { -1, -1 };

static void onSignal(int sig)
{
	int saved = errno;
	unsigned char c = sig;
	if (write(sigPipe[1], &c, 1) < 0) {
		/* The pipe is full: the loop has plenty to read already. */
	}
	errno = saved;
}

void signalsInit(void)
{
	if (pipe(sigPipe) < 0) err(EX_OSERR, "pipe");
	for (int i = 0; i < 2; i++) {
		netNonblock(sigPipe[i], true);
		netCloexec(sigPipe[i]);
	}
}

void signalsCatch(int sig, int flags)
{
	struct sigaction sa = { .sa_handler = onSignal, .sa_flags = flags };
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

int signalsFd(void)
{
	return sigPipe[0];
}

int signalsNext(void)
{
	unsigned char c;
	return read(sigPipe[0], &c, 1) == 1 ? c : 0;
}

void signalsClose(void)
{
	for (int i = 0; i < 2; i++) {
		if (sigPipe[i] >= 0) close(sigPipe[i]);
		sigPipe[i] = -1;
	}
}
