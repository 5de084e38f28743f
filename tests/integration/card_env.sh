# What the tests and the benchmark that run pnsd on the simulated card share
# (test_card_workers.sh, test_card_failover.sh, test_card_bringup.sh,
# bench/bench_card_workers.sh): cardsim started and waited for, pnsd's
# configuration for it, the card's readiness, pptp-client sessions and their
# TUN devices, pings through every session, the card stopped (SIGSTOP) and
# pnsd's clean stop. Each test keeps its own steps and assertions.
# Sources pptp_netns.sh (the namespaces; PIDS killed and TMPD removed on
# exit; wait_until, start_pnsd). Set BIN (build/bin) and TUN_SRV (pnsd's
# tunnel address, on the server namespace's loopback) before sourcing.
. "$(dirname "${BASH_SOURCE[0]}")/pptp_netns.sh"
SOCK="$TMPD/card.sock"
CLI_SOCK="$TMPD/pnsd.ctl"
FW="$BIN/../firmware/firmware.hex"
CARD_TEST="$(basename "$0" .sh)"

# elapsed time at each step, for reading a slow run (no assertion)
phase() { echo "$CARD_TEST: ${SECONDS} s: $1"; }
pns() { timeout 30 "$BIN/pnsctl" -s "$CLI_SOCK" "$@"; }
metric() { pns show metrics | awk -v m="$1" '$1 == m {print $2}'; }
# the tail of each log of the run (pnsd's per-packet lines left out), for a failure
card_logs() {
	for f in "$TMPD"/pnsd.log "$TMPD"/cardsim.log "$TMPD"/cli*.log "$TMPD"/load*.log; do
		[ -f "$f" ] && { echo "--- $f"; grep -v "^ppp vi=" "$f" | tail -n 25; }
	done
}

# card_netns: the namespaces, and TUN_SRV on the server's loopback
card_netns() {
	netns_up || return 1
	ip -n "$NS_S" addr add "$TUN_SRV/32" dev lo
}

# cardsim_start FIRMWARE [SOCKET [LOG]]: the simulated card, waited for until
# it listens; CARD_PID (killed on exit like every process in PIDS)
cardsim_start() {
	local sock="${2:-$SOCK}"
	# a session of its own: stopped (card_stop) in the test's process
	# group, it was sent SIGHUP when that group became orphaned (the test
	# run from a shell that had exited) and died
	setsid "$BIN/cardsim" --socket "$sock" --firmware "$1" > "${3:-$TMPD/cardsim.log}" 2>&1 &
	CARD_PID=$!
	PIDS="$PIDS $CARD_PID"
	wait_until "cardsim's socket" test -S "$sock"
}

# card_config FILE POOL_FIRST POOL_LAST [SOCKET]: pnsd with MPPE-128 required
# (stateful allowed: RFC 3078 3.1, the peer's H bit) on the card at SOCKET;
# alice's sessions get addresses from the pool
card_config() {
	write_ppp_config "$1" "$2" "$3" group " local name test_pns
controller ISA 5/0
 encryption mppe cardsim:${4:-$SOCK}"
}

# card_wait_up SECONDS: pnsd's card is up (on every loop: pnsd_cards_up is 1
# only when every loop's engine has it). The bring-up (a reset, the
# firmware's boot and self-test on the simulated RISC-V core) runs from the
# loops' polls and takes minutes beside other builds.
card_wait_up() {
	cards_up() { [ "$(metric pnsd_cards_up)" = 1 ]; }
	WAIT_S="$1" wait_until "the card up" cards_up
}

# card_clients LOG MPPE [pptp-client options]: sessions of alice from the
# client namespace, MPPE as pptp-client's --mppe; CLIENT_PID
card_clients() {
	local log="$1" mppe="$2"; shift 2
	ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" "$@" -H -1 --user alice --password secret-Pass1 \
		--mppe "$mppe" > "$log" 2>&1 &
	CLIENT_PID=$!
	PIDS="$PIDS $CLIENT_PID"
}
# the client's TUN devices, one per session with IP up (pppN with its address)
tuns() { ip -n "$NS_C" -o -4 addr show | awk '$2 ~ /^ppp/ {print $2}' | sort -u; }
ups() { tuns | wc -l; }
all_up() { [ "$(ups)" -ge "$1" ]; }
# replies counted in ping's summary (stdin)
received() { sed -n 's/^[0-9]* packets transmitted, \([0-9]*\) received.*/\1/p'; }

# ping_all TRIES [ping options]: one echo to TUN_SRV through every session at
# once, each checked (ping compares the reply's data); a session may take
# TRIES attempts of 10 s (sessions through the simulated card on a loaded
# machine answer in seconds). Prints the sessions that never answered.
ping_all() {
	local tries="$1" dev pids="" bad=""
	shift
	for dev in $(tuns); do
		( for _ in $(seq "$tries"); do
			ip netns exec "$NS_C" ping -n -q -c 1 -W 10 "$@" -I "$dev" "$TUN_SRV" > "$TMPD/ping-$dev" 2>&1 &&
				! grep -qi "wrong data" "$TMPD/ping-$dev" && exit 0
		  done; exit 1 ) &
		pids="$pids $!:$dev"
	done
	for p in $pids; do wait "${p%%:*}" || bad="$bad ${p#*:}"; done
	echo "$bad"
}

# The card stops answering (cardsim stopped with SIGSTOP, as a busy machine
# or a hung management core would) and goes on. card_stopped_fail: a
# failure while it is stopped lets it go on first, so that its log is whole.
card_stop() { kill -STOP "$CARD_PID"; }
card_cont() { kill -CONT "$CARD_PID"; }
card_stopped_fail() { card_cont; fail "$@"; }
# pnsd_answers N: pnsd answers pnsctl N times, a second apart (spacing, not
# synchronisation: the counter sweep ticks once a second); on a failure
# prints which attempt went unanswered
pnsd_answers() {
	local i
	for i in $(seq "$1"); do
		sleep 1
		pns show vpdn > /dev/null || { echo "$i"; return 1; }
	done
}

# pnsd_stop: SIGTERM; pnsd must exit 0 within 60 s (STOP_WHY says why not).
# Not in a subshell: pnsd is this shell's child, waited for here.
pnsd_stop() {
	local rc
	kill -TERM "$PNSD_PID"
	pnsd_gone() { ! kill -0 "$PNSD_PID" 2>/dev/null; }
	WAIT_S=60 wait_until "pnsd to stop" pnsd_gone || { STOP_WHY="pnsd did not stop on SIGTERM"; return 1; }
	wait "$PNSD_PID"; rc=$?
	[ "$rc" = 0 ] || { STOP_WHY="pnsd exited $rc"; return 1; }
}
