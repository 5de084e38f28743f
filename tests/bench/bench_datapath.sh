#!/bin/bash
# BENCH ppp_setup where=pnsd: 200 sessions (10 tunnels x 20 calls) fully up
# (TCP, PPTP, LCP, MS-CHAPv2, IPCP, CCP/MPPE-128) against pnsd, per second.
# BENCH datapath: IP through pnsd with the software engine. pptp-client
# (--traffic, in its own namespace and process) sends UDP through N PPP
# sessions with MPPE-128 stateless; pnsd decrypts every packet (engine),
# checks it and writes it to its TUN device. The rate is what pnsd took in:
# packets it decrypted and delivered (its STATUS ppp rx_ip) over the
# sender's sending time. raw_engine_mbps: the software engine alone
# encrypting the same size in the same run (bench_ppp raw).
#   usage: bench_datapath.sh BINDIR BENCHDIR (build/bin: pnsd, pptp-client; build/bench: bench_ppp)
set -u
BIN="$1"
BENCH="$2"
HERE="$(cd "$(dirname "$0")/../integration" && pwd)"
. "$HERE/pptp_netns.sh"
netns_up || fail "network namespaces"
ip -n "$NS_S" addr add 10.78.0.1/32 dev lo
cat > "$TMPD/pnsd.cfg" <<CFG
hostname PNS
username alice password 0 secret-Pass1
vpdn enable
vpdn-group 1
 accept-dialin
  protocol pptp
  virtual-template 1
ip local pool default 10.77.0.1 10.77.0.250
interface Loopback0
 ip address 10.78.0.1 255.255.255.255
interface Virtual-Template1
 ip unnumbered Loopback0
 peer default ip address pool default
 ppp authentication ms-chap-v2
 ppp encrypt mppe 128 required
CFG
# Session set-up through pnsd: 10 tunnels x 20 calls, each call LCP +
# MS-CHAPv2 + IPCP + CCP/MPPE-128 up (pptp-client's "pppsetup" line: from
# its start until the last session's IP is up, TCP/PPTP set-up included).
start_pnsd "$TMPD/pnsd.cfg" "$TMPD/pnsd.log" -s - || fail "pnsd"
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n 10 -m 20 -H -1 --user alice \
	--password secret-Pass1 --mppe 128 --no-tun > "$TMPD/setup.log" 2>&1 &
cpid=$!
PIDS="$PIDS $cpid"
for _ in $(seq 300); do grep -q '^pppsetup ' "$TMPD/setup.log" && break; sleep 0.1; done
sline=$(grep '^pppsetup ' "$TMPD/setup.log")
[ -n "$sline" ] || { tail -n 20 "$TMPD/setup.log"; fail "not all sessions came up"; }
kill "$cpid"; wait "$cpid" 2>/dev/null
kill "$PNSD_PID"; wait "$PNSD_PID" 2>/dev/null
echo "BENCH ppp_setup where=pnsd sessions=$(field sessions "$sline") sessions_per_s=$(field sessions_per_s "$sline") seconds=$(field seconds "$sline")"

for sessions in ${BENCH_SESSIONS:-1 100}; do
	for size in ${BENCH_SIZES:-64 576 1400}; do
		count=$(( (sessions == 1 ? 300000 : 3000) * (size == 1400 ? 1 : 2) ))
		start_pnsd "$TMPD/pnsd.cfg" "$TMPD/pnsd.log" -s - || fail "pnsd"
		ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -m "$sessions" -H -1 --user alice \
			--password secret-Pass1 --mppe 128 --traffic "$count:$size" > "$TMPD/cli.log" 2>&1 &
		cpid=$!
		PIDS="$PIDS $cpid"
		for _ in $(seq 1200); do
			grep -q '^traffic ' "$TMPD/cli.log" && break
			sleep 0.1
		done
		sleep 0.5
		tline=$(grep '^traffic ' "$TMPD/cli.log")
		[ -n "$tline" ] || { grep -v '^ppp vi' "$TMPD/cli.log" | tail -n 20; grep -v debug "$TMPD/pnsd.log" | tail -n 20; fail "no traffic line"; }
		grep -h "PPP ended" "$TMPD/pnsd.log" "$TMPD/cli.log" | sort | uniq -c | sed 's/^/note: /' >&2
		kill -USR1 "$PNSD_PID"
		for _ in $(seq 50); do grep -q 'STATUS ppp' "$TMPD/pnsd.log" && break; sleep 0.1; done
		sline=$(grep 'STATUS ppp' "$TMPD/pnsd.log" | tail -n 1)
		kill "$cpid"; wait "$cpid" 2>/dev/null
		kill "$PNSD_PID"; wait "$PNSD_PID" 2>/dev/null
		secs=$(field seconds "$tline")
		rx=$(field rx_ip "$sline")
		raw=$("$BENCH/bench_ppp" raw "$size")
		awk -v s="$sessions" -v z="$size" -v rx="$rx" -v t="$secs" -v raw="$raw" -v sent="$(field sent "$tline")" \
			'BEGIN { pps = rx / t; printf "BENCH datapath engine=sw sessions=%d size=%d dir=client_to_host pps=%.0f mbps=%.1f raw_engine_mbps=%s sent=%d delivered=%d\n", s, z, pps, pps * z * 8 / 1e6, raw, sent, rx }'
	done
done
