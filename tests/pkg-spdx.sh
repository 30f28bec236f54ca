#!/bin/sh
# pkg-spdx.sh: every source file, test script, make fragment and CI
# script says its licence in an SPDX line, as Debian's copyright tools
# and reuse(1) read it.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
cd "$srcdir" || fail "no $srcdir"
missing=
for f in configure.ac Makefile.am ./*/*.mk ./*/*/*.mk .ci/* tools/* \
	src/*/*.c src/*/*.h tests/*.c tests/*.sh tests/*/*.sh tests/fuzz/*.c \
	tests/fuzz/run-fuzzers data/*.in data/*.bash data/*.default man/*.1; do
	[ -f "$f" ] || continue
	grep -q 'SPDX-License-Identifier: ' "$f" || missing="$missing $f"
done
[ -z "$missing" ] || fail "no SPDX line in:$missing"
