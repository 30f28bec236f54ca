# src/server.mk: chat-server.
bin_PROGRAMS += src/chat-server
src_chat_server_SOURCES = src/server.h src/server.c src/room.c src/peer.c \
	src/cmdline.c src/command.c src/history.c
src_chat_server_LDADD = src/libchat.a $(LIBINTL)
