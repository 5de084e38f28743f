#!/bin/bash
# What an operator sees of pnsd at run time, against live pptp-client
# sessions in two network namespaces (pptp_netns.sh creates and removes
# them):
#   1. a template with no address pool (the feature document's example):
#      a session that has no address to give is closed with its reason
#      logged, never brought up with client 0.0.0.0;
#   2. pnsctl: show version, and on a terminal the prompt, '?' and Ctrl-C.
# Usage: test_operator.sh BIN_DIR
set -u
BIN="$(cd "$1" && pwd)"
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/pptp_netns.sh"
TUN_SRV=10.79.0.1

# On failure, show what the daemons said.
fail() {
	echo "FAIL: $*"
	for f in "$TMPD"/*.log; do [ -f "$f" ] && { echo "--- $f"; tail -n 25 "$f"; }; done
	exit 1
}

netns_up || fail "network namespaces"
ip -n "$NS_S" addr add "$TUN_SRV/32" dev lo

# ---- 1: no address to give ----
cat > "$TMPD/nopool.cfg" <<CFG
username alice password 0 secret-Pass1
vpdn enable
vpdn-group 1
 accept-dialin
  protocol pptp
  virtual-template 1
interface Loopback0
 ip address $TUN_SRV 255.255.255.255
interface Virtual-Template1
 ip unnumbered Loopback0
 ppp authentication ms-chap-v2
 ppp encrypt mppe 128
CFG
chmod 600 "$TMPD/nopool.cfg"
start_pnsd "$TMPD/nopool.cfg" "$TMPD/nopool-pnsd.log" -s - || fail "pnsd (no pool)"
in_log "$TMPD/nopool-pnsd.log" "nopool.cfg:9:11: interface Virtual-Template1 has no 'peer default ip address pool'" ||
	fail "no warning at start-up for the template without a pool"
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -H -1 --user alice --password secret-Pass1 --mppe 128 \
	> "$TMPD/nopool-cli.log" 2>&1 &
CPID=$!
PIDS="$PIDS $CPID"
wait_until "the session to end" in_log "$TMPD/nopool-cli.log" "PPP ended" || fail "no-pool session did not end"
wait_until "pnsd's reason" in_log "$TMPD/nopool-pnsd.log" "PPP ended: No address for the client" ||
	fail "pnsd logged no reason"
in_log "$TMPD/nopool-pnsd.log" "IP up" && fail "pnsd brought IP up without an address"
in_log "$TMPD/nopool-cli.log" "IP up" && fail "the client got IP up without an address"
kill "$CPID" "$PNSD_PID" 2>/dev/null; wait "$CPID" "$PNSD_PID" 2>/dev/null
echo "ok   no pool: the session is closed (\"No address for the client\"), no IP up with 0.0.0.0"

# ---- 2: a daemon with a complete template, pnsctl ----
SOCK="$TMPD/pnsd.sock"
ctl() { "$BIN/pnsctl" -s "$SOCK" "$@"; }
cat > "$TMPD/full.cfg" <<CFG
hostname PNS
username alice password 0 secret-Pass1
vpdn enable
vpdn-group 1
 accept-dialin
  protocol pptp
  virtual-template 1
ip local pool default 10.79.1.10 10.79.1.20
interface Loopback0
 ip address $TUN_SRV 255.255.255.255
interface Virtual-Template1
 ip unnumbered Loopback0
 ppp authentication ms-chap-v2
 ppp encrypt mppe 128
 peer default ip address pool default
CFG
chmod 600 "$TMPD/full.cfg"
start_pnsd "$TMPD/full.cfg" "$TMPD/full-pnsd.log" -s "$SOCK" || fail "pnsd (full)"
ctl show version | grep -qx "pnsd (pptp-mppe) Version $(cat "$HERE/../../VERSION"), PPTP Network Server with MPPE" ||
	fail "show version: $(ctl show version)"
python3 "$HERE/pnsctl_pty.py" "$BIN/pnsctl" "$SOCK" PNS || fail "pnsctl on a terminal"

# ---- 3: configure reload that changes the MPPE engine says it needs a restart ----
cp "$TMPD/full.cfg" "$TMPD/full.orig"
printf 'controller isa 5/0\n encryption mppe cardsim:%s/none.sock\n' "$TMPD" >> "$TMPD/full.cfg"
ctl configure reload > "$TMPD/reload.out" 2>&1 || fail "reload with an engine change: $(cat "$TMPD/reload.out")"
grep -q "% the MPPE engine stays sw: a change to cardsim:$TMPD/none.sock needs a restart of pnsd" "$TMPD/reload.out" ||
	fail "reload did not say the engine change needs a restart: $(cat "$TMPD/reload.out")"
ctl show running-config | grep -q "encryption mppe" && fail "running-config shows an engine that does not run"
in_log "$TMPD/full-pnsd.log" "warning: reload: the MPPE engine stays sw" || fail "no warning in pnsd's log"
cp "$TMPD/full.orig" "$TMPD/full.cfg"
ctl configure reload > "$TMPD/reload.out" 2>&1 || fail "reload back"
grep -q "needs a restart" "$TMPD/reload.out" && fail "a reload without an engine change said it needs a restart"
echo "ok   configure reload: an engine change is reported as needing a restart, the running engine stays shown"
