#!/bin/bash
# What an operator sees of pnsd at run time, against live pptp-client
# sessions in two network namespaces (pptp_netns.sh creates and removes
# them):
#   1. a template with no address pool (the feature document's example):
#      a session that has no address to give is closed with its reason
#      logged, never brought up with client 0.0.0.0;
#   2. pnsctl: show version, and on a terminal the prompt, '?' and Ctrl-C;
#   3. configure reload that changes the MPPE engine says it needs a restart;
#   4. debug ppp chap/mppe/negotiation lines name the interface; show ip
#      local pool; authentication and pool metrics; | include/exclude/begin;
#      clear vpdn tunnel l2tp answered plainly;
#   5. debug vpdn packet data: rx and tx lines, each label with its value.
# Usage: test_operator.sh BIN_DIR
set -u
BIN="$(cd "$1" && pwd)"
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/pptp_netns.sh"
TUN_SRV=10.79.0.1

# On failure, show what the daemons said.
FAIL_LOGS="*.log"

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
write_ppp_config "$TMPD/full.cfg" 10.79.1.10 10.79.1.20 mppe " ppp encrypt mppe 128" \
	template " ipv6 enable
 peer default ipv6 pool v6
ipv6 local pool v6 2001:db8:79::/48 64"
chmod 600 "$TMPD/full.cfg"
start_pnsd "$TMPD/full.cfg" "$TMPD/full-pnsd.log" -s "$SOCK" || fail "pnsd (full)"
ctl show version | grep -qx "pnsd (pptp-mppe) Version $(cat "$HERE/../../VERSION"), PPTP Network Server with MPPE" ||
	fail "show version: $(ctl show version)"
python3 "$HERE/pnsctl_pty.py" "$BIN/pnsctl" "$SOCK" PNS ||
	fail "pnsctl on a terminal"

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

# ---- 4: debug ppp chap / mppe / negotiation, show ip local pool, metrics, | include ----
ctl debug ppp chap > /dev/null && ctl debug ppp mppe > /dev/null && ctl debug ppp negotiation > /dev/null ||
	fail "debug ppp"
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -H -1 --user alice --password secret-Pass1 --mppe 128 --ipv6 \
	> "$TMPD/good-cli.log" 2>&1 &
GOOD_PID=$!
PIDS="$PIDS $GOOD_PID"
wait_until "the session's IP" in_log "$TMPD/good-cli.log" "IP up" || fail "no IP up with the full configuration"
wait_until "pnsd's IP up" in_log "$TMPD/full-pnsd.log" "Vi[0-9]*: IP up" || fail "pnsd: no IP up"
for want in 'debug: Vi[0-9]* CHAP: O CHALLENGE id [0-9]* len' 'debug: Vi[0-9]* CHAP: response from "alice" (ms-chap-v2)' \
	    'debug: Vi[0-9]* CHAP: O SUCCESS id' 'debug: Vi[0-9]* MPPE 128-bit stateless up' \
	    "debug: Vi[0-9]* IPCP: up, local $TUN_SRV peer 10.79.1.10\$" 'debug: Vi[0-9]* LCP: '; do
	grep -q -- "$want" "$TMPD/full-pnsd.log" || fail "pnsd's debug has no '$want'"
done
grep -q "debug: srv:" "$TMPD/full-pnsd.log" && fail "a PPP debug line still says srv: instead of the interface"
ctl show ip local pool > "$TMPD/pool.txt" || fail "show ip local pool"
cat "$TMPD/pool.txt"
grep -qx " Pool                     Begin           End              Free  In use" "$TMPD/pool.txt" || fail "pool header"
grep -qx " default                  10.79.1.10      10.79.1.20         10       1" "$TMPD/pool.txt" || fail "pool row (10 free, 1 in use)"
# IPv6 (the client runs IPV6CP, --ipv6): its /64 from the pool, the Router
# Advertisements pnsd sent it, in show ipv6 local pool, session all, metrics
v6_up() { ctl show vpdn session all | grep -qE '^IPV6CP is Opened, prefix 2001:db8:79:[0-9a-f:]*/64$'; }
wait_until "the client's /64" v6_up || fail "no IPV6CP/prefix line: $(ctl show vpdn session all | grep IPV6CP)"
ra_sent() { ctl show vpdn session all | grep -qE '^[0-9]+ router solicitations received, [1-9][0-9]* router advertisements sent$'; }
wait_until "a Router Advertisement" ra_sent || fail "no RA counted: $(ctl show vpdn session all | tail -n 3)"
ctl show vpdn session all | grep -qE '^[0-9]+ IPv6 packets in, [1-9][0-9]* out, 0 spoofed source dropped, [0-9]+ other dropped$' ||
	fail "IPv6 counters: $(ctl show vpdn session all | grep 'IPv6 packets')"
