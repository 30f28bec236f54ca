#!/bin/sh
# fuzz-replay.sh: every input in the fuzz corpora still passes its target's
# checks (each crash the fuzzers found was added there once fixed).
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

for t in frame sanitize wire; do
	"$top_builddir/tests/fuzz/replay-$t" "$top_srcdir/tests/fuzz/corpus-$t"/* ||
		fail "replay-$t failed on tests/fuzz/corpus-$t"
done
