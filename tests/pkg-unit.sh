#!/bin/sh
# pkg-unit.sh: the systemd unit passes systemd-analyze verify and keeps
# its hardening.
. "$srcdir/tests/lib.sh"
need systemd-analyze

unit=$srcdir/data/chat-server.service.in
for key in DynamicUser=yes NoNewPrivileges=yes ProtectSystem=strict \
	ProtectHome=yes PrivateTmp=yes PrivateDevices=yes \
	'RestrictAddressFamilies=AF_INET AF_INET6' 'CapabilityBoundingSet=' \
	StateDirectory=chat-server SystemCallFilter=@system-service; do
	grep -qx "$key" "$unit" || fail "the unit lacks $key"
done

# Point ExecStart at the built binary, which verify insists exists.
bindir=$(cd "$top_builddir/src" && pwd)
sed "s|@bindir[@]|$bindir|g" "$unit" >"$T/chat-server.service"
grep -q '@[a-z]*@' "$T/chat-server.service" && fail "unsubstituted @variable@ in the unit"
systemd-analyze verify --man=no "$T/chat-server.service" >"$T/out" 2>&1 ||
	{ cat "$T/out" >&2; fail "systemd-analyze verify failed"; }
# Unknown or misspelt keys are only warnings: treat any output as failure.
[ -s "$T/out" ] && { cat "$T/out" >&2; fail "systemd-analyze verify warned"; }
exit 0
