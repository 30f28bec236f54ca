/* hostcost.c: what this machine charges for the kernel work a relay
 * cannot avoid, so that make bench's ratios can be read across hosts.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A thread per client pays for page faults (a stack and buffers when a
 * client first speaks), thread starts, and wake-ups (a reader woken by
 * its socket, then by its pass) that a single epoll thread does not.
 * Under a hypervisor each can cost ten to a hundred times what it costs
 * on bare metal, and the CPU ratios against the batched relay move with
 * them.  Prints one line:
 *
 *   scenario=host target=host syscall_ns=N fault_ns=N thread_us=N wake_us=N
 *
 * syscall: getppid(2) through syscall(2); fault: first touch of an
 * anonymous page; thread: pthread_create and pthread_join of a thread
 * with chat-server's 128 KiB stack; wake: half a round trip between two
 * threads on POSIX semaphores (a post that wakes a sleeper, and its
 * switch in), as a reader waits for its pass.  Each is the best of
 * ROUNDS, so that a neighbour's burst does not count.
 */
#include <config.h>

#include <err.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum {
	ROUNDS = 5,
	SYSCALLS = 100000,
	PAGES = 4096,           /* 16 MiB of 4 KiB pages */
	THREADS = 200,
	WAKES = 20000,
	STACK = 128 * 1024,
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double syscallCost(void)
{
	double t = now();
	for (int i = 0; i < SYSCALLS; i++) syscall(SYS_getppid);
	return (now() - t) / SYSCALLS;
}

static double faultCost(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, (size_t)PAGES * page, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) err(1, "mmap");
	double t = now();
	for (size_t i = 0; i < PAGES; i++) p[i * page] = 1;
	t = now() - t;
	munmap(p, (size_t)PAGES * page);
	return t / PAGES;
}

static void *nothing(void *arg)
{
	return arg;
}

static double threadCost(void)
{
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, STACK);
	double t = now();
	for (int i = 0; i < THREADS; i++) {
		pthread_t th;
		if (pthread_create(&th, &attr, nothing, NULL)) errx(1, "pthread_create failed");
		pthread_join(th, NULL);
	}
	t = now() - t;
	pthread_attr_destroy(&attr);
	return t / THREADS;
}

static sem_t ping, pong;

static void *ponger(void *arg)
{
	for (int i = 0; i < WAKES; i++) {
		sem_wait(&ping);
		sem_post(&pong);
	}
	return arg;
}

static double wakeCost(void)
{
	pthread_t th;
	sem_init(&ping, 0, 0);
	sem_init(&pong, 0, 0);
	if (pthread_create(&th, NULL, ponger, NULL)) errx(1, "pthread_create failed");
	double t = now();
	for (int i = 0; i < WAKES; i++) {
		sem_post(&ping);
		sem_wait(&pong);
	}
	t = now() - t;
	pthread_join(th, NULL);
	sem_destroy(&ping);
	sem_destroy(&pong);
	return t / WAKES / 2;
}

static double best(double (*fn)(void))
{
	double b = fn();
	for (int i = 1; i < ROUNDS; i++) {
		double v = fn();
		if (v < b) b = v;
	}
	return b;
}

int main(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "usage: hostcost\n");
		return 64;
	}
	printf("scenario=host target=host syscall_ns=%.0f fault_ns=%.0f thread_us=%.1f wake_us=%.1f\n",
	    best(syscallCost) * 1e9, best(faultCost) * 1e9, best(threadCost) * 1e6,
	    best(wakeCost) * 1e6);
	return 0;
}
