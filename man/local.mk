# man/local.mk: one page per program.
dist_man_MANS += man/chat-server.1 man/chat-tui.1
