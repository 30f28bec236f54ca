/* unit-signals.c: the self-pipe of signals.c.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>

#include "chat.h"
#include "unit.h"

int main(void)
{
	signalsInit();
	int fd = signalsFd();
	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
	CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	CHECK(signalsNext() == 0);
	signalsCatch(SIGUSR1, 0);
	signalsCatch(SIGUSR2, SA_RESTART);
	raise(SIGUSR2);
	raise(SIGUSR1);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	CHECK(poll(&p, 1, 5000) == 1);
	/* In the order they came, each once, and then nothing. */
	CHECK(signalsNext() == SIGUSR2);
	CHECK(signalsNext() == SIGUSR1);
	CHECK(signalsNext() == 0);
	signalsClose();
	CHECK(signalsFd() < 0);
	return unitStatus();
}
