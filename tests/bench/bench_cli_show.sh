#!/bin/bash
# BENCH cli_show / cli_metrics: the cost of `show vpdn session all` and of
# the Prometheus metrics (pnsctl show metrics, and GET /metrics over HTTP)
# with N live PPP sessions (MS-CHAPv2, MPPE-128, software engine) from
# pptp-client, at 1,000 sessions (the anchor) and 10,000 in the same run:
# linear cost gives ratio ~10; the old per-call list search gave ~100.
# Each figure is the best of 3 runs of the whole command (pnsctl's own
# start-up included), measured from outside pnsd.
#   usage: bench_cli_show.sh BINDIR
set -u
BIN="$1"
HERE="$(cd "$(dirname "$0")/../integration" && pwd)"
. "$HERE/pptp_netns.sh"
netns_up || fail "network namespaces"
TUN_SRV=10.82.0.1
ip -n "$NS_S" addr add "$TUN_SRV/32" dev lo
SOCK="$TMPD/pnsd.sock"
write_ppp_config "$TMPD/pnsd.cfg" 10.81.0.1 10.81.63.250 group " pptp limit source sessions 60000"

declare -A SHOW METR HTTP GOT
for n in ${BENCH_CLI_SESSIONS:-1000 10000}; do
	start_pnsd "$TMPD/pnsd.cfg" "$TMPD/pnsd-$n.log" -s "$SOCK" -m 127.0.0.1:9470 || fail "pnsd"
	# paced (-r): a burst of thousands of MS-CHAP exchanges on a loaded
	# machine times some out; what is measured is the show, not the set-up
	ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n $(( n / 50 )) -m 50 -r 5 -H -1 --user alice \
		--password secret-Pass1 --mppe 128 --no-tun > "$TMPD/setup-$n.log" 2>&1 &
	cpid=$!
	PIDS="$PIDS $cpid"
	# until all are up, or the count of sessions up has not moved for 10 s
	last=-1 still=0
	for _ in $(seq 3000); do
		grep -q '^pppsetup ' "$TMPD/setup-$n.log" && break
		kill -0 "$cpid" || break
		up=$(grep -c "IP up" "$TMPD/setup-$n.log")
		if [ "$up" = "$last" ]; then still=$(( still + 1 )); [ "$still" -ge 100 ] && break; else still=0; fi
		last=$up
		sleep 0.1
	done
	got=$("$BIN/pnsctl" -s "$SOCK" show vpdn session all | grep -c "interface Vi")
	[ "$got" -ge $(( n * 9 / 10 )) ] || fail "show vpdn session all lists $got PPP sessions, expected $n"
	GOT[$n]=$got
	SHOW[$n]=$(best_ms "$BIN/pnsctl" -s "$SOCK" show vpdn session all) || fail "show vpdn session all"
	METR[$n]=$(best_ms "$BIN/pnsctl" -s "$SOCK" show metrics) || fail "show metrics"
	grep -q "pnsd_session_mppe_packets_encrypted_total" "$TMPD/out.txt" || fail "no MPPE metrics"
	HTTP[$n]=$(best_ms ip netns exec "$NS_S" curl -sf -o /dev/null http://127.0.0.1:9470/metrics) || fail "GET /metrics"
	kill "$cpid"; wait "$cpid" 2>/dev/null
	kill "$PNSD_PID"; wait "$PNSD_PID" 2>/dev/null
done
set -- ${BENCH_CLI_SESSIONS:-1000 10000}
A=$1 B=$2
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (a > 0 ? b / a : 0) }'; }
lin=$(( B / A ))
echo "BENCH cli_show cmd=show_vpdn_session_all sessions=${GOT[$B]} ms=${SHOW[$B]} anchor_sessions=${GOT[$A]} anchor_ms=${SHOW[$A]} ratio=$(ratio "${SHOW[$A]}" "${SHOW[$B]}") linear_ratio=$lin"
echo "BENCH cli_show cmd=show_metrics sessions=${GOT[$B]} ms=${METR[$B]} anchor_sessions=${GOT[$A]} anchor_ms=${METR[$A]} ratio=$(ratio "${METR[$A]}" "${METR[$B]}") linear_ratio=$lin"
echo "BENCH cli_metrics_http sessions=${GOT[$B]} ms=${HTTP[$B]} anchor_sessions=${GOT[$A]} anchor_ms=${HTTP[$A]} ratio=$(ratio "${HTTP[$A]}" "${HTTP[$B]}") linear_ratio=$lin"
