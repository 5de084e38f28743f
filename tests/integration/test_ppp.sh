#!/bin/bash
# PPP over PPTP, end to end: pnsd and pptp-client in two network namespaces
# joined by veth (tests/integration/pptp_netns.sh), real GRE, real TUN
# devices, the software MPPE engine. Checks, for each case: the session
# comes up (or is refused) as the configuration says, ping and a TCP
# transfer cross the tunnel both ways byte for byte, tshark decodes the
# LCP/CHAP/IPCP/CCP frames without errors, and loss/reordering on the GRE
# path is survived (stateful: CCP Reset-Request; stateless: rekeying).
#   usage: test_ppp.sh BINDIR
set -u
BIN="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/pptp_netns.sh"
TUN_SRV=10.78.0.1           # the server's tunnel address (interface Loopback0, ip unnumbered)
POOL_FIRST=10.77.0.10
PASS=0

# On failure, show what the daemons said (the last lines of every log).
FAIL_LOGS="*.pnsd *.cli"

netns_up || fail "network namespaces"
ip -n "$NS_S" addr add "$TUN_SRV/32" dev lo

# ppp_config FILE MPPE AUTH POOL_LAST
ppp_config() {
	write_ppp_config "$1" "$POOL_FIRST" "${4:-10.77.0.20}" mppe " $2" auth "$3" \
		group " local name test_pns
 pptp flow-control static-rtt ${RTT_MS:-1500}" pool "async-bootp dns-server 10.78.0.53"
}

# traffic: ping and TCP both ways over the tunnel
traffic() {
	local tag="$1" cli_addr="$2"
	ip netns exec "$NS_C" ping -c 3 -i 0.2 -W 5 "$TUN_SRV" > "$TMPD/ping-$tag" 2>&1 ||
		fail "$tag: ping client->server: $(tail -n 2 "$TMPD/ping-$tag")"
	ip netns exec "$NS_S" ping -c 3 -i 0.2 -W 5 -s 1400 "$cli_addr" > "$TMPD/ping2-$tag" 2>&1 ||
		fail "$tag: ping server->client (1400 bytes)"
	xfer_serve "$NS_S" "$TUN_SRV" 5001 || fail "$tag: TCP listener"
	ip netns exec "$NS_C" python3 "$HERE/ppp_xfer.py" send "$TUN_SRV" 5001 300000 > "$TMPD/x1-$tag" 2>&1 ||
		fail "$tag: TCP client->server: $(cat "$TMPD/x1-$tag")"
	wait "$XFER_PID"
	xfer_serve "$NS_C" "$cli_addr" 5002 || fail "$tag: TCP listener"
	ip netns exec "$NS_S" python3 "$HERE/ppp_xfer.py" send "$cli_addr" 5002 300000 > "$TMPD/x2-$tag" 2>&1 ||
		fail "$tag: TCP server->client: $(cat "$TMPD/x2-$tag")"
	wait "$XFER_PID"
}

# case_up TAG SERVER_MPPE SERVER_AUTH CLIENT_ARGS EXPECT_BITS EXPECT_MODE
case_up() {
	local tag="$1" smppe="$2" sauth="$3" cargs="$4" bits="$5" mode="$6" line addr
	ppp_config "$TMPD/$tag.cfg" "$smppe" "$sauth"
	start_pnsd "$TMPD/$tag.cfg" "$TMPD/$tag.pnsd" -s - || fail "$tag: pnsd"
	# shellcheck disable=SC2086
	start_client "$TMPD/$tag.cli" --user alice --password secret-Pass1 $cargs
	wait_log "$TMPD/$tag.cli" "IP up" 100 || { cat "$TMPD/$tag.cli" "$TMPD/$tag.pnsd"; fail "$tag: no IP up"; }
	line=$(client_report "$TMPD/$tag.cli")
	[ "$(field mppe "$line")" = "$bits" ] || fail "$tag: mppe $(field mppe "$line"), expected $bits: $line"
	[ "$(field mode "$line")" = "$mode" ] || fail "$tag: mode $(field mode "$line"), expected $mode"
	addr=$(field local "$line")
	traffic "$tag" "$addr"
	stop_all
	PASS=$((PASS + 1))
	echo "ok $tag: $line"
}

