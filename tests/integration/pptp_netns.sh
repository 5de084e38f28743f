# Shared helpers for the PPTP integration tests and benchmarks: two network
# namespaces joined by a veth pair, unique names, everything removed on exit.
#   srv: 10.201.X.1 (pnsd)      cli: 10.201.X.2 (pptp-client)
# Source this file (BIN must point at build/bin), then call netns_up.

PPTP_TAG="pt$$"
NS_S="${PPTP_TAG}s"
NS_C="${PPTP_TAG}c"
SRV_IP="10.201.$(( $$ % 250 )).1"
CLI_IP="10.201.$(( $$ % 250 )).2"
PIDS=""
TMPD="$(mktemp -d /tmp/pptp-it.XXXXXX)"

netns_cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	sleep 0.2
	for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
	ip netns del "$NS_S" 2>/dev/null
	ip netns del "$NS_C" 2>/dev/null
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$TMPD"
}
trap netns_cleanup EXIT
trap 'exit 1' INT TERM

netns_up() {
	ip netns add "$NS_S" && ip netns add "$NS_C" || return 1
	ip link add "${PPTP_TAG}a" netns "$NS_S" type veth peer name "${PPTP_TAG}b" netns "$NS_C" || return 1
	ip -n "$NS_S" addr add "$SRV_IP/24" dev "${PPTP_TAG}a"
	ip -n "$NS_C" addr add "$CLI_IP/24" dev "${PPTP_TAG}b"
	ip -n "$NS_S" link set "${PPTP_TAG}a" up
	ip -n "$NS_C" link set "${PPTP_TAG}b" up
	ip -n "$NS_S" link set lo up
	ip -n "$NS_C" link set lo up
	# thousands of connections from one client address
	ip netns exec "$NS_C" sysctl -qw net.ipv4.ip_local_port_range="10000 65000"
	ip netns exec "$NS_S" sysctl -qw net.core.somaxconn=8192
	ip netns exec "$NS_S" sysctl -qw net.ipv4.tcp_max_syn_backlog=8192
}

# start_pnsd CONFIG_FILE LOG [extra args]: pnsd in the server namespace
start_pnsd() {
	local cfg="$1" log="$2"; shift 2
	ip netns exec "$NS_S" "$BIN/pnsd" -f "$cfg" -b "$SRV_IP" "$@" > "$log" 2>&1 &
	PNSD_PID=$!
	PIDS="$PIDS $PNSD_PID"
	for _ in $(seq 50); do
		grep -q "listening on port" "$log" 2>/dev/null && return 0
		kill -0 "$PNSD_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "pnsd did not start:"; cat "$log"; return 1
}

# pnsd_status LOG: ask pnsd for a status report; prints its STATUS line
pnsd_status() {
	local log="$1" n
	n=$(grep -c "STATUS end" "$log")
	kill -USR1 "$PNSD_PID"
	for _ in $(seq 50); do
		[ "$(grep -c 'STATUS end' "$log")" -gt "$n" ] && break
		sleep 0.1
	done
	grep "STATUS tunnels" "$log" | tail -n 1
}

# last_status LOG: the last status report (STATUS, TUNNEL and SESSION lines)
last_status() { awk '/STATUS tunnels/ {buf = ""} {buf = buf $0 "\n"} END {printf "%s", buf}' "$1"; }

# field NAME LINE: the value of key NAME in a key=value line
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1; }

fail() { echo "FAIL: $*"; exit 1; }

write_config() {
	cat > "$1" <<CFG
hostname PNS
vpdn enable
vpdn-group 1
 accept-dialin
  protocol pptp
  virtual-template 1
 local name test_pns
 pptp tunnel echo ${ECHO_S:-60}
 pptp flow-control receive-window ${RWS:-16}
 pptp flow-control static-rtt ${RTT_MS:-1500}
CFG
}
