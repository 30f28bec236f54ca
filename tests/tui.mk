# tests/tui.mk: chat-tui driven in a pseudo-terminal by tests/vtrun.
# Without libvterm vtrun is not built and these tests skip.
# SPDX-License-Identifier: GPL-3.0-or-later
if HAVE_VTERM
check_PROGRAMS += tests/vtrun
tests_vtrun_SOURCES = tests/vtrun.c
tests_vtrun_CFLAGS = $(AM_CFLAGS) $(VTERM_CFLAGS)
tests_vtrun_LDADD = $(VTERM_LIBS) $(UTIL_LIBS)
else
EXTRA_DIST += tests/vtrun.c
endif
# A server that answers a TLS hello in plain text (tui-tls-late.sh).
check_PROGRAMS += tests/latehello

TUI_TESTS = \
	tests/tui-vtrun.sh \
	tests/tui-args.sh \
	tests/tui-irc.sh \
	tests/tui-send.sh \
	tests/tui-status.sh \
	tests/tui-wrap.sh \
	tests/tui-resize.sh \
	tests/tui-scroll.sh \
	tests/tui-utf8.sh \
	tests/tui-inject.sh \
	tests/tui-inject-raw.sh \
	tests/tui-partial.sh \
	tests/tui-resume.sh \
	tests/tui-maxline.sh \
	tests/tui-locale.sh \
	tests/tui-reconnect.sh \
	tests/tui-connect.sh \
	tests/tui-linemode.sh \
	tests/tui-listen.sh \
	tests/tui-serve.sh \
	tests/tui-tofu.sh \
	tests/tui-tls.sh \
	tests/tui-tls-late.sh \
	tests/tui-identity.sh \
	tests/tui-verified.sh \
	tests/tui-password.sh \
	tests/tui-complete.sh \
	tests/tui-moderation.sh \
	tests/tui-search.sh \
	tests/tui-unread.sh \
	tests/tui-config.sh \
	tests/tui-notify.sh \
	tests/tui-ignore.sh \
	tests/tui-mouse.sh \
	tests/tui-url.sh \
	tests/tui-timestamp.sh \
	tests/tui-stamps.sh \
	tests/tui-lastread.sh \
	tests/tui-joins.sh \
	tests/tui-away.sh \
	tests/tui-barred.sh \
	tests/tui-history.sh \
	tests/tui-quit.sh \
	tests/tui-signal.sh \
	tests/tui-dim.sh \
	tests/tui-tiny.sh \
	tests/tui-nocolor.sh \
	tests/tui-mention.sh \
	tests/tui-paste.sh \
	tests/tui-hscroll.sh \
	tests/tui-commands.sh \
	tests/tui-errors.sh \
	tests/tui-nick-taken.sh \
	tests/tui-suspend.sh \
	tests/tui-full.sh \
	tests/tui-days.sh \
	tests/tui-emoji.sh \
	tests/tui-locale-warn.sh \
	tests/tui-log.sh \
	tests/tui-badbytes.sh

EXTRA_DIST += tests/tui/common.sh
TESTS += $(TUI_TESTS)
EXTRA_DIST += $(TUI_TESTS)
