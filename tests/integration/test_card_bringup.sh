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
TUN_SRV=10.79.0.1
. "$(dirname "$0")/card_env.sh"

fail() {
	echo "FAIL: $*"
	card_logs
	exit 1
}

[ -x "$BIN/cardsim" ] || fail "needs $BIN/cardsim"
card_netns || fail "network namespaces"
echo 0000006f > "$TMPD/spin.hex"      # jal x0, 0: the core spins at its reset vector
cardsim_start "$TMPD/spin.hex" || fail "cardsim did not start"
card_config "$TMPD/pnsd.cfg" 10.79.0.10 10.79.0.250
start_pnsd "$TMPD/pnsd.cfg" "$TMPD/pnsd.log" -s "$CLI_SOCK" || fail "pnsd did not listen while its card boots"
grep -q "MPPE engine Hardware (cardsim" "$TMPD/pnsd.log" || fail "pnsd is not configured for the card"

card_clients "$TMPD/cli.log" 128,required -m 2
wait_until "2 sessions up" all_up 2 || fail "only $(ups) of 2 sessions came up"
bad=$(ping_all 3)
[ -z "$bad" ] || fail "no answer through$bad"
[ "$(metric pnsd_cards_up)" = 0 ] || fail "pnsd_cards_up $(metric pnsd_cards_up): the card cannot be up"
[ "$(metric pnsd_card_flows_software)" = 4 ] || fail "pnsd_card_flows_software $(metric pnsd_card_flows_software), not 4"
n=$(pns show metrics | grep -c '^pnsd_session_mppe_software{.*} 1$')
[ "$n" = 2 ] || fail "$n sessions report pnsd_session_mppe_software 1"
pns show ppp mppe virtual-access 1 | grep -q "Software encryption" || fail "show ppp mppe: $(pns show ppp mppe virtual-access 1)"
for p in $PIDS; do kill "$p" 2>/dev/null; done
echo "PASS test_card_bringup"