ctl show ipv6 local pool > "$TMPD/pool6.txt" || fail "show ipv6 local pool"
cat "$TMPD/pool6.txt"
grep -qx "Pool                  Prefix                                       Free  In use" "$TMPD/pool6.txt" || fail "pool6 header"
grep -qx "v6                    2001:db8:79::/48                            65535       1" "$TMPD/pool6.txt" || fail "pool6 row (65535 free, 1 in use)"
ctl show metrics | grep -qx 'pnsd_pool6_prefixes{pool="v6",state="in_use"} 1' || fail "pool6 metric"
ctl show metrics | grep -qE '^pnsd_session_ipv6_prefix_info\{.*user="alice",prefix="2001:db8:79:[0-9a-f:]*/64"\} 1$' || fail "prefix metric"
# a wrong password: the failure is logged with the user and the peer, and counted
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -H -1 --user alice --password wrong --mppe 128 \
	> "$TMPD/bad-cli.log" 2>&1 &
BAD_PID=$!
PIDS="$PIDS $BAD_PID"
wait_until "the refusal" in_log "$TMPD/full-pnsd.log" "PPP ended: Authentication failed: interface=Vi[0-9]* user=alice peer=$CLI_IP " ||
	fail "no authentication failure line with user and peer"
metric_is() { ctl show metrics | grep -qx "$1"; }
wait_until "the failure metric" metric_is 'pnsd_ppp_authentications_total{result="failed"} 1' || fail "auth failure metric"
metric_is 'pnsd_ppp_authentications_total{result="ok"} 1' || fail "auth ok metric"
metric_is 'pnsd_pool_addresses{pool="default",state="in_use"} 1' || fail "pool in_use metric"
metric_is 'pnsd_pool_addresses{pool="default",state="free"} 10' || fail "pool free metric"
# IOS output modifiers
[ "$(ctl 'show ip local pool | include default')" = " default                  10.79.1.10      10.79.1.20         10       1" ] ||
	fail "| include: $(ctl 'show ip local pool | include default')"
[ "$(ctl 'show ip local pool | exclude default' | wc -l)" = 1 ] || fail "| exclude"
[ "$(ctl 'show metrics | begin pnsd_pool_addresses{' | head -n 1)" = 'pnsd_pool_addresses{pool="default",state="in_use"} 1' ] ||
	fail "| begin: $(ctl 'show metrics | begin pnsd_pool_addresses{' | head -n 2)"
ctl 'show ip local pool | frobnicate x' > "$TMPD/mod.out" 2>&1 && fail "a bad output modifier was accepted"
grep -q "Invalid output modifier" "$TMPD/mod.out" || fail "bad modifier message: $(cat "$TMPD/mod.out")"
# the feature document's other clear spellings: understood, answered plainly
before=$(ctl show vpdn | grep "Total tunnels")
ctl clear vpdn tunnel l2tp orion samson > "$TMPD/clr.out" 2>&1 && fail "clear vpdn tunnel l2tp succeeded"
grep -q "% No L2F or L2TP tunnels: this server has PPTP tunnels only" "$TMPD/clr.out" ||
	fail "clear vpdn tunnel l2tp: $(cat "$TMPD/clr.out")"
[ "$(ctl show vpdn | grep "Total tunnels")" = "$before" ] || fail "clear vpdn tunnel l2tp changed the tunnels"
kill "$GOOD_PID" "$BAD_PID" 2>/dev/null; wait "$GOOD_PID" "$BAD_PID" 2>/dev/null
echo "ok   debug ppp chap/mppe/negotiation name the interface; show ip/ipv6 local pool; the session's /64 and RAs; auth/pool metrics; | include/exclude/begin; clear vpdn tunnel l2tp"


# ---- 5: debug vpdn packet data: both directions, each label with its own value ----
ctl debug vpdn packet data > /dev/null || fail "debug vpdn packet data"
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -H -1 --user alice --password secret-Pass1 --mppe 128 \
	> "$TMPD/pkt-cli.log" 2>&1 &
PKT_PID=$!
PIDS="$PIDS $PKT_PID"
wait_until "the session's IP" in_log "$TMPD/pkt-cli.log" "IP up" || fail "no IP up (packet debug)"
ctl no debug vpdn packet data > /dev/null
grep -Eq 'debug: GRE [0-9]+: rx len=[0-9]+ seq=4( ack=[0-9]+)?$' "$TMPD/full-pnsd.log" || fail "no rx line with seq=4"
grep -Eq 'debug: GRE [0-9]+: tx len=[0-9]+ seq=[0-9]+( ack=[0-9]+)?$' "$TMPD/full-pnsd.log" || fail "no tx data line"
grep -Eq 'debug: GRE [0-9]+: (rx|tx).* seq=[0-9]+[^ 0-9]' "$TMPD/full-pnsd.log" && fail "a label glued to the next value"
grep -Eq 'debug: GRE [0-9]+: rx len=[0-9]+[0-9 ]*$|len=[0-9]+[0-9]+ack' "$TMPD/full-pnsd.log" && fail "a value without its label"
kill "$PKT_PID" 2>/dev/null; wait "$PKT_PID" 2>/dev/null
echo "ok   debug vpdn packet data: rx and tx, seq=/ack= only with their values"
