/* proc.h: what the benchmark reads of a process from /proc.
 * Copyright (C) 2026 The chat-tui authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef BENCH_PROC_H
#define BENCH_PROC_H

/* Each returns -1 when the figure cannot be read (the process is gone). */
long procCPU(long pid);                     /* utime + stime, ms */
/* The same in microseconds, from the process's CPU clock: ticks are
 * 10 ms, more than a whole fan-out run of a fast relay. */
long long procCPUus(long pid);
/* Page faults (minor and major) of all its threads, the ended included. */
long procFaults(long pid);
long procKB(long pid, const char *field);   /* a kB field of status: VmRSS, VmHWM */
long procWakeups(long pid);                 /* context switches, summed over threads */

#endif
