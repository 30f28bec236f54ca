# tests/fuzz.mk: the fuzz targets.  libFuzzer needs clang, so
# tests/fuzz/run-fuzzers builds and runs them outside make; make check
# only replays their corpora, built with the configured compiler.
# SPDX-License-Identifier: GPL-3.0-or-later

FUZZ_REPLAYS = tests/fuzz/replay-frame tests/fuzz/replay-sanitize tests/fuzz/replay-wire
check_PROGRAMS += $(FUZZ_REPLAYS)
TESTS += tests/fuzz-replay.sh
tests_fuzz_replay_frame_SOURCES = tests/fuzz/fuzz-frame.c tests/fuzz/replay-main.c tests/fuzz/fuzz.h
tests_fuzz_replay_frame_LDADD = src/libchat.a $(LIBINTL)
tests_fuzz_replay_sanitize_SOURCES = tests/fuzz/fuzz-sanitize.c tests/fuzz/replay-main.c tests/fuzz/fuzz.h
tests_fuzz_replay_sanitize_LDADD = src/libchat.a $(LIBINTL)
tests_fuzz_replay_wire_SOURCES = tests/fuzz/fuzz-wire.c tests/fuzz/replay-main.c tests/fuzz/fuzz.h
tests_fuzz_replay_wire_LDADD = src/libchat.a $(LIBINTL)
EXTRA_DIST += tests/fuzz-replay.sh tests/fuzz/run-fuzzers \
	tests/fuzz/sanitize.dict tests/fuzz/wire.dict \
	tests/fuzz/corpus-frame tests/fuzz/corpus-sanitize tests/fuzz/corpus-wire
