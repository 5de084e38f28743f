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
	local p left
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	# give them up to 2 s to go, then force (waiting for their exit, not a fixed time)
	for _ in $(seq 40); do
		left=""
		for p in $PIDS; do kill -0 "$p" 2>/dev/null && left=1; done
		[ -z "$left" ] && break
		sleep 0.05
	done
	for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
	# anything still running in our namespaces (helpers started by the tests)
	for ns in "$NS_S" "$NS_C" ${NS_EXTRA:-}; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
	done
	ip netns del "$NS_S" 2>/dev/null
	ip netns del "$NS_C" 2>/dev/null
	for ns in ${NS_EXTRA:-}; do ip netns del "$ns" 2>/dev/null; done
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$TMPD"
}
trap netns_cleanup EXIT
trap 'exit 1' INT TERM

# Readiness, never a fixed sleep: WAIT_S (default 120 s) bounds each wait so
# that a loaded machine is slow, not wrong, and a real hang still fails.
# wait_until WHAT CMD...: run CMD until it succeeds; 1 with a message after WAIT_S.
wait_until() {
	local what="$1" end=$(( $(date +%s) + ${WAIT_S:-120} )); shift
	until "$@"; do
		[ "$(date +%s)" -lt "$end" ] || { echo "timed out after ${WAIT_S:-120} s waiting for $what" >&2; return 1; }
		sleep 0.05
	done
}
# in_log FILE PATTERN
in_log() { grep -q -- "$2" "$1" 2>/dev/null; }
# listening NS PORT: a TCP listener is bound to PORT in NS
listening() { ip netns exec "$1" ss -Hltn "sport = :$2" 2>/dev/null | grep -q .; }
# has_addr NS ADDR: ADDR is configured in NS
has_addr() { ip -n "$1" -4 -o addr show 2>/dev/null | grep -q "inet $2/"; }

# xfer_serve NS ADDR PORT [ENV...]: ppp_xfer.py's echo server, started and waited for until
# it listens; XFER_PID (killed on exit like every process in PIDS)
xfer_serve() {
	local ns="$1" addr="$2" port="$3"; shift 3
	env "$@" ip netns exec "$ns" python3 "$(dirname "${BASH_SOURCE[0]}")/ppp_xfer.py" serve "$addr" "$port" &
	XFER_PID=$!
	PIDS="$PIDS $XFER_PID"
	wait_until "the TCP listener $addr:$port" listening "$ns" "$port"
}

# tshark_start NS IFACE PCAP LOG FILTER: capture and wait until it really runs
# ("Capture started": dumpcap has the interface open and the file written).
# Packet summaries go to LOG (-P -l) so that tshark_stop can wait for a marker.
tshark_start() {
	ip netns exec "$1" tshark -l -P -i "$2" -w "$3" -f "$5" > "$4" 2>&1 &
	TSHARK_PID=$!
	PIDS="$PIDS $TSHARK_PID"
	wait_until "tshark capturing on $2" in_log "$4" "Capture started"
}
# tshark_stop LOG FROM_NS TO_ADDR: one ICMP echo as the last packet (the capture
# filter must let ICMP through), wait until tshark has written it, then stop
tshark_stop() {
	ip netns exec "$2" ping -c 1 -W 5 "$3" > /dev/null 2>&1
	wait_until "tshark to see the closing ping" in_log "$1" "ICMP.*Echo"
	kill -INT "$TSHARK_PID"
	# a tshark that ignores the signal must not hang the test (seen once, 36 min)
	tshark_gone() { [ ! -e "/proc/$TSHARK_PID" ] || grep -q '^[0-9]* ([^)]*) Z' "/proc/$TSHARK_PID/stat" 2>/dev/null; }
	WAIT_S=30 wait_until "tshark to exit" tshark_gone || kill -9 "$TSHARK_PID" 2>/dev/null
	wait "$TSHARK_PID" 2>/dev/null
}

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
	pnsd_up() { in_log "$log" "listening on port" || ! kill -0 "$PNSD_PID" 2>/dev/null; }
	wait_until "pnsd to listen" pnsd_up && in_log "$log" "listening on port" && return 0
	echo "pnsd did not start:"; cat "$log"; return 1
}

