/* spawn.c: running another program for the user, detached, without a shell.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * --notify's command and $BROWSER for /open run beside chat-tui: never
 * through a shell (the words come from other people), with nothing of
 * the terminal (it belongs to curses), and forked twice, so that
 * chat-tui neither waits for them nor has to reap them.
 */
#include <config.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tui.h"

void spawnDetached(char *const argv[])
{
	pid_t child = fork();
	if (child == 0) {
		if (fork() == 0) {
			int null = open("/dev/null", O_RDWR);
			if (null >= 0) {
				dup2(null, STDIN_FILENO);
				dup2(null, STDOUT_FILENO);
				dup2(null, STDERR_FILENO);
			}
			/* chat-tui's blocked signals are its own business. */
			sigset_t none;
			sigemptyset(&none);
			sigprocmask(SIG_SETMASK, &none, NULL);
			execvp(argv[0], argv);
			_exit(127);
		}
		_exit(0);
	}
	if (child > 0) waitpid(child, NULL, 0);
}
