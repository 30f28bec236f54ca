# tests/server.mk
