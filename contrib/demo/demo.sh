#!/bin/bash
# make demo: the concentrator end to end, on this machine, in two network
# namespaces it creates and removes itself.
#
#   PNS namespace:    pnsd with contrib/demo/pnsd-demo.cfg (the feature
#                     document's example adapted): FastEthernet0/1 =
#                     10.1.2.12 faces the clients, FastEthernet0/0 = 10.1.1.12
#                     is the inside address (a TCP server listens there).
#   client namespace: DEMO_SESSIONS pptp-client sessions (default 3) from
#                     10.1.2.41, .42, ..., users tester41, tester42, ...:
#                     MS-CHAPv2, 128-bit stateless MPPE, one TUN each.
#
# It pings and sends a TCP stream through every session, and prints
# show vpdn, show vpdn session all, and show ppp mppe virtual-access N
# before and after the traffic so the MPPE counters visibly change. Then it
# clears the tunnels and removes everything, also when a step fails.
#
#   DEMO_ENGINE=cardsim (default: the simulated card) | sw | cardsim:SOCKET | vfio:PCI-ADDRESS
#   DEMO_SESSIONS=N (1..9)      DEMO_KEEP=1 keeps the log directory
# Usage: demo.sh BIN_DIR
set -u
BIN="$(cd "${1:-build/bin}" && pwd)"
HERE="$(cd "$(dirname "$0")" && pwd)"
ENGINE="${DEMO_ENGINE:-cardsim}"
SESSIONS="${DEMO_SESSIONS:-3}"
TAG="dm$$"
NS_P="${TAG}pns"
NS_C="${TAG}cli"
TMPD="$(mktemp -d /tmp/pnsd-demo.XXXXXX)"
SOCK="$TMPD/pnsd.sock"
PNS_OUT=10.1.2.12
PNS_IN=10.1.1.12
PIDS=""

cleanup() {
	local rc=$?
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for _ in $(seq 40); do      # up to 2 s for them to exit, then force
		alive=""
		for p in $PIDS; do kill -0 "$p" 2>/dev/null && alive=1; done
		[ -z "$alive" ] && break
		sleep 0.05
	done
	for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
	for ns in "$NS_C" "$NS_P"; do ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null; done
	ip netns del "$NS_C" 2>/dev/null
	ip netns del "$NS_P" 2>/dev/null
	if [ -n "${DEMO_KEEP:-}" ]; then echo "demo: logs kept in $TMPD"; else rm -rf "$TMPD"; fi
	[ $rc = 0 ] && echo "demo: done, namespaces removed" || echo "demo: FAILED (namespaces removed)"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

step() { printf '\n======== %s ========\n' "$*"; }
fail() {
	echo "demo: $*" >&2
	for f in "$TMPD"/pnsd.log "$TMPD"/cardsim.log "$TMPD"/client*.log; do
		[ -f "$f" ] && { echo "---- last lines of $(basename "$f")"; tail -n 15 "$f"; } >&2
	done
	exit 1
}
pns() { echo "PNS# $*"; "$BIN/pnsctl" -s "$SOCK" "$@"; }
# wait_until WHAT CMD...: wait for the thing itself (never a fixed sleep),
# for at most DEMO_WAIT_S (120 s: a loaded machine is slow, not broken)
wait_until() {
	local what="$1" end=$(( $(date +%s) + ${DEMO_WAIT_S:-120} )); shift
	until "$@"; do
		[ "$(date +%s)" -lt "$end" ] || fail "timed out waiting for $what"
		sleep 0.05
	done
}

[ "$(id -u)" = 0 ] || fail "needs root (network namespaces, raw GRE socket, TUN devices)"
[ "$SESSIONS" -ge 1 ] && [ "$SESSIONS" -le 9 ] || fail "DEMO_SESSIONS must be 1..9"
for b in pnsd pnsctl pptp-client; do [ -x "$BIN/$b" ] || fail "$BIN/$b is missing (make all)"; done
"$BIN/pptp-client" -h 2>&1 | grep -q -- "--user" \
	|| fail "this pptp-client has no PPP layer yet (--user): the demo needs the PPP/MPPE data path"

# ---- namespaces ----
step "setting up: namespaces $NS_P and $NS_C, engine $ENGINE, $SESSIONS sessions"
ip netns add "$NS_P" && ip netns add "$NS_C" || fail "cannot create network namespaces"
ip link add "${TAG}a" netns "$NS_P" type veth peer name "${TAG}b" netns "$NS_C" || fail "veth"
ip -n "$NS_P" addr add "$PNS_OUT/24" dev "${TAG}a"
for i in $(seq "$SESSIONS"); do ip -n "$NS_C" addr add "10.1.2.4$i/24" dev "${TAG}b"; done
ip -n "$NS_P" addr add "$PNS_IN/32" dev lo          # the inside network's address
for ns in "$NS_P" "$NS_C"; do ip -n "$ns" link set lo up; done
ip -n "$NS_P" link set "${TAG}a" up
ip -n "$NS_C" link set "${TAG}b" up

# ---- the engine ----
SPEC="$ENGINE"
case "$ENGINE" in
sw) ;;
cardsim|cardsim:*)
	[ "$ENGINE" = cardsim ] && SPEC="cardsim:$TMPD/card.sock"
	[ -x "$BIN/cardsim" ] || fail "DEMO_ENGINE=cardsim needs $BIN/cardsim"
	FW="$BIN/../firmware/firmware.hex"
	[ -f "$FW" ] || fail "DEMO_ENGINE=cardsim needs the card firmware $FW (make all)"
	"$BIN/cardsim" --socket "${SPEC#cardsim:}" --firmware "$FW" > "$TMPD/cardsim.log" 2>&1 &
	PIDS="$PIDS $!"
	wait_until "cardsim's socket" test -S "${SPEC#cardsim:}"
	;;
