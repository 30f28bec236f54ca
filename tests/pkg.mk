# tests/pkg.mk: the package as a distribution sees it: man pages,
# translations, version, the systemd unit and the shell completion.
TESTS += \
	tests/pkg-completion.sh \
	tests/pkg-l10n.sh \
	tests/pkg-po-check.sh \
	tests/pkg-unit.sh
EXTRA_DIST += \
	tests/pkg-completion.sh \
	tests/pkg-help-man.sh \
	tests/pkg-l10n.sh \
	tests/pkg-man.sh \
	tests/pkg-po-check.sh \
	tests/pkg-unit.sh \
	tests/pkg-version.sh
