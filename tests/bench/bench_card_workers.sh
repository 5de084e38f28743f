#!/bin/bash
# BENCH card_workers: pnsd on the SIMULATED card (cardsim: the card's RTL in
# Verilator, some 1000 times slower than hardware) with one event loop and
# with two (pnsd -W 2: each loop its own queue pairs on the one card,
# docs/workers.md "A card under -W N"), the same run for both, -W 1 the
# anchor. 4 stateless MPPE-128 sessions (2 tunnels, so that -W 2 puts 2 on
# each loop), ECHOES flood pings of 1400 B on each session at once (ping -f:
# the next request when the reply is back, or after 10 ms), every packet
# through the card twice (decrypt, encrypt). Prints the echo rate over the
# wall time of the whole flood, the loss, and the card's clocks over the
# whole run (cardsim's count at its exit, the firmware's boot and self-test
# included). The rate measures the simulation and this shared machine, not
# a card.
#   usage: bench_card_workers.sh BINDIR
set -u
BIN="$(cd "$1" && pwd)"
TUN_SRV=10.76.0.1
. "$(dirname "$0")/../integration/card_env.sh"
ECHOES="${ECHOES:-500}"
fail() { echo "FAIL: $*" >&2; exit 1; }
card_netns || fail "network namespaces"

run() {   # WORKERS: RES="pps loss card_clocks seconds"
	local w="$1" sock="$TMPD/card$1.sock" t0 t1 got=0 dev pids=""
	cardsim_start "$FW" "$sock" "$TMPD/cardsim$w.log" || fail "cardsim did not start"
	card_config "$TMPD/pnsd$w.cfg" 10.76.1.10 10.76.1.250 "$sock"
	CLI_SOCK="$TMPD/pnsd$w.ctl"
	start_pnsd "$TMPD/pnsd$w.cfg" "$TMPD/pnsd$w.log" -s "$CLI_SOCK" -W "$w" -T 1 >&2 || fail "pnsd -W $w"
	card_wait_up 400 >&2 || fail "the card did not come up (-W $w)"
	card_clients "$TMPD/cli$w.log" 128,required -n 2 -m 2
	WAIT_S=300 wait_until "4 sessions" all_up 4 >&2 || fail "sessions did not come up (-W $w)"
	routes() { [ "$(ip -n "$NS_S" route show | grep -c '^10\.76\.1\.')" -ge 4 ]; }
	WAIT_S=20 wait_until "pnsd's 4 client routes" routes >&2 || fail "client routes (-W $w)"
	t0=$(date +%s.%N)
	for dev in $(tuns); do
		ip netns exec "$NS_C" ping -n -q -f -c "$ECHOES" -w 120 -s 1372 -I "$dev" "$TUN_SRV" > "$TMPD/flood$w-$dev" 2>&1 &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p"; done
	t1=$(date +%s.%N)
	for dev in $(tuns); do
		got=$((got + $(received < "$TMPD/flood$w-$dev")))
	done
	kill "$CLIENT_PID"; wait "$CLIENT_PID" 2>/dev/null
	kill -TERM "$PNSD_PID"; wait "$PNSD_PID" 2>/dev/null
	kill -TERM "$CARD_PID"; wait "$CARD_PID" 2>/dev/null
	clocks=$(sed -n 's/.*stopping after \([0-9]*\) clocks.*/\1/p' "$TMPD/cardsim$w.log")
	RES=$(python3 -c "g=$got; s=$t1-$t0; print('%.1f %.4f %d %.2f' % (g/s, 1-g/(4.0*$ECHOES), ${clocks:-0}, s))")
}
run 1; r1=$RES
run 2; r2=$RES
set -- $r1; pps1=$1
load=$(cut -d' ' -f1 /proc/loadavg)
for w in 1 2; do
	[ "$w" = 1 ] && set -- $r1 || set -- $r2
	vs=$(python3 -c "print('%.2f' % ($1 / $pps1 if $pps1 > 0 else 0))")
	mbps=$(python3 -c "print('%.2f' % ($1 * 1400 * 8 / 1e6))")
	echo "BENCH card_workers engine=cardsim simulation=1 workers=$w sessions=4 size=1400 mode=stateless echoes=$((4 * ECHOES)) pps=$1 mbps_each_way=$mbps loss=$2 card_clocks_with_boot=$3 seconds=$4 vs_workers1=$vs anchor=workers1_same_run load=$load"
done
