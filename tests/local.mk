# tests/local.mk: make check.  Each area adds its own fragment.
# SPDX-License-Identifier: GPL-3.0-or-later
EXTRA_DIST += tests/lib.sh tests/keys.sh

include tests/unit.mk
include tests/fuzz.mk
include tests/server.mk
include tests/tui.mk
include tests/tuiunit.mk
include tests/harden.mk
include tests/pkg.mk
include tests/bench.mk
