# src/tui.mk: chat-tui.
bin_PROGRAMS += src/chat-tui
src_chat_tui_SOURCES = src/tui.h src/tui.c src/ui.c src/input.c src/scroll.c \
	src/wrap.c src/conn.c src/handle.c src/tuicmd.c src/linemode.c src/serve.c
src_chat_tui_CFLAGS = $(AM_CFLAGS) $(CURSES_CFLAGS) $(READLINE_CFLAGS)
src_chat_tui_LDADD = src/libchat.a $(CURSES_LIBS) $(READLINE_LIBS) $(LIBINTL)
