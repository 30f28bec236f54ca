# src/local.mk: the shared library and the two programs.
# SPDX-License-Identifier: GPL-3.0-or-later
# Each part sees its own header and the library's, and no other: the
# include paths keep chat-tui from reaching server.h and the reverse.

noinst_LIBRARIES += src/libchat.a
src_libchat_a_SOURCES = \
	src/lib/chat.h src/lib/i18n.h \
	src/lib/frame.c src/lib/sanitize.c src/lib/utf8.c src/lib/wire.c \
	src/lib/net.c src/lib/signals.c src/lib/util.c src/lib/file.c
if HAVE_TLS
src_libchat_a_SOURCES += src/lib/fingerprint.c src/lib/cert.c src/lib/tlsio.c
endif
src_libchat_a_CFLAGS = $(AM_CFLAGS) $(SSL_CFLAGS)

SERVER_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/server
TUI_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/tui

include src/server/local.mk
include src/tui/local.mk
