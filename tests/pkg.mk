# tests/pkg.mk: the package as a distribution sees it: man pages,
# translations, version, the systemd unit and the shell completion.
# SPDX-License-Identifier: GPL-3.0-or-later
PKG_TESTS = \
	tests/pkg-completion.sh \
	tests/pkg-help-man.sh \
	tests/pkg-l10n.sh \
	tests/pkg-l10n-build.sh \
	tests/pkg-man.sh \
	tests/pkg-metadata.sh \
	tests/pkg-po-check.sh \
	tests/pkg-prefix.sh \
	tests/pkg-spdx.sh \
	tests/pkg-unit.sh \
	tests/pkg-version.sh
TESTS += $(PKG_TESTS)
EXTRA_DIST += $(PKG_TESTS)
