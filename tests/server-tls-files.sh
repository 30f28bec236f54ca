#!/bin/sh
# server-tls-files.sh: where chat-server keeps its key, and what it does
# with a bad one: unreadable files exit 66, files that are not what they
# should be (or a key that does not match) exit 78, each with a message
# naming the file; a key others can read gives a warning; a full disk
# while making the first key leaves nothing behind (exit 73).
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need_tls
need openssl

# Runs chat-server with "$@" --fingerprint: its status in $status, its
# stderr in $T/err.
run() {
	"$SERVER" "$@" --fingerprint >"$T/out" 2>"$T/err"
	status=$?
}

# Where the key goes: STATE_DIRECTORY, then --state-dir, then
# XDG_STATE_HOME, then ~/.local/state (also when XDG_STATE_HOME is not
# an absolute path, which the XDG spec says to ignore).
XDG_STATE_HOME= run
[ $status -eq 0 ] && [ -s "$HOME/.local/state/chat-server/cert.pem" ] || fail "not made in ~/.local/state"
XDG_STATE_HOME=relative run
[ $status -eq 0 ] && [ ! -e relative ] && [ ! -e "$T/relative" ] || fail "a relative XDG_STATE_HOME was used"
[ "$(cat "$T/out")" = "$(XDG_STATE_HOME= "$SERVER" --fingerprint)" ] || fail "a relative XDG_STATE_HOME was used"
run
[ $status -eq 0 ] && [ -s "$XDG_STATE_HOME/chat-server/cert.pem" ] || fail "not made in XDG_STATE_HOME"
[ "$(cat "$T/out")" != "$(XDG_STATE_HOME= "$SERVER" --fingerprint)" ] || fail "XDG_STATE_HOME is not the first choice"
run --state-dir "$T/sd"
[ $status -eq 0 ] && [ -s "$T/sd/key.pem" ] || fail "--state-dir not used"
[ "$(stat -c %a "$T/sd")" = 700 ] || fail "the state directory is not private"
mkdir "$T/sysd"
STATE_DIRECTORY=$T/sysd:$T/other run --state-dir "$T/sd"
[ $status -eq 0 ] && [ -s "$T/sysd/key.pem" ] || fail "STATE_DIRECTORY does not come first"
[ "$(cat "$T/out")" = "$("$SERVER" --state-dir "$T/sysd" --fingerprint)" ] ||
	fail "the key was made again"
# Only what chat-server wrote is there: no temporary files.
[ "$(ls -A "$T/sysd" | tr '\n' ' ')" = "cert.pem key.pem " ] || fail "left in the state directory: $(ls -A "$T/sysd")"

# Given files.
cp "$T/sd/cert.pem" "$T/cert.pem"
cp "$T/sd/key.pem" "$T/key.pem"
run --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"
[ $status -eq 0 ] || fail "good files refused: $(cat "$T/err")"
[ "$(cat "$T/out")" = "$("$SERVER" --state-dir "$T/sd" --fingerprint)" ] || fail "--tls-cert not used"
run --tls-cert "$T/cert.pem"
[ $status -eq 64 ] || fail "--tls-cert alone: status $status"
run --tls-cert "$T/missing.pem" --tls-key "$T/key.pem"
[ $status -eq 66 ] && grep -q "missing.pem: No such file" "$T/err" || fail "missing cert: status $status, $(cat "$T/err")"
echo garbage >"$T/garbage.pem"
run --tls-cert "$T/garbage.pem" --tls-key "$T/key.pem"
[ $status -eq 78 ] && grep -q "garbage.pem: not a PEM certificate" "$T/err" || fail "garbage cert: status $status, $(cat "$T/err")"
run --tls-cert "$T/cert.pem" --tls-key "$T/garbage.pem"
[ $status -eq 78 ] && grep -q "garbage.pem: not a PEM private key" "$T/err" || fail "garbage key: status $status, $(cat "$T/err")"
run --tls-cert "$T/cert.pem" --tls-key "$XDG_STATE_HOME/chat-server/key.pem"
[ $status -eq 78 ] && grep -q "does not match" "$T/err" || fail "mismatched key: status $status, $(cat "$T/err")"
chmod 644 "$T/key.pem"
run --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"
[ $status -eq 0 ] && grep -q "key.pem can be read by others" "$T/err" || fail "no warning for an open key: $(cat "$T/err")"
if [ "$(id -u)" -ne 0 ]; then
	chmod 000 "$T/key.pem"
	run --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"
	[ $status -eq 66 ] && grep -q "Permission denied" "$T/err" || fail "unreadable key: status $status"
fi

# A full disk while writing the first key: a tiny tmpfs in a mount
# namespace of our own, when we may make one.
command -v unshare >/dev/null 2>&1 && unshare -m true 2>/dev/null ||
	skip "no mount namespace for a full disk"
mkdir "$T/fs"
unshare -m sh -c '
	mount -t tmpfs -o size=4k tmpfs "$1" || exit 77
	head -c 3000 /dev/zero >"$1/filler"
	"$2" --state-dir "$1/state" --fingerprint >/dev/null 2>"$1/../full.err"
	echo $? >"$1/../full.status"
	ls -A "$1/state" >"$1/../full.ls" 2>&1
	umount "$1"' sh "$T/fs" "$SERVER"
[ $? -eq 77 ] && skip "cannot mount a tmpfs"
[ "$(cat "$T/full.status")" = 73 ] || fail "full disk: status $(cat "$T/full.status"): $(cat "$T/full.err")"
grep -q "No space left" "$T/full.err" || fail "full disk not said: $(cat "$T/full.err")"
[ ! -s "$T/full.ls" ] || fail "half-written files left: $(cat "$T/full.ls")"
exit 0