# case_refused TAG SERVER_MPPE SERVER_AUTH CLIENT_ARGS PNSD_REASON [POOL_LAST]
case_refused() {
	local tag="$1"
	ppp_config "$TMPD/$tag.cfg" "$2" "$3" "${6:-10.77.0.20}"
	start_pnsd "$TMPD/$tag.cfg" "$TMPD/$tag.pnsd" -s - || fail "$tag: pnsd"
	# shellcheck disable=SC2086
	start_client "$TMPD/$tag.cli" $4
	wait_log "$TMPD/$tag.cli" "PPP ended" 150 || { cat "$TMPD/$tag.cli"; fail "$tag: session did not end"; }
	grep -q "IP up" "$TMPD/$tag.cli" && [ -z "${6:-}" ] && fail "$tag: IP came up"
	stop_all
	grep -q "$5" "$TMPD/$tag.pnsd" "$TMPD/$tag.cli" || { cat "$TMPD/$tag.pnsd"; fail "$tag: no '$5'"; }
	PASS=$((PASS + 1))
	echo "ok $tag: refused ($5)"
}

# every MPPE setting and both MS-CHAP versions
if [ -z "${ONLY_LOSSY:-}" ]; then
case_up v2-128-req "ppp encrypt mppe 128 required" ms-chap-v2 "--mppe 128,required" 128 stateless
case_up v2-40 "ppp encrypt mppe 40" ms-chap-v2 "--mppe auto" 40 stateless
case_up v2-auto "ppp encrypt mppe auto" "ms-chap-v2 ms-chap" "--mppe auto" 128 stateless
case_up v2-stateful "ppp encrypt mppe 128 stateful" ms-chap-v2 "--mppe 128" 128 stateful
case_up v2-passive "ppp encrypt mppe auto passive" ms-chap-v2 "--mppe 128" 128 stateless
case_up v1-128 "ppp encrypt mppe 128 required" ms-chap "--auth ms-chap --mppe 128" 128 stateless
case_up v1-40-stateful "ppp encrypt mppe 40 stateful" ms-chap "--auth ms-chap --mppe 40,stateful" 40 stateful
# pptp-client --windows: LCP callback/MRRU/endpoint (rejected), MRU 1400 (the 1400-byte pings
# to it are fragmented by the kernel: the session MTU is on the route), Identification, every
# MPPE strength + MPPC offered (Naked to 128 stateless), IPCP with DNS/NBNS beside CCP
case_up windows "ppp encrypt mppe 128 required" "ms-chap-v2 ms-chap" "--windows --mppe auto" 128 stateless

# refusals
case_refused wrong-password "ppp encrypt mppe 128 required" ms-chap-v2 \
	"--user alice --password wrong --mppe 128" "Authentication failed"
case_refused mppe-refused "ppp encrypt mppe 128 required" ms-chap-v2 \
	"--user alice --password secret-Pass1 --mppe none" "MPPE required"
# exhausted pool: one address, two calls: one session up, the other refused
case_refused pool "ppp encrypt mppe 128" ms-chap-v2 \
	"--user alice --password secret-Pass1 --mppe 128 -m 2" "No address available" "$POOL_FIRST"
fi

# Issue 13: consecutive GRE packets far ahead of a live call, from the
# client's address, each an LCP Terminate-Request. The old rule followed the
# jump at the fourth: the session ended and every genuine packet after it
# was "old". Now nothing past the jump goes up unless MPPE proves it.
if [ -z "${ONLY_LOSSY:-}" ]; then
tag=forged-jump
ppp_config "$TMPD/$tag.cfg" "ppp encrypt mppe 128 required" ms-chap-v2
start_pnsd "$TMPD/$tag.cfg" "$TMPD/$tag.pnsd" -s - || fail "$tag: pnsd"
start_client "$TMPD/$tag.cli" --user alice --password secret-Pass1 --mppe 128
wait_log "$TMPD/$tag.cli" "IP up" || fail "$tag: no IP up"
ip netns exec "$NS_C" python3 "$HERE/gre_jump.py" "${PPTP_TAG}b" "$SRV_IP" "$TUN_SRV" 8 > "$TMPD/$tag.jump" 2>&1 ||
	fail "$tag: $(cat "$TMPD/$tag.jump")"
