# src/local.mk: the shared library and the two programs.

noinst_LIBRARIES += src/libchat.a
src_libchat_a_SOURCES = \
	src/chat.h src/i18n.h \
	src/frame.c src/sanitize.c src/proto.c src/net.c src/util.c

include src/server.mk
include src/tui.mk