vfio:*) ;;
*) fail "DEMO_ENGINE must be sw, cardsim[:SOCKET] or vfio:PCI-ADDRESS" ;;
esac
sed "s|^ encryption mppe sw\$| encryption mppe $SPEC|" "$HERE/pnsd-demo.cfg" > "$TMPD/pnsd.cfg"

# ---- pnsd ----
step "pnsd -t -f pnsd.cfg (validate), then pnsd in $NS_P"
"$BIN/pnsd" -t -f "$TMPD/pnsd.cfg" 2>&1 | grep -v " notice: " || fail "the demo configuration is not valid"
ip netns exec "$NS_P" "$BIN/pnsd" -f "$TMPD/pnsd.cfg" -b "$PNS_OUT" -s "$SOCK" > "$TMPD/pnsd.log" 2>&1 &
PNSD_PID=$!
PIDS="$PIDS $PNSD_PID"
pnsd_ready() {
	kill -0 "$PNSD_PID" 2>/dev/null || fail "pnsd did not start"
	grep -q "listening on port" "$TMPD/pnsd.log" && [ -S "$SOCK" ]
}
wait_until "pnsd" pnsd_ready

# a TCP sink on the inside address: prints "received N bytes sha256 H" per connection
ip netns exec "$NS_P" python3 -u -c "
import hashlib, socket, threading
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('$PNS_IN', 5001)); s.listen(16)
def serve(c):
    h = hashlib.sha256(); n = 0
    while True:
        b = c.recv(65536)
        if not b: break
        h.update(b); n += len(b)
    c.sendall(('received %d bytes sha256 %s\n' % (n, h.hexdigest())).encode()); c.close()
while True:
    c, _ = s.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()
" > "$TMPD/sink.log" 2>&1 &
PIDS="$PIDS $!"
sink_listening() { ip netns exec "$NS_P" ss -Hltn "sport = :5001" | grep -q .; }
wait_until "the TCP sink to listen" sink_listening

# ---- clients ----
step "connecting $SESSIONS pptp-client sessions (MS-CHAPv2, MPPE 128-bit stateless)"
for i in $(seq "$SESSIONS"); do
	ip netns exec "$NS_C" "$BIN/pptp-client" -s "$PNS_OUT" -b "10.1.2.4$i" -n 1 -m 1 -H -1 \
		--user "tester4$i" --password "lab4$i" --auth ms-chap-v2 --mppe 128,required \
		> "$TMPD/client$i.log" 2>&1 &
	PIDS="$PIDS $!"
