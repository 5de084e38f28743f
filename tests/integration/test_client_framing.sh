#!/bin/bash
# pptp-client against the real Linux client's capture: pnsd and pptp-client
# in two network namespaces (pptp_netns.sh), the session captured with
# tshark on the server's side, and client_framing.py compares the client's
# PPTP control messages and first GRE packet with those of the stock Debian
# client in tests/fixtures/captures/, for the default profile and for
# --windows. (The PPP options and MPPE bytes are compared in memory by
# tests/unit/ppp/test_client_vs_capture.c.)
#   usage: test_client_framing.sh BIN_DIR
set -u
BIN="$(cd "$1" && pwd)"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
. "$HERE/pptp_netns.sh"
REAL="$ROOT/tests/fixtures/captures/linux-client-vs-pnsd-stateless-128.pcap"
TUN_SRV=198.51.100.1

netns_up || fail "network namespaces"
# the user, names and addresses of the interop run (tests/interop/interop.py)
write_ppp_config "$TMPD/pnsd.cfg" 198.51.100.2 198.51.100.9 password "" \
	user "username pptpuser password 0 pptp-Secret-1" group " local name acceptance_pns" \
	loopback "$TUN_SRV 255.255.255.0"
chmod 600 "$TMPD/pnsd.cfg"
start_pnsd "$TMPD/pnsd.cfg" "$TMPD/pnsd.log" -s - || fail "pnsd"

# One capture for both profiles (tshark is slow to start on a loaded
# machine): the default profile from $CLI_IP, --windows from a second address.
CLI_IP2="${CLI_IP%.*}.3"
ip -n "$NS_C" addr add "$CLI_IP2/24" dev "${PPTP_TAG}b"
tshark_start "$NS_S" "${PPTP_TAG}a" "$TMPD/cap.pcap" "$TMPD/tshark.log" "proto 47 or tcp port 1723 or icmp" ||
	fail "tshark: $(cat "$TMPD/tshark.log")"
for profile in linux windows; do
	extra="-b $CLI_IP"
	[ $profile = windows ] && extra="-b $CLI_IP2 --windows"
	# shellcheck disable=SC2086
	ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -H -1 --user pptpuser --password pptp-Secret-1 \
		--mppe 128,required $extra > "$TMPD/$profile.cli" 2>&1 &
	CLIENT_PID=$!
	PIDS="$PIDS $CLIENT_PID"
	wait_until "IP up ($profile)" in_log "$TMPD/$profile.cli" "IP up" || { cat "$TMPD/$profile.cli"; fail "$profile: no IP up"; }
	kill "$CLIENT_PID"
	wait "$CLIENT_PID" 2>/dev/null
done
tshark_stop "$TMPD/tshark.log" "$NS_C" "$SRV_IP" || fail "tshark did not see the end"
python3 "$HERE/client_framing.py" "$REAL" "$TMPD/cap.pcap" linux 192.0.2.2 "$CLI_IP" ||
	fail "linux: pptp-client differs from the real client"
python3 "$HERE/client_framing.py" "$REAL" "$TMPD/cap.pcap" windows 192.0.2.2 "$CLI_IP2" ||
	fail "windows: pptp-client differs from the real client"
echo "test_client_framing: both profiles compared"
