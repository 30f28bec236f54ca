# tests/bench.mk: make bench, the speed and scale benchmark (not make check).
# The load generator, the two epoll baselines, the host probe and the TUI
# bench are EXTRA_PROGRAMS: `make bench` builds them, `make` and `make
# check` do not.
# SPDX-License-Identifier: GPL-3.0-or-later

BENCH_TOOLS = tests/bench/loadgen tests/bench/baseline tests/bench/batched tests/bench/hostcost \
	tests/tlsflood
EXTRA_PROGRAMS = tests/bench/loadgen tests/bench/baseline tests/bench/batched tests/bench/hostcost
tests_bench_loadgen_SOURCES = tests/bench/loadgen.c tests/bench/proc.c tests/bench/proc.h \
	tests/bench/opts.c tests/bench/opts.h
tests_bench_loadgen_CFLAGS = $(AM_CFLAGS) $(SSL_CFLAGS)
tests_bench_loadgen_LDADD = $(SSL_LIBS)
tests_bench_baseline_SOURCES = tests/bench/baseline.c
tests_bench_batched_SOURCES = tests/bench/batched.c
tests_bench_hostcost_SOURCES = tests/bench/hostcost.c
if HAVE_VTERM
BENCH_TOOLS += tests/bench/tuibench
EXTRA_PROGRAMS += tests/bench/tuibench
endif
tests_bench_tuibench_SOURCES = tests/bench/tuibench.c tests/bench/proc.c tests/bench/proc.h \
	tests/bench/opts.c tests/bench/opts.h
tests_bench_tuibench_CFLAGS = $(AM_CFLAGS) $(VTERM_CFLAGS)
tests_bench_tuibench_LDADD = $(VTERM_LIBS) $(UTIL_LIBS)
EXTRA_DIST += tests/bench/run-bench tests/bench/run-cluster tests/bench/RESULTS tests/bench/tls-idle
CLEANFILES += $(EXTRA_PROGRAMS)

# make bench BENCHFLAGS='--quick' (see tests/bench/run-bench for the options)
BENCHFLAGS =
bench: src/chat-server src/chat-tui $(BENCH_TOOLS)
	$(SHELL) $(srcdir)/tests/bench/run-bench --builddir . $(BENCHFLAGS)
.PHONY: bench

# What an idle TLS client costs against a plain one (tests/bench/tls-idle).
bench-tls-idle: src/chat-server tests/bench/loadgen tests/tlsflood
	$(SHELL) $(srcdir)/tests/bench/tls-idle --builddir .
.PHONY: bench-tls-idle