# signal_report WHAT PID LOG PATTERN: ask process PID for a report (SIGUSR1)
# and wait until LOG holds one more line matching PATTERN than before
signal_report() {
	local what="$1" pid="$2" log="$3" pat="$4" n
	n=$(grep -c -- "$pat" "$log")
	kill -USR1 "$pid"
	report_done() { [ "$(grep -c -- "$pat" "$log")" -gt "$n" ]; }
	wait_until "$what" report_done
}

# pnsd_status LOG: ask pnsd for a status report; prints its STATUS line
pnsd_status() {
	signal_report "pnsd's status report" "$PNSD_PID" "$1" "STATUS end"
	grep "STATUS tunnels" "$1" | tail -n 1
}

# start_client LOG ARGS...: pptp-client in the client namespace, holding its
# sessions until killed; CLIENT_PID (killed on exit like every process in
# PIDS). CLIENT_DEBUG set: its PPP negotiation in LOG too.
start_client() {
	local log="$1"; shift
	ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -H -1 ${CLIENT_DEBUG:+-d "ppp negotiation"} "$@" > "$log" 2>&1 &
	CLIENT_PID=$!
	PIDS="$PIDS $CLIENT_PID"
}
# client_report LOG [N]: ask pptp-client (SIGUSR1) for its sessions' 'ppp vi=...'
# lines; prints the last N (1)
client_report() {
	signal_report "the client's report" "$CLIENT_PID" "$1" '^ppp vi='
	grep '^ppp vi=' "$1" | tail -n "${2:-1}"
}
# sanitizer_clean FILE...: a sanitizer build's report (BINDIR = build/asan/bin)
# in any of the FILEs fails the test
sanitizer_clean() {
	if grep -l "AddressSanitizer\|LeakSanitizer\|runtime error" "$@" 2>/dev/null; then
		fail "sanitizer report"
	fi
}
# stop_all: stop the clients (CLIENT_PIDS, else CLIENT_PID) and pnsd and wait
# for them; then a sanitizer report in TMPD's *.pnsd and *.cli logs fails the test
stop_all() {
	local p
	for p in ${CLIENT_PIDS:-$CLIENT_PID} "$PNSD_PID"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	CLIENT_PIDS=""
	sanitizer_clean "$TMPD"/*.pnsd "$TMPD"/*.cli
}
# wait_log LOG PATTERN: bounded by WAIT_S, not a count of sleeps
wait_log() { wait_until "'$2' in $1" in_log "$1" "$2"; }

# last_status LOG: the last status report (STATUS, TUNNEL and SESSION lines)
last_status() { awk '/STATUS tunnels/ {buf = ""} {buf = buf $0 "\n"} END {printf "%s", buf}' "$1"; }

# field NAME LINE: the value of key NAME in a key=value line
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1; }

# fail MESSAGE: the test fails; with the last FAIL_TAIL (25) lines of each
# file in TMPD that FAIL_LOGS' patterns name ("*.pnsd *.cli"), for the reader
fail() {
	local p f
	echo "FAIL: $*"
	for p in ${FAIL_LOGS:-}; do
		for f in "$TMPD"/$p; do
			[ -f "$f" ] && { echo "--- $f"; tail -n "${FAIL_TAIL:-25}" "$f"; }
		done
	done
	exit 1
}

# best_ms CMD...: the best of 3 runs of CMD in ms (benchmarks: bench_scale,
# bench_cli_show); its output in TMPD/out.txt, its last lines shown if it fails
best_ms() {
	local best="" t0 t1 ms
	for _ in 1 2 3; do
		t0=$(date +%s%N)
		"$@" > "$TMPD/out.txt" 2>&1 || { tail -n 5 "$TMPD/out.txt" >&2; return 1; }
		t1=$(date +%s%N)
		ms=$(( (t1 - t0) / 1000000 ))
		[ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
	done
	echo "$best"
}

# pnsd configuration writers (write_config, write_ppp_config)
. "$(dirname "${BASH_SOURCE[0]}")/pnsd_config.sh"
