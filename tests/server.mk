# tests/server.mk: chat-server over loopback, driven by tests/chatc.
# SPDX-License-Identifier: GPL-3.0-or-later
check_PROGRAMS += tests/chatc tests/unit-request
tests_chatc_LDADD = src/libchat.a $(LIBINTL)
# requestParse alone, as a fuzzer would link it.
tests_unit_request_SOURCES = tests/unit-request.c src/server/request.c
tests_unit_request_CPPFLAGS = $(SERVER_CPPFLAGS)
tests_unit_request_LDADD = src/libchat.a $(LIBINTL)

SERVER_TESTS = \
	tests/server-args.sh \
	tests/server-announce.sh \
	tests/server-relay.sh \
	tests/server-framing.sh \
	tests/server-names.sh \
	tests/server-commands.sh \
	tests/server-history.sh \
	tests/server-ids.sh \
	tests/server-log.sh \
	tests/server-slow-reader.sh \
	tests/server-max-clients.sh \
	tests/server-shutdown.sh \
	tests/server-eof.sh \
	tests/server-line-timeout.sh \
	tests/server-flood.sh \
	tests/server-pass.sh \
	tests/server-read.sh \
	tests/server-share.sh \
	tests/server-share-one.sh \
	tests/server-order.sh \
	tests/server-ipv6.sh \
	tests/server-log-prefix.sh \
	tests/server-log-unnamed.sh \
	tests/server-files.sh \
	tests/server-per-address.sh \
	tests/server-log-max.sh \
	tests/server-silent.sh \
	tests/server-max-line.sh \
	tests/server-irc-register.sh \
	tests/server-irc-room.sh \
	tests/server-away.sh \
	tests/server-irc-nick.sh \
	tests/server-irc-split.sh \
	tests/server-irc-history.sh \
	tests/server-irc-tls.sh \
	tests/server-irc-ops.sh \
	tests/server-irc-pass.sh \
	tests/server-irc-rules.sh \
	tests/server-tls.sh \
	tests/server-notls.sh \
	tests/server-owned.sh \
	tests/server-release.sh \
	tests/server-verified.sh \
	tests/server-moderation.sh \
	tests/server-state-kill9.sh \
	tests/server-require-tls.sh \
	tests/server-password.sh \
	tests/server-allow.sh \
	tests/server-tls-files.sh \
	tests/server-tls-limits.sh \
	tests/server-tls-proto.sh \
	tests/server-tls-memory.sh \
	tests/server-park.sh \
	tests/server-greet.sh \
	tests/server-spare.sh

# One room across several chat-servers on a redis-server of their own.
CLUSTER_TESTS = \
	tests/cluster-args.sh \
	tests/cluster-relay.sh \
	tests/cluster-names.sh \
	tests/cluster-kill.sh \
	tests/cluster-restart.sh \
	tests/cluster-stall.sh \
	tests/cluster-tui.sh \
	tests/cluster-owned.sh \
	tests/cluster-ban.sh

TESTS += tests/unit-request $(SERVER_TESTS) $(CLUSTER_TESTS)
EXTRA_DIST += $(SERVER_TESTS) $(CLUSTER_TESTS) tests/cluster-lib.sh
