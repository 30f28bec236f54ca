# tests/unit.mk: unit tests of the shared library, one program per module.
# SPDX-License-Identifier: GPL-3.0-or-later

UNIT_TESTS = tests/unit-frame tests/unit-sanitize tests/unit-wire tests/unit-net \
	tests/unit-signals tests/unit-file
if HAVE_TLS
UNIT_TESTS += tests/unit-cert
endif
check_PROGRAMS += $(UNIT_TESTS)
EXTRA_DIST += tests/unit.h
TESTS += $(UNIT_TESTS)
tests_unit_frame_LDADD = src/libchat.a $(LIBINTL)
tests_unit_sanitize_LDADD = src/libchat.a $(LIBINTL)
tests_unit_wire_LDADD = src/libchat.a $(LIBINTL)
tests_unit_net_LDADD = src/libchat.a $(LIBINTL)
tests_unit_signals_LDADD = src/libchat.a $(LIBINTL)
tests_unit_file_LDADD = src/libchat.a $(LIBINTL)
tests_unit_cert_CFLAGS = $(AM_CFLAGS) $(SSL_CFLAGS)
tests_unit_cert_LDADD = src/libchat.a $(SSL_LIBS) $(LIBINTL)