line=$(client_report "$TMPD/$tag.cli")
[ "$(field lcp "$line")" = Opened ] || fail "$tag: the forged Terminate-Request ended the session: $line"
grep -qi "terminated by peer" "$TMPD/$tag.pnsd" && fail "$tag: pnsd took the forged Terminate-Request"
traffic "$tag" "$(field local "$line")"
stop_all
PASS=$((PASS + 1))
echo "ok $tag: 8 forged packets past a jump ignored ($(cat "$TMPD/$tag.jump")); ping and TCP still flow"
fi

# tshark: a capture of a whole session decodes without malformed frames
if [ -z "${SKIP_TSHARK:-}" ]; then
tag=tshark
ppp_config "$TMPD/$tag.cfg" "ppp encrypt mppe 128 required" ms-chap-v2
start_pnsd "$TMPD/$tag.cfg" "$TMPD/$tag.pnsd" -s - || fail "$tag: pnsd"
tshark_start "$NS_S" "${PPTP_TAG}a" "$TMPD/cap.pcap" "$TMPD/tshark.log" "proto 47 or tcp port 1723 or icmp" ||
	fail "tshark did not start: $(cat "$TMPD/tshark.log")"
start_client "$TMPD/$tag.cli" --user alice --password secret-Pass1 --mppe 128
wait_log "$TMPD/$tag.cli" "IP up" 100 || fail "$tag: no IP up"
ip netns exec "$NS_C" ping -c 2 -i 0.2 "$TUN_SRV" > /dev/null || fail "$tag: ping"
stop_all
tshark_stop "$TMPD/tshark.log" "$NS_C" "$SRV_IP" || fail "tshark did not see the end"
for p in lcp chap ipcp ccp; do
	n=$(tshark -r "$TMPD/cap.pcap" -Y "$p" 2>/dev/null | wc -l)
	[ "$n" -gt 0 ] || fail "tshark: no $p frames"
done
bad=$(tshark -r "$TMPD/cap.pcap" -Y "_ws.malformed || _ws.expert.severity >= error" 2>/dev/null | wc -l)
[ "$bad" -eq 0 ] || { tshark -r "$TMPD/cap.pcap" -Y "_ws.malformed || _ws.expert.severity >= error"; fail "tshark: $bad bad frames"; }
PASS=$((PASS + 1))
echo "ok tshark: LCP/CHAP/IPCP/CCP decode cleanly"
fi

# Loss and reordering on the GRE path. This kernel has no netem, so the
# client moves behind a relay namespace whose two ports are bridged by
# gre_impair.py, which drops and reorders GRE packets (and passes the rest).
NS_M="${PPTP_TAG}m"
NS_EXTRA="$NS_M"       # removed by netns_cleanup
impair_up() {
	ip netns add "$NS_M" || return 1
	ip -n "$NS_C" link del "${PPTP_TAG}b" 2>/dev/null   # the direct link goes away
	ip link add "${PPTP_TAG}c" netns "$NS_S" type veth peer name "${PPTP_TAG}m1" netns "$NS_M" || return 1
	ip link add "${PPTP_TAG}d" netns "$NS_C" type veth peer name "${PPTP_TAG}m2" netns "$NS_M" || return 1
	ip -n "$NS_S" addr flush dev "${PPTP_TAG}a" 2>/dev/null
	ip -n "$NS_S" addr add "$SRV_IP/24" dev "${PPTP_TAG}c"
	ip -n "$NS_C" addr add "$CLI_IP/24" dev "${PPTP_TAG}d"
	for l in "$NS_S ${PPTP_TAG}c" "$NS_C ${PPTP_TAG}d" "$NS_M ${PPTP_TAG}m1" "$NS_M ${PPTP_TAG}m2"; do
		set -- $l
		ip -n "$1" link set "$2" up
	done
	ip -n "$NS_M" link set "${PPTP_TAG}m1" promisc on
	ip -n "$NS_M" link set "${PPTP_TAG}m2" promisc on
	ip netns exec "$NS_M" python3 "$HERE/gre_impair.py" "${PPTP_TAG}m1" "${PPTP_TAG}m2" 0.02 0.04 7 \
		> "$TMPD/impair.log" 2>&1 &
	IMPAIR_PID=$!
	PIDS="$PIDS $IMPAIR_PID"
	wait_until "the GRE relay" in_log "$TMPD/impair.log" "impair ready" || return 1
	relay_passes() { ip netns exec "$NS_C" ping -c 1 -W 2 "$SRV_IP" > /dev/null; }
	wait_until "a ping through the relay" relay_passes
}
impair_up || fail "relay namespace for loss injection"

