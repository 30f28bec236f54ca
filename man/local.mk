# man/local.mk: one page per program.
# SPDX-License-Identifier: GPL-3.0-or-later
dist_man_MANS += man/chat-server.1
if BUILD_TUI
dist_man_MANS += man/chat-tui.1
else
EXTRA_DIST += man/chat-tui.1
endif
