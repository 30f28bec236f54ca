# src/server/local.mk: chat-server.
# SPDX-License-Identifier: GPL-3.0-or-later
bin_PROGRAMS += src/chat-server
src_chat_server_SOURCES = src/server/server.h src/server/server.c \
	src/server/room.c src/server/peer.c src/server/request.c \
	src/server/command.c src/server/history.c src/server/irc.c \
	src/server/limit.c src/server/gate.c src/server/park.c
if HAVE_TLS
src_chat_server_SOURCES += src/server/tls.c src/server/owned.c src/server/op.c \
	src/server/ban.c
else
src_chat_server_SOURCES += src/server/notls.c
endif
if HAVE_REDIS
src_chat_server_SOURCES += src/server/cluster.c
endif
src_chat_server_CPPFLAGS = $(SERVER_CPPFLAGS)
src_chat_server_CFLAGS = $(AM_CFLAGS) $(SSL_CFLAGS) $(HIREDIS_CFLAGS)
src_chat_server_LDADD = src/libchat.a $(SSL_LIBS) $(HIREDIS_LIBS) $(LIBINTL)