lossy() {
	local tag="$1" smppe="$2" cargs="$3" line addr
	ppp_config "$TMPD/$tag.cfg" "$smppe" ms-chap-v2
	start_pnsd "$TMPD/$tag.cfg" "$TMPD/$tag.pnsd" -s - || fail "$tag: pnsd"
	# shellcheck disable=SC2086
	start_client "$TMPD/$tag.cli" --user alice --password secret-Pass1 $cargs
	wait_log "$TMPD/$tag.cli" "IP up" 200 || { cat "$TMPD/$tag.cli" "$TMPD/$tag.pnsd" "$TMPD/impair.log"; fail "$tag: no IP up"; }
	addr=$(field local "$(client_report "$TMPD/$tag.cli")")
	ip netns exec "$NS_S" ping -c 40 -i 0.05 -W 1 "$addr" > "$TMPD/ping-$tag" 2>&1
	# stateful MPPE over a lossy path is slow by nature (every loss costs a
	# Reset-Request round trip and TCP backs off): a small transfer, patience
	xfer_serve "$NS_S" "$TUN_SRV" 5003 XFER_TIMEOUT=120 || fail "$tag: TCP listener"
	XFER_TIMEOUT=120 ip netns exec "$NS_C" python3 "$HERE/ppp_xfer.py" send "$TUN_SRV" 5003 30000 > "$TMPD/x-$tag" 2>&1 ||
		fail "$tag: TCP over the lossy path: $(cat "$TMPD/x-$tag")"
	wait "$XFER_PID"
	client_report "$TMPD/$tag.cli" > "$TMPD/$tag.result"
	stop_all
}
# The static RTT is at its maximum here so that the flow-control alarm
# (which would switch the session to stateless) stays quiet while traffic flows.
RTT_MS=5000 lossy lossy-stateful "ppp encrypt mppe 128 stateful" "--mppe 128"
line=$(cat "$TMPD/lossy-stateful.result")
# mode: stateful, or stateless if pnsd's flow-control alarm went off after all
echo "$line" | grep -q 'mode=state' || fail "lossy-stateful: MPPE is gone: $line"
[ $(( $(field ccp_resets_sent "$line") + $(field ccp_resets_rcvd "$line") )) -gt 0 ] ||
	fail "lossy-stateful: no CCP Reset-Request either way: $line"
PASS=$((PASS + 1))
echo "ok lossy-stateful: recovered through CCP resets: $(echo "$line" | tail -n 1)"
lossy lossy-stateless "ppp encrypt mppe 128" "--mppe 128"
line=$(cat "$TMPD/lossy-stateless.result")
echo "$line" | grep -q 'mode=stateless' || fail "lossy-stateless: $line"
[ "$(field ccp_resets_sent "$(echo "$line" | tail -n 1)")" -eq 0 ] || fail "lossy-stateless: resets: $line"
PASS=$((PASS + 1))
echo "ok lossy-stateless: rekeyed forward: $(echo "$line" | tail -n 1)"

echo "test_ppp: all $PASS cases passed"
