#!/bin/bash
# make interop: the stock Debian PPTP client (pppd 2.4.9 + pptp-linux +
# kernel ppp_mppe) in a QEMU guest against pnsd. This script builds (or
# reuses) the guest image, makes the test network and removes it on every
# exit path; interop.py runs the cases inside it.
#
#   namespace ${TAG}s: bridge ${TAG}br 192.0.2.1/24, pnsd, the control port,
#       QEMU with tap ${TAG}t; relay.py joins the tap to the bridge (through
#       veth ${TAG}a/${TAG}b) and drops GRE on request; forwarding on.
#   namespace ${TAG}i: the inside host 203.0.113.2 and 2001:db8:ffff::2
#       (servers for the TCP transfers), reached through pnsd's namespace
#       (203.0.113.1, 2001:db8:ffff::1; the clients' /64s from 2001:db8:5::/48).
#   INTEROP_PNSD_ARGS: more options for every pnsd (e.g. -U, docs/workers.md).
#   INTEROP_BENCH=1: namespace ${TAG}c (192.0.2.3 on the bridge) for our own
#       pptp-client, the anchor of the "BENCH interop" line (make bench).
# Usage: run.sh BIN_DIR [CASES]     (CASES: comma-separated names, default all)
set -u
export PYTHONDONTWRITEBYTECODE=1     # no __pycache__ in the source tree
BIN="$(cd "${1:-build/bin}" && pwd)"
CASES="${2:-}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TAG="io$$"
NS="${TAG}s"
NSI="${TAG}i"
NSC="${TAG}c"
WORK="$(mktemp -d /tmp/interop.XXXXXX)"
PIDS=""

cleanup() {
	local rc=$?
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	ip netns del "$NS" 2>/dev/null
	ip netns del "$NSI" 2>/dev/null
	ip netns del "$NSC" 2>/dev/null
	if [ $rc != 0 ] || [ -n "${INTEROP_KEEP:-}" ]; then echo "interop: logs in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL interop: $*"; exit 1; }

[ "$(id -u)" = 0 ] || fail "needs root (network namespaces, tap)"
for b in pnsd pnsctl; do [ -x "$BIN/$b" ] || fail "$BIN/$b missing"; done

# ---- the guest image (cached under build/guest) ----
eval "$(python3 "$ROOT/tests/guest/image.py" --cache "$ROOT/build/guest" \
	--init "$HERE/guest-init.sh" \
	--packages ppp pptp-linux \
	--binaries /usr/sbin/pppd /usr/sbin/pptp \
	--modules ppp_async ppp_mppe virtio_pci virtio_net)" || fail "guest image"

# ---- the network ----
ip netns add "$NS" && ip netns add "$NSI" || fail "namespaces"
ip -n "$NS" link set lo up
ip -n "$NSI" link set lo up
ip -n "$NS" link add "${TAG}br" type bridge || fail "bridge"
ip -n "$NS" addr add 192.0.2.1/24 dev "${TAG}br"
ip -n "$NS" link add "${TAG}a" type veth peer name "${TAG}b" || fail "veth"
ip -n "$NS" link set "${TAG}b" master "${TAG}br"
ip -n "$NS" tuntap add dev "${TAG}t" mode tap || fail "tap"
for l in "${TAG}br" "${TAG}a" "${TAG}b" "${TAG}t"; do ip -n "$NS" link set "$l" up; done
ip -n "$NS" link set "${TAG}a" promisc on
ip -n "$NS" link set "${TAG}t" promisc on
ip link add "${TAG}x" netns "$NS" type veth peer name "${TAG}y" netns "$NSI" || fail "inside veth"
ip -n "$NS" addr add 203.0.113.1/24 dev "${TAG}x"
ip -n "$NSI" addr add 203.0.113.2/24 dev "${TAG}y"
ip -n "$NS" link set "${TAG}x" up
ip -n "$NSI" link set "${TAG}y" up
ip -n "$NSI" route add 198.51.100.0/24 via 203.0.113.1
ip -n "$NS" addr add 2001:db8:ffff::1/64 dev "${TAG}x" nodad
ip -n "$NSI" addr add 2001:db8:ffff::2/64 dev "${TAG}y" nodad
ip -n "$NSI" route add 2001:db8:5::/48 via 2001:db8:ffff::1
ip netns exec "$NS" sysctl -qw net.ipv4.ip_forward=1
ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.forwarding=1
BENCH_ARGS=""
if [ -n "${INTEROP_BENCH:-}" ]; then
	ip netns add "$NSC" || fail "client namespace"
	ip link add "${TAG}c" netns "$NSC" type veth peer name "${TAG}d" netns "$NS" || fail "client veth"
	ip -n "$NS" link set "${TAG}d" master "${TAG}br"
	ip -n "$NSC" addr add 192.0.2.3/24 dev "${TAG}c"
	ip -n "$NS" link set "${TAG}d" up
	ip -n "$NSC" link set "${TAG}c" up
	ip -n "$NSC" link set lo up
	BENCH_ARGS="--bench $NSC"
fi

ip netns exec "$NS" python3 -u "$HERE/relay.py" "${TAG}t" "${TAG}a" > "$WORK/relay.log" 2>&1 &
RELAY=$!
PIDS="$PIDS $RELAY"
ip netns exec "$NSI" python3 -u "$HERE/blobs.py" 203.0.113.2 2001:db8:ffff::2 > "$WORK/blobs.log" 2>&1 &
PIDS="$PIDS $!"
for f in relay blobs; do
	for _ in $(seq 2400); do grep -q "$f ready" "$WORK/$f.log" && break; sleep 0.05; done   # <= 120 s: a loaded machine is slow, not broken
	grep -q "$f ready" "$WORK/$f.log" || fail "$f did not start: $(cat "$WORK/$f.log")"
done

ip netns exec "$NS" python3 -u "$HERE/interop.py" "$BIN" "$WORK" "$KERNEL" "$INITRD" \
	--tap "${TAG}t" --relay-pid "$RELAY" ${CASES:+--cases "$CASES"} $BENCH_ARGS &
PY=$!
PIDS="$PY $PIDS"
wait $PY
