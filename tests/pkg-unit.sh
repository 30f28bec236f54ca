#!/bin/sh
# pkg-unit.sh: the systemd unit passes systemd-analyze verify, keeps
# its hardening, listens on localhost unless /etc/default/chat-server
# says otherwise, and admits only local and private peers.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need systemd-analyze

unit=$srcdir/data/chat-server.service.in
for key in DynamicUser=yes NoNewPrivileges=yes ProtectSystem=strict \
	ProtectHome=yes PrivateTmp=yes PrivateDevices=yes \
	'RestrictAddressFamilies=AF_INET AF_INET6' 'CapabilityBoundingSet=' \
	StateDirectory=chat-server SystemCallFilter=@system-service \
	EnvironmentFile=-/etc/default/chat-server IPAddressDeny=any \
	'ExecReload=/bin/kill -HUP $MAINPID'; do
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
grep -q '^MemoryMax=[0-9]' "$unit" || fail "the unit sets no MemoryMax="
allow=$(sed -n 's/^IPAddressAllow=//p' "$unit")
for range in localhost 10.0.0.0/8 172.16.0.0/12 192.168.0.0/16 fc00::/7; do
	case " $allow " in *" $range "*) ;; *) fail "IPAddressAllow= lacks $range" ;; esac
done

# args [ENVFILE]: chat-server's arguments as systemd gives them, from the
# unit's Environment= defaults and then ENVFILE (for values that systemd
# and sh split alike: no quotes, no backslashes).
args() {
	(
		eval "$(sed -n 's/^Environment=//p' "$unit")"
		[ -n "${1:-}" ] && . "$1"
		eval "set -- $(sed -n 's/^ExecStart=[^ ]* //p' "$unit")"
		echo "$*"
	)
}
[ "$(args)" = "--log /var/lib/chat-server/log 127.0.0.1 7667" ] ||
	fail "by default the unit runs chat-server $(args)"
# The shipped example names only what the unit reads, and changes
# nothing while it is all comments.
example=$srcdir/data/chat-server.default
[ "$(args "$example")" = "$(args)" ] || fail "the commented example changes the unit"
for var in $(sed -n 's/^#\(CHAT_SERVER_[A-Z]*\)=.*/\1/p' "$example"); do
	grep -q "^Environment=.*$var=" "$unit" || fail "the unit does not read $var"
done
# Opening the room to the LAN is one edit.
sed 's/^#\(CHAT_SERVER_ADDRESS=0.0.0.0\)$/\1/' "$example" >"$T/default"
cat >>"$T/default" <<'END'
CHAT_SERVER_OPTIONS="--flood 2 --max-clients 50"
END
[ "$(args "$T/default")" = "--log /var/lib/chat-server/log --flood 2 --max-clients 50 0.0.0.0 7667" ] ||
	fail "with an edited /etc/default/chat-server: chat-server $(args "$T/default")"
exit 0
