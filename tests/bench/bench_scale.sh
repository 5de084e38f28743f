#!/bin/bash
# BENCH scale: N concurrent PPP sessions fully up (LCP, MS-CHAPv2, IPCP,
# CCP with MPPE-128 stateless, software engine) from pptp-client in one
# network namespace against pnsd in another, 50 calls per control
# connection, addresses from a /16 pool. Measured from outside pnsd:
#   bytes_per_session  (pnsd VmRSS with all up - VmRSS before any) / sessions
#   setup_per_s        sessions up / seconds from the first connection to
#                      the last IP up (offered: setup_offered_per_s)
#   show_ms, metrics_ms  `pnsctl show vpdn session all` and GET /metrics,
#                      best of 3, pnsctl/curl start-up included
# Anchor: the bytes of an idle PPTP call without PPP, measured in the same
# run the same way (pptp-client without --user, same N).
# If not all N come up, the line reports the highest number that did
# (sessions=...), target=N, and why (stopped=...): the first refusal or
# failure pnsd or the client logged, or "stalled" (count not moving 30 s).
#   usage: bench_scale.sh BINDIR      env: BENCH_SCALE_SESSIONS (30000),
#          BENCH_SCALE_RATE (new control connections per second, 20)
set -u
BIN="$1"
HERE="$(cd "$(dirname "$0")/../integration" && pwd)"
. "$HERE/pptp_netns.sh"
N=${BENCH_SCALE_SESSIONS:-30000}
M=50
T=$(( (N + M - 1) / M ))
# 4 connections x 50 calls a second: at 20 (1,000 sessions/s) on this shared
# 2-core machine at load 20, a third of 30,000 sessions timed out in LCP,
# MS-CHAP or IPCP (PPP's restart timers) and the client does not retry them
RATE=${BENCH_SCALE_RATE:-4}
netns_up || fail "network namespaces"
TUN_SRV=10.84.0.1
ip -n "$NS_S" addr add "$TUN_SRV/32" dev lo
SOCK="$TMPD/pnsd.sock"
write_cfg() {   # write_cfg FILE: the source limits raised (the defaults protect a real server)
	write_ppp_config "$1" 10.85.0.1 10.85.255.254 group " pptp limit source half-open 2000
 pptp limit source tunnels 20000
 pptp limit source sessions 60000"
}
write_cfg "$TMPD/pnsd.cfg"
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$PNSD_PID/status"; }

# hold_up LOG PID PATTERN: wait until N lines match PATTERN in LOG, the
# client exits, or the count has not moved for 30 s; prints the count
hold_up() {
	local log="$1" pid="$2" pat="$3" last=-1 still=0 up=0
	while :; do
		up=$(grep -c "$pat" "$log")
		[ "$up" -ge "$N" ] && break
		kill -0 "$pid" 2>/dev/null || break
		if [ "$up" = "$last" ]; then still=$(( still + 1 )); [ "$still" -ge 300 ] && break; else still=0; fi
		last=$up
		sleep 0.1
	done
	echo "$up"
}

why_stopped() {   # the commonest reason the client saw sessions end, with its count
	local w
	w=$(sed -n 's/.*PPP ended: \(.*\)$/\1/p' "$TMPD/cli.log" | sort | uniq -c | sort -rn | head -n 1 |
		awk '{ n = $1; $1 = ""; sub(/^ /, ""); gsub(/[ =]/, "_"); printf "%s_x%s", $0, n }')
	[ -n "$w" ] || w=$(grep -m1 -E "refused|limit|Too many|cannot" "$TMPD/pnsd.log" | cut -c1-100 | tr ' =' '__')
	echo "${w:-stalled}"
}

# 1. the anchor: idle PPTP calls without PPP
start_pnsd "$TMPD/pnsd.cfg" "$TMPD/pnsd-anchor.log" -s "$SOCK" || fail "pnsd"
rss0=$(rss_kb)
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n "$T" -m "$M" -r 20 -H -1 \
	> "$TMPD/anchor.log" 2>&1 &
cpid=$!
PIDS="$PIDS $cpid"
anchor_done() { in_log "$TMPD/anchor.log" '^setup ' || ! kill -0 "$cpid" 2>/dev/null; }
WAIT_S=900 wait_until "the idle calls" anchor_done
calls=$(sed -n 's/.* calls_up=\([0-9]*\).*/\1/p' "$TMPD/anchor.log" | head -n 1)
rss1=$(rss_kb)
anchor_b=$(( calls > 0 ? (rss1 - rss0) * 1024 / calls : 0 ))
echo "anchor: $calls idle calls, pnsd RSS $rss0 -> $rss1 kB"
kill "$cpid"; wait "$cpid" 2>/dev/null
kill "$PNSD_PID"; wait "$PNSD_PID" 2>/dev/null

# 2. the sessions
start_pnsd "$TMPD/pnsd.cfg" "$TMPD/pnsd.log" -s "$SOCK" -m 127.0.0.1:9471 || fail "pnsd"
rss0=$(rss_kb)
t0=$(date +%s%N)
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n "$T" -m "$M" -r "$RATE" -H -1 --user alice \
	--password secret-Pass1 --mppe 128,required --no-tun > "$TMPD/cli.log" 2>&1 &
cpid=$!
PIDS="$PIDS $cpid"
up=$(hold_up "$TMPD/cli.log" "$cpid" "IP up")
# set-up time: to the last IP up pnsd logged (the wait loop polls every 0.1 s)
t1=$(date +%s%N)
rss1=$(rss_kb)
got=$("$BIN/pnsctl" -s "$SOCK" show vpdn session all | grep -c "interface Vi")
mppe=$(grep -c "MPPE 128 stateless" "$TMPD/cli.log")
echo "sessions: $up IP up at the client, $mppe with MPPE 128 stateless, $got listed by pnsd; RSS $rss0 -> $rss1 kB"
[ "$got" -gt 0 ] || fail "no session up"
show=$(best_ms "$BIN/pnsctl" -s "$SOCK" show vpdn session all) || fail "show vpdn session all"
metr=$(best_ms ip netns exec "$NS_S" curl -sf -o /dev/null http://127.0.0.1:9471/metrics) || fail "GET /metrics"
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
rate=$(awk -v n="$got" -v s="$secs" 'BEGIN { printf "%.1f", (s > 0 ? n / s : 0) }')
bps=$(( (rss1 - rss0) * 1024 / got ))
stop=""
[ "$got" -lt "$N" ] && stop=" stopped=$(why_stopped)"
kill "$cpid"; wait "$cpid" 2>/dev/null
kill "$PNSD_PID"; wait "$PNSD_PID" 2>/dev/null
echo "BENCH scale sessions=$got target=$N bytes_per_session=$bps setup_per_s=$rate setup_offered_per_s=$(( RATE * M )) show_ms=$show metrics_ms=$metr anchor_idle_call_bytes=$anchor_b target_bytes_per_session=16384$stop"
