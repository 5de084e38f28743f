#!/bin/bash
# pnsd listens before its card is up, and sessions made meanwhile run on the
# software engine (docs/driver.md, "The event loop and the card"). The card
# is a cardsim whose management core never finishes booting: its firmware is
# one instruction that jumps to itself, so it never kicks the watchdog, the
# watchdog restarts it into the same image, and the card never says READY
# (deterministic, unlike racing a real firmware's boot). pnsd must still
# listen at once; two pptp-client sessions (MPPE-128 stateless, required)
# come up and pass a ping each; pnsd's metrics say no card is up and all
# four flows run in software, and show ppp mppe names the software engine.
# On the old code pnsd opened the card before it listened and waited for
# READY (up to 240 s on cardsim, then gave up and exited).
#   usage: test_card_bringup.sh BINDIR
set -u
BIN="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/pptp_netns.sh"
TUN_SRV=10.79.0.1
SOCK="$TMPD/card.sock"
CLI_SOCK="$TMPD/pnsd.ctl"

fail() {
	echo "FAIL: $*"
	for f in "$TMPD"/pnsd.log "$TMPD"/cardsim.log "$TMPD"/cli.log; do
		[ -f "$f" ] && { echo "--- $f"; grep -v "^ppp vi=" "$f" | tail -n 25; }
	done
	exit 1
}
pns() { timeout 30 "$BIN/pnsctl" -s "$CLI_SOCK" "$@"; }
metric() { pns show metrics | awk -v m="$1" '$1 == m {print $2}'; }

[ -x "$BIN/cardsim" ] || fail "needs $BIN/cardsim"
netns_up || fail "network namespaces"
ip -n "$NS_S" addr add "$TUN_SRV/32" dev lo

echo 0000006f > "$TMPD/spin.hex"      # jal x0, 0: the core spins at its reset vector
"$BIN/cardsim" --socket "$SOCK" --firmware "$TMPD/spin.hex" > "$TMPD/cardsim.log" 2>&1 &
PIDS="$PIDS $!"
wait_until "cardsim's socket" test -S "$SOCK" || fail "cardsim did not start"

cat > "$TMPD/pnsd.cfg" <<CFG
hostname PNS
username alice password 0 secret-Pass1
vpdn enable
vpdn-group 1
 accept-dialin
  protocol pptp
  virtual-template 1
 local name test_pns
controller ISA 5/0
 encryption mppe cardsim:$SOCK
ip local pool default 10.79.0.10 10.79.0.250
interface Loopback0
 ip address $TUN_SRV 255.255.255.255
interface Virtual-Template1
 ip unnumbered Loopback0
 peer default ip address pool default
 ppp authentication ms-chap-v2
 ppp encrypt mppe 128 required
CFG
start_pnsd "$TMPD/pnsd.cfg" "$TMPD/pnsd.log" -s "$CLI_SOCK" || fail "pnsd did not listen while its card boots"
grep -q "MPPE engine Hardware (cardsim" "$TMPD/pnsd.log" || fail "pnsd is not configured for the card"

ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -m 2 -H -1 --user alice --password secret-Pass1 \
	--mppe 128,required > "$TMPD/cli.log" 2>&1 &
PIDS="$PIDS $!"
tuns() { ip -n "$NS_C" -o -4 addr show | awk '$2 ~ /^ppp/ {print $2}' | sort -u; }
all_up() { [ "$(tuns | wc -l)" -ge 2 ]; }
wait_until "2 sessions up" all_up || fail "only $(tuns | wc -l) of 2 sessions came up"
for dev in $(tuns); do
	ok=""
	for _ in 1 2 3; do
		ip netns exec "$NS_C" ping -n -q -c 1 -W 10 -I "$dev" "$TUN_SRV" > /dev/null 2>&1 && { ok=1; break; }
	done
	[ -n "$ok" ] || fail "no answer through $dev"
done
[ "$(metric pnsd_cards_up)" = 0 ] || fail "pnsd_cards_up $(metric pnsd_cards_up): the card cannot be up"
[ "$(metric pnsd_card_flows_software)" = 4 ] || fail "pnsd_card_flows_software $(metric pnsd_card_flows_software), not 4"
n=$(pns show metrics | grep -c '^pnsd_session_mppe_software{.*} 1$')
[ "$n" = 2 ] || fail "$n sessions report pnsd_session_mppe_software 1"
pns show ppp mppe virtual-access 1 | grep -q "Software encryption" || fail "show ppp mppe: $(pns show ppp mppe virtual-access 1)"
for p in $PIDS; do kill "$p" 2>/dev/null; done
echo "PASS test_card_bringup"
