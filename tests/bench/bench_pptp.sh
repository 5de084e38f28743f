#!/bin/bash
# BENCH pptp_setup: tunnels and calls set up per second (pptp-client load
# generator against pnsd, two namespaces over veth); anchor: bare TCP
# connections to the same server in the same run.
# BENCH pptp_idle_mem: pnsd's resident memory per idle session (tunnel +
# call) at 1,000 and 10,000 sessions; anchor: the 16 KiB target.
# BENCH gre_relay: bench_gre in its own namespace (see bench_gre.c).
# BENCH gre_steer: bench_gre_steer (its own namespace; see bench_gre_steer.c).
# Usage: bench_pptp.sh BIN_DIR BENCH_DIR (build/bin: pnsd, pptp-client; build/bench: bench_gre)
set -u
BIN="$(cd "$1" && pwd)"
BENCH="$(cd "$2" && pwd)"
HERE="$(cd "$(dirname "$0")/../integration" && pwd)"
. "$HERE/pptp_netns.sh"

netns_up || fail "cannot create network namespaces"
write_config "$TMPD/pnsd.cfg"
# every tunnel comes from the one client address: lift the per-source limits
printf ' pptp limit source half-open 2048\n pptp limit source tunnels 20000\n pptp limit source sessions 60000\n' \
	>> "$TMPD/pnsd.cfg"

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

# ---- set-up rate ----
start_pnsd "$TMPD/pnsd.cfg" "$TMPD/pnsd.log" || fail "pnsd"
for spec in "1000 1" "100 10"; do
	set -- $spec
	a=$(ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n "$1" --tcp-anchor)
	sleep 0.5
	r=$(ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n "$1" -m "$2" -H 0 -T close | grep '^setup')
	[ "$(field calls_up "$r")" = $(( $1 * $2 )) ] || fail "set-up run: $r"
	echo "BENCH pptp_setup tunnels=$1 calls_per_tunnel=$2 tunnels_per_s=$(field tunnels_per_s "$r") calls_per_s=$(field calls_per_s "$r") anchor=bare_tcp_connects anchor_per_s=$(field per_s "$a")"
	sleep 1
done

# ---- idle memory per session ----
for n in 1000 10000; do
	kill "$PNSD_PID"; wait "$PNSD_PID" 2>/dev/null
	start_pnsd "$TMPD/pnsd.cfg" "$TMPD/pnsd-$n.log" || fail "pnsd"
	before=$(rss_kb "$PNSD_PID")
	ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n "$n" -m 1 -r 5000 -H -1 > "$TMPD/mem-$n.out" 2>&1 &
	CPID=$!
	PIDS="$PIDS $CPID"
	for _ in $(seq 600); do grep -qs '^setup' "$TMPD/mem-$n.out" && break; sleep 0.1; done
	r=$(grep '^setup' "$TMPD/mem-$n.out")
	[ "$(field calls_up "$r")" = "$n" ] || fail "idle-memory run: $r"
	sleep 2
	st=$(pnsd_status "$TMPD/pnsd-$n.log")
	[ "$(field sessions "$st")" = "$n" ] || fail "pnsd holds $(field sessions "$st") sessions, expected $n"
	after=$(rss_kb "$PNSD_PID")
	echo "BENCH pptp_idle_mem sessions=$n bytes_per_session=$(( (after - before) * 1024 / n )) rss_before_kb=$before rss_after_kb=$after anchor=target_bytes_per_session target=16384"
	kill "$CPID"; wait "$CPID" 2>/dev/null
done

# ---- GRE data path ----
ip netns exec "$NS_S" ip link set lo up
ip netns exec "$NS_S" "$BENCH/bench_gre" 3
# GRE over 2 workers: kernel filter per socket against one reader handing over (docs/workers.md)
"$BENCH/bench_gre_steer" 2
