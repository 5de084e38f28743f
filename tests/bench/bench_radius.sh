#!/bin/bash
# BENCH radius_setup: full PPTP sessions (tunnel, call, LCP, MS-CHAPv2,
# MPPE-128, IPCP) set up per second with pnsd authenticating through a real
# FreeRADIUS 3.2 on loopback in the server namespace; anchor: the same
# sessions authenticated against pnsd's local users, in the same run.
# FreeRADIUS runs in the foreground without debug output (-f), so its
# logging does not set the pace. pptp-client: 10 tunnels x 10 calls, no TUN.
#   usage: bench_radius.sh BINDIR
set -u
BIN="$(cd "$1" && pwd)"
HERE="$(cd "$(dirname "$0")/../integration" && pwd)"
. "$HERE/pptp_netns.sh"
. "$HERE/radius_server.sh"
SECRET="bench-$$"
A1=$((20000 + $$ % 5000 * 4))
TUNNELS=${TUNNELS:-10}
CALLS=${CALLS:-10}

netns_up || fail "network namespaces"
RADIUS_FLAGS="-f -l stdout" radius_start rb "$A1" $((A1 + 1)) "$SECRET" || fail "FreeRADIUS"

# run TAG: RATE = sessions per second of one load-generator run against the pnsd configured as TAG
run() {
	local r
	start_pnsd "$TMPD/$1.cfg" "$TMPD/$1.pnsd" -s - || fail "$1: pnsd"
	ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n "$TUNNELS" -m "$CALLS" -H -1 -T close \
		--user alice --password secret-Pass1 --auth ms-chap-v2 --mppe 128,required --no-tun \
		> "$TMPD/$1.cli" 2>&1 &
	CPID=$!
	PIDS="$PIDS $CPID"
	for _ in $(seq 600); do
		grep -qs '^pppsetup' "$TMPD/$1.cli" && break
		kill -0 "$CPID" 2>/dev/null || break
		sleep 0.1
	done
	r=$(grep '^pppsetup' "$TMPD/$1.cli")
	kill "$CPID"; wait "$CPID" 2>/dev/null
	kill "$PNSD_PID"; wait "$PNSD_PID" 2>/dev/null
	[ "$(field sessions "$r")" = $((TUNNELS * CALLS)) ] ||
		{ tail -n 5 "$TMPD/$1.cli" "$TMPD/$1.pnsd"; fail "$1: not every session came up: $r"; }
	RATE=$(field sessions_per_s "$r")
}

# pnsd's two configurations (pnsd_config.sh): users from FreeRADIUS, or alice locally
write_ppp_config "$TMPD/radius.cfg" 10.77.0.10 10.77.3.250 password "" loopback "10.78.0.1 255.255.255.255" \
	global "aaa new-model
aaa authentication ppp default group radius
radius-server host 127.0.0.1 auth-port $A1 acct-port 0 key $SECRET
ip radius source-interface lo"
write_ppp_config "$TMPD/local.cfg" 10.77.0.10 10.77.3.250 loopback "10.78.0.1 255.255.255.255"
ip netns exec "$NS_S" ip addr add 10.78.0.1/32 dev lo
run local
local_rate=$RATE
run radius
radius_rate=$RATE
echo "BENCH radius_setup sessions=$((TUNNELS * CALLS)) sessions_per_s=$radius_rate anchor=local_sessions_per_s=$local_rate server=freeradius-3.2-f method=ms-chap-v2 mppe=128"
radius_stop rb
