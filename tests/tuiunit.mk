# tests/tuiunit.mk: unit tests of chat-tui's curses-free modules.
# SPDX-License-Identifier: GPL-3.0-or-later

TUI_UNIT_TESTS = tests/unit-wrap tests/unit-scroll
check_PROGRAMS += $(TUI_UNIT_TESTS)
TESTS += $(TUI_UNIT_TESTS)
tests_unit_wrap_SOURCES = tests/unit-wrap.c src/tui/wrap.c src/tui/tui.h
tests_unit_wrap_LDADD = src/libchat.a $(LIBINTL)
tests_unit_scroll_SOURCES = tests/unit-scroll.c src/tui/scroll.c src/tui/entry.c src/tui/wrap.c src/tui/tui.h
tests_unit_scroll_LDADD = src/libchat.a $(LIBINTL)
tests_unit_wrap_CPPFLAGS = $(TUI_CPPFLAGS)
tests_unit_scroll_CPPFLAGS = $(TUI_CPPFLAGS)
