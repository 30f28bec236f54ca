# tests/harden.mk: hostile peers, impersonation, faults and the terminal,
# against the real programs; valgrind runs that skip unless VALGRIND=yes.
# SPDX-License-Identifier: GPL-3.0-or-later
check_PROGRAMS += tests/rst
tests_rst_SOURCES = tests/rst.c
if HAVE_TLS
check_PROGRAMS += tests/tlsflood
endif
tests_tlsflood_CFLAGS = $(AM_CFLAGS) $(SSL_CFLAGS)
tests_tlsflood_LDADD = $(SSL_LIBS)

HARDEN_TESTS = \
	tests/harden-slowloris.sh \
	tests/harden-flood.sh \
	tests/harden-connflood.sh \
	tests/harden-vanish.sh \
	tests/harden-rst.sh \
	tests/harden-rst-talker.sh \
	tests/harden-tls.sh \
	tests/harden-impersonate.sh \
	tests/harden-impersonate-tui.sh \
	tests/harden-terminal.sh \
	tests/harden-kill9.sh \
	tests/harden-log-errors.sh \
	tests/harden-log-start.sh \
	tests/valgrind-server.sh \
	tests/valgrind-tui.sh

TESTS += $(HARDEN_TESTS)
EXTRA_DIST += $(HARDEN_TESTS) tests/harden/payloads