done
up=0
all_mppe() {
	up=$("$BIN/pnsctl" -s "$SOCK" show ppp mppe virtual-access --json 2>/dev/null \
		| python3 -c 'import json,sys; print(sum(1 for i in json.load(sys.stdin)["interfaces"] if i["mppe"]))' 2>/dev/null)
	[ "${up:-0}" = "$SESSIONS" ]
}
wait_until "$SESSIONS sessions with MPPE" all_mppe
[ "${up:-0}" = "$SESSIONS" ] || fail "only ${up:-0} of $SESSIONS sessions reached MPPE"
TUNS=$(ip -n "$NS_C" -o link show type tun | awk -F': ' '{print $2}' | cut -d@ -f1)
[ "$(echo "$TUNS" | wc -w)" = "$SESSIONS" ] || fail "expected $SESSIONS client TUN devices, found: $TUNS"
for t in $TUNS; do
	tun_addressed() { ip -n "$NS_C" -4 -o addr show dev "$1" | grep -q inet; }
	wait_until "an address on $t" tun_addressed "$t"
done
VI=$("$BIN/pnsctl" -s "$SOCK" show ppp mppe virtual-access --json \
	| python3 -c 'import json,sys; print(min(int(i["interface"][14:]) for i in json.load(sys.stdin)["interfaces"]))')

step "the sessions are up"
pns show vpdn
echo
pns show vpdn session all
echo
pns show ppp mppe virtual-access "$VI" | tee "$TMPD/mppe1.txt"

# ---- traffic ----
step "traffic: ping and a 1 MiB TCP stream through every session"
head -c 1048576 /dev/urandom > "$TMPD/payload"
WANT=$(sha256sum "$TMPD/payload" | cut -d' ' -f1)
for t in $TUNS; do
	addr=$(ip -n "$NS_C" -4 -o addr show dev "$t" | awk '{print $4}' | cut -d/ -f1)
	echo "-- $t ($addr)"
	ip netns exec "$NS_C" ping -c 3 -i 0.2 -W 5 -I "$t" "$PNS_IN" | grep -E "packets transmitted|rtt" \
		|| fail "ping through $t failed"
	got=$(ip netns exec "$NS_C" python3 -c "
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b'$t')
s.settimeout(120); s.connect(('$PNS_IN', 5001))
s.sendall(open('$TMPD/payload', 'rb').read()); s.shutdown(socket.SHUT_WR)
print(s.makefile().readline().strip())") || fail "TCP transfer through $t failed"
	echo "   TCP: $got"
	[ "$got" = "received 1048576 bytes sha256 $WANT" ] || fail "TCP data through $t arrived damaged"
done

step "the MPPE counters after the traffic"
pns show ppp mppe virtual-access "$VI" | tee "$TMPD/mppe2.txt"
before=$(sed -n 's/.*packets encrypted = \([0-9]*\).*/\1/p' "$TMPD/mppe1.txt")
after=$(sed -n 's/.*packets encrypted = \([0-9]*\).*/\1/p' "$TMPD/mppe2.txt")
[ "${after:-0}" -gt "${before:-0}" ] || fail "MPPE counters did not move ($before -> $after)"
if [ "$ENGINE" != sw ]; then
	# the card's 32-bit counters stay exact because pnsd reads every flow
	# regularly (docs/driver.md): its STATUS line counts those reads
	kill -USR1 "$PNSD_PID"
	wait_until "pnsd's status report" grep -q "STATUS ppp" "$TMPD/pnsd.log"
	reads=$(sed -n 's/.*STATUS ppp.* counter_sweep_reads=\([0-9]*\).*/\1/p' "$TMPD/pnsd.log" | tail -n 1)
	[ "${reads:-0}" -gt 0 ] || fail "pnsd did not sweep the card's flow counters"
	echo "ok pnsd's counter sweep read the card's flow counters $reads times"
	"$BIN/pnsctl" -s "$SOCK" show metrics | grep -qx "pnsd_card_resets_total 0" \
		|| fail "the driver had to reset the card during the demo (show metrics: pnsd_card_*)"
fi
echo
pns show vpdn session window
echo
echo "PNS# show metrics   (excerpt)"
"$BIN/pnsctl" -s "$SOCK" show metrics | grep -E "^pnsd_(tunnels|sessions|engine_info|card_resets_total|card_timeouts_total|session_mppe_packets_encrypted_total)"

step "teardown"
pns clear vpdn tunnel pptp all
no_tunnels() { "$BIN/pnsctl" -s "$SOCK" show vpdn | grep -q "No active PPTP tunnels"; }
wait_until "the tunnels to clear" no_tunnels
pns show vpdn
exit 0
