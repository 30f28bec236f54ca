# src/server.mk: chat-server.
bin_PROGRAMS += src/chat-server
src_chat_server_SOURCES = src/server.c
src_chat_server_LDADD = src/libchat.a $(LIBINTL)
