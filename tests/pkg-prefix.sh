#!/bin/sh
# pkg-prefix.sh: `make install` under a scratch prefix writes nothing
# outside it: not the systemd unit, not the bash completion, wherever
# pkg-config would put them (bookworm's systemd.pc ignores the prefix).
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
mf=$top_builddir/Makefile
[ -f "$mf" ] || fail "no Makefile in $top_builddir"
# A directory that the builder chose outside the prefix is their call.
given=$(cd "$top_builddir" && ./config.status --config)
for opt in systemdsystemunitdir:--with-systemdsystemunitdir \
	bashcompletiondir:--with-bash-completion-dir; do
	var=${opt%%:*}
	case $(sed -n "s/^$var = //p" "$mf") in
	/*) case $given in *"${opt#*:}"=/*) skip "configure was given ${opt#*:}" ;; esac ;;
	esac
done

prefix=$T/scratch-prefix
abs_build=$(cd "$top_builddir" && pwd)
abs_src=$(cd "$top_srcdir" && pwd)
make -C "$top_builddir" -n install prefix="$prefix" DESTDIR= >"$T/install" 2>&1 ||
	{ cat "$T/install" >&2; fail "make -n install failed"; }
grep -q "$prefix/bin" "$T/install" || fail "make -n install installs no program"
# Every path named, except the tools that run and the trees it reads.
tr " \"';=" '\n\n\n\n\n' <"$T/install" | grep -E '^/[A-Za-z0-9._-]+(/[A-Za-z0-9._$-]+)+/?$' |
	sort -u >"$T/paths"
outside=$(while read -r path; do
	case $path in
	"$prefix"/* | "$abs_build" | "$abs_build"/* | "$abs_src" | "$abs_src"/*) continue ;;
	esac
	[ -f "$path" ] && [ -x "$path" ] && continue
	echo "$path"
done <"$T/paths")
[ -z "$outside" ] || fail "make install under $prefix would write to: $outside"
