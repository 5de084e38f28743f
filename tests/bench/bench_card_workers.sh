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
HERE="$(cd "$(dirname "$0")/../integration" && pwd)"
. "$HERE/pptp_netns.sh"
TUN_SRV=10.76.0.1
FW="$BIN/../firmware/firmware.hex"
ECHOES="${ECHOES:-500}"
fail() { echo "FAIL: $*" >&2; exit 1; }
netns_up || fail "network namespaces"
ip -n "$NS_S" addr add "$TUN_SRV/32" dev lo

run() {   # WORKERS: RES="pps loss card_clocks seconds"
	local w="$1" sock="$TMPD/card$1.sock" cs="$TMPD/pnsd$1.ctl" cpid cli t0 t1 got=0 dev pids=""
	"$BIN/cardsim" --socket "$sock" --firmware "$FW" > "$TMPD/cardsim$w.log" 2>&1 &
	cpid=$!
	PIDS="$PIDS $cpid"
	wait_until "cardsim's socket" test -S "$sock" || fail "cardsim did not start"
	cat > "$TMPD/pnsd$w.cfg" <<CFG
hostname PNS
username alice password 0 secret-Pass1
vpdn enable
vpdn-group 1
 accept-dialin
  protocol pptp
  virtual-template 1
controller ISA 5/0
 encryption mppe cardsim:$sock
ip local pool default 10.76.1.10 10.76.1.250
interface Loopback0
 ip address $TUN_SRV 255.255.255.255
interface Virtual-Template1
 ip unnumbered Loopback0
 peer default ip address pool default
 ppp authentication ms-chap-v2
 ppp encrypt mppe 128 required
CFG
	start_pnsd "$TMPD/pnsd$w.cfg" "$TMPD/pnsd$w.log" -s "$cs" -W "$w" -T 1 >&2 || fail "pnsd -W $w"
	up() { timeout 30 "$BIN/pnsctl" -s "$cs" show metrics | grep -qx "pnsd_cards_up 1"; }
	WAIT_S=400 wait_until "the card up" up >&2 || fail "the card did not come up (-W $w)"
	ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n 2 -m 2 -H -1 --user alice --password secret-Pass1 \
		--mppe 128,required > "$TMPD/cli$w.log" 2>&1 &
	cli=$!
	PIDS="$PIDS $cli"
	tuns() { ip -n "$NS_C" -o -4 addr show | awk '$2 ~ /^ppp/ {print $2}' | sort -u; }
	four() { [ "$(tuns | wc -l)" -ge 4 ]; }
	WAIT_S=300 wait_until "4 sessions" four >&2 || fail "sessions did not come up (-W $w)"
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
		got=$((got + $(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$TMPD/flood$w-$dev")))
	done
	kill "$cli"; wait "$cli" 2>/dev/null
	kill -TERM "$PNSD_PID"; wait "$PNSD_PID" 2>/dev/null
	kill -TERM "$cpid"; wait "$cpid" 2>/dev/null
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
