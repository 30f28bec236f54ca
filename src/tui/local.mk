# src/tui/local.mk: chat-tui.
# SPDX-License-Identifier: GPL-3.0-or-later
if BUILD_TUI
bin_PROGRAMS += src/chat-tui
endif
src_chat_tui_SOURCES = src/tui/tui.h src/tui/tui.c src/tui/ui.c \
	src/tui/input.c src/tui/entry.c src/tui/scroll.c src/tui/wrap.c \
	src/tui/names.c src/tui/conn.c src/tui/handle.c src/tui/resume.c src/tui/typed.c \
	src/tui/log.c src/tui/linemode.c src/tui/serve.c \
	src/tui/errors.c src/tui/complete.c src/tui/search.c src/tui/unread.c \
	src/tui/secure.c src/tui/known.c src/tui/config.c src/tui/notify.c \
	src/tui/ignore.c src/tui/url.c src/tui/view.c src/tui/spawn.c \
	src/tui/identity.c src/tui/password.c
src_chat_tui_CPPFLAGS = $(TUI_CPPFLAGS)
src_chat_tui_CFLAGS = $(AM_CFLAGS) $(CURSES_CFLAGS) $(READLINE_CFLAGS) $(SSL_CFLAGS)
src_chat_tui_LDADD = src/libchat.a $(CURSES_LIBS) $(READLINE_LIBS) $(SSL_LIBS) $(LIBINTL)
