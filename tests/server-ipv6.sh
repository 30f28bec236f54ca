#!/bin/sh
# server-ipv6.sh: IPv6 works, and a host name listens on every address
# it resolves to, on one port.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
need_loopback

"$SERVER" --port-file "$T/port6" ::1 0 2>"$T/err6" &
pid=$!
track "$pid"
wait_file "$T/port6" 30 || skip "cannot listen on ::1: $(cat "$T/err6")"
port=$(cat "$T/port6")
"$CHATC" -H ::1 -p "$port" <<'END' || fail "IPv6"
connect a
next a ^-!- welcome \[::1\]:[0-9]+: 1 online
send a /nick alice
next a ^-!- nick \[::1\]:[0-9]+ alice$
END
kill -TERM "$pid"
wait "$pid" || fail "chat-server exited with status $?"

getent hosts localhost | grep -q '::1' || exit 0
grep -q '^127\.0\.0\.1[[:space:]].*localhost' /etc/hosts || exit 0
"$SERVER" --port-file "$T/port" localhost 0 2>"$T/err" &
pid=$!
track "$pid"
wait_file "$T/port" || fail "chat-server did not start on localhost"
port=$(cat "$T/port")
"$CHATC" -p "$port" <<END || fail "localhost on both families"
connect four $port 127.0.0.1
next four ^-!- welcome 
connect six $port ::1
next six ^-!- welcome \[::1\]:[0-9]+: 2 online
send six hello
next four ^<\[::1\]:[0-9]+> hello$
END
kill -TERM "$pid"
wait "$pid" || fail "chat-server exited with status $?"
