# data/local.mk: the systemd unit and the bash completion.
# SPDX-License-Identifier: GPL-3.0-or-later

EXTRA_DIST += data/chat-server.service.in data/chat-server.default data/chat-tui.bash

# bindir holds ${exec_prefix}, so the unit is made here, not by configure.
if HAVE_SYSTEMD
systemdsystemunit_DATA = data/chat-server.service
endif
CLEANFILES += data/chat-server.service
data/chat-server.service: data/chat-server.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) data && \
	sed -e 's|@bindir[@]|$(bindir)|g' $(srcdir)/data/chat-server.service.in >$@.tmp && \
	mv $@.tmp $@

# One script, installed under both names that bash-completion looks up.
if HAVE_BASH_COMPLETION
bashcompletion_DATA = data/completions/chat-tui data/completions/chat-server
endif
CLEANFILES += data/completions/chat-tui data/completions/chat-server
data/completions/chat-tui data/completions/chat-server: data/chat-tui.bash
	$(AM_V_GEN)$(MKDIR_P) data/completions && \
	cp $(srcdir)/data/chat-tui.bash $@
