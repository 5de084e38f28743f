#!/bin/bash
# Integration test of the operating side: pnsd with its control socket and
# pnsctl, against live tunnels from pptp-client in two network namespaces
# (created and removed here, see pptp_netns.sh). Checks:
#   1. pnsd -t: the feature document's example is valid (exit 0); a bad
#      value is refused with file:line:column (exit 1);
#   2. show vpdn / show vpdn tunnel [all] / show vpdn session [all|packets|
#      window] / show metrics agree with
#      the daemon's own state (its SIGUSR1 status report) and with what the
#      client did (tunnels, calls, packets, peer receive window); every
#      --json output parses;
#   3. configure reload and SIGHUP keep every tunnel and session; a bad
#      file is refused with its line and column and changes nothing;
#   4. debug ... --follow streams debug lines to the CLI session and turns
#      the category off again when the session ends;
#   5. the control socket refuses oversized and garbled requests and users
#      who are not allowed, and keeps serving;
#   6. clear vpdn tunnel: a tunnel that does not exist is reported, the
#      right NAS/GATEWAY pair clears exactly its tunnels.
# Usage: test_cli.sh BIN_DIR
set -u
BIN="$(cd "$1" && pwd)"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
. "$HERE/pptp_netns.sh"

SOCK="$TMPD/pnsd.sock"
ctl() { "$BIN/pnsctl" -s "$SOCK" "$@"; }
json_ok() { ctl "$@" --json | python3 -m json.tool > /dev/null || fail "--json of '$*' does not parse"; }

# ---- 1: pnsd -t ----
# (copies: pnsd refuses a configuration other users can read, as the repository's files are)
install -m 600 "$ROOT/tests/fixtures/feature-example.cfg" "$ROOT/contrib/demo/pnsd-demo.cfg" "$TMPD/"
"$BIN/pnsd" -t -f "$TMPD/feature-example.cfg" > "$TMPD/t1.out" 2>&1 || { cat "$TMPD/t1.out"; fail "pnsd -t: feature example"; }
"$BIN/pnsd" -t -f "$TMPD/pnsd-demo.cfg" > /dev/null 2>&1 || fail "pnsd -t: demo configuration"
printf 'hostname x\nvpdn enable\nvpdn-group 1\n accept-dialin\n  protocol pptp\n pptp flow-control static-rtt 50\n' > "$TMPD/bad.cfg"
"$BIN/pnsd" -t -f "$TMPD/bad.cfg" > "$TMPD/t2.out" 2>&1 && fail "pnsd -t accepted a static-rtt of 50"
grep -q "bad.cfg:6:31: '50' is not a number in the range 100-5000" "$TMPD/t2.out" || { cat "$TMPD/t2.out"; fail "pnsd -t: error without line:column"; }
echo "ok   pnsd -t: example valid, bad value refused at 6:31"

netns_up || fail "cannot create network namespaces"
# pnsd -t says, per template, where its server address comes from and
# whether this host has it (in the test's namespace: only $SRV_IP and lo)
cat > "$TMPD/addr.cfg" <<CFG
hostname x
vpdn enable
vpdn-group 1
 accept-dialin
  protocol pptp
  virtual-template 1
interface Loopback0
 ip address 198.51.100.77 255.255.255.255
interface Loopback1
 ip address $SRV_IP 255.255.255.255
interface Virtual-Template1
 ip unnumbered Loopback0
interface Virtual-Template2
 ip unnumbered Loopback1
interface Virtual-Template3
 ip unnumbered lo
interface Virtual-Template4
 ip unnumbered Loopback9
interface Virtual-Template5
 ppp authentication ms-chap-v2
CFG
chmod 600 "$TMPD/addr.cfg"
ip -n "$NS_S" link set lo up
ip netns exec "$NS_S" "$BIN/pnsd" -t -f "$TMPD/addr.cfg" > "$TMPD/t3.out" 2>&1 || { cat "$TMPD/t3.out"; fail "pnsd -t: addresses"; }
for want in \
	"Virtual-Template1: server address 198.51.100.77 from ip unnumbered Loopback0 (its ip address in this file); not an address of this host: pnsd adds it to its TUN" \
	"Virtual-Template2: server address $SRV_IP from ip unnumbered Loopback1 (its ip address in this file); this host has it on ${PPTP_TAG}a" \
	"Virtual-Template3: server address 127.0.0.1 from ip unnumbered lo (the host's interface); this host has it on lo" \
	"Virtual-Template4: ip unnumbered Loopback9: no such interface with an address" \
	"Virtual-Template5: no ip unnumbered"; do
	grep -qF "$want" "$TMPD/t3.out" || { cat "$TMPD/t3.out"; fail "pnsd -t does not say: $want"; }
done
echo "ok   pnsd -t: each template's server address, where it comes from, whether the host has it"
RWS=8 write_config "$TMPD/pnsd.cfg"
start_pnsd "$TMPD/pnsd.cfg" "$TMPD/pnsd.log" -s "$SOCK" -m 127.0.0.1:9469 || fail "pnsd"
ctl show vpdn | grep -q "% No active PPTP tunnels" || fail "show vpdn on an idle daemon"

# two tunnels with two calls each; 20 data packets per call; the client
# announces a receive window of 10
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n 2 -m 2 -w 10 -H 300 --data 100 --count 20 --size 100 \
	-T stop > "$TMPD/client.out" 2>&1 &
CPID=$!
PIDS="$PIDS $CPID"
wait_until "the client's calls" in_log "$TMPD/client.out" "^setup"
grep -q "calls_up=4" "$TMPD/client.out" || { cat "$TMPD/client.out"; fail "client did not bring 4 calls up"; }
# until the server has every call's 20 packets
all_received() { ctl show vpdn session all | grep -cE '^[0-9]+ packets sent, 20 received' | grep -qx 4; }
wait_until "every call's 20 packets" all_received
# and until its last acknowledgments are out: the state no longer changes
# (two reads 100 ms apart agree; a wait for quiescence, bounded like every wait)
settled() { local a b; a=$(ctl show vpdn session all); sleep 0.1; b=$(ctl show vpdn session all); [ "$a" = "$b" ]; }
wait_until "the sessions to settle" settled

# ---- 2: show commands against the daemon's own state ----
ctl show vpdn > "$TMPD/vpdn.txt" || fail "show vpdn"
cat "$TMPD/vpdn.txt"
grep -q "PPTP Tunnel and Session Information (Total tunnels=2 sessions=4)" "$TMPD/vpdn.txt" || fail "show vpdn totals"
[ "$(grep -cE "^[0-9]+ +[0-9]+ +.* estabd +$CLI_IP +[0-9]+ +2\$" "$TMPD/vpdn.txt")" = 2 ] || fail "show vpdn tunnel rows"
[ "$(grep -cE "^[0-9]+ +[0-9]+ +[0-9]+ +- +unknown +estabd +0000[0-9][0-9]\$" "$TMPD/vpdn.txt")" = 4 ] || fail "show vpdn session rows"
ctl show vpdn session window > "$TMPD/win.txt" || fail "show vpdn session window"
cat "$TMPD/win.txt"
[ "$(grep -cE "^[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +clear +0 +10\$" "$TMPD/win.txt")" = 4 ] || fail "window rows (peer RWS 10, alarm clear)"
ctl show vpdn session all > "$TMPD/all.txt" || fail "show vpdn session all"
[ "$(grep -cE '^[0-9]+ packets sent, 20 received, [0-9]+ bytes sent, 2000 received$' "$TMPD/all.txt")" = 4 ] \
	|| { cat "$TMPD/all.txt"; fail "session all: 20 packets / 2000 bytes received per call"; }
[ "$(grep -cE '^Ss [0-9]+, Sr 20, Remote Nr [0-9]+, peer RWS 10$' "$TMPD/all.txt")" = 4 ] || fail "session all: Sr 20, peer RWS 10"
[ "$(grep -c '^Flow alarm is clear.$' "$TMPD/all.txt")" = 4 ] || fail "session all: flow alarm"
# show vpdn session packets / tunnel all (IOS's layouts): every call's 20
# packets and 2000 octets in, its packets out as session all counts them;
# each tunnel the sum of its two calls, with both ends' addresses
ctl show vpdn session packets > "$TMPD/pkts.txt" || fail "show vpdn session packets"
ctl show vpdn tunnel all > "$TMPD/tall.txt" || fail "show vpdn tunnel all"
cat "$TMPD/pkts.txt" "$TMPD/tall.txt"
ctl show vpdn session all --json > "$TMPD/all0.json"
python3 - "$TMPD/pkts.txt" "$TMPD/tall.txt" "$TMPD/all0.json" "$CLI_IP" "$SRV_IP" <<'PY' || fail "session packets / tunnel all differ from the daemon's sessions"
import json, re, sys
pk, ta, js, cli, srv = open(sys.argv[1]).read(), open(sys.argv[2]).read(), json.load(open(sys.argv[3])), sys.argv[4], sys.argv[5]
assert "\nLocID RemID TunID Pkts-In    Pkts-Out   Bytes-In     Bytes-Out\n" in pk, pk
rows = {(int(m[2]), int(m[0])): list(map(int, m[3:])) for m in re.findall(r"^(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+)$", pk, re.M)}
assert len(rows) == 4, rows
per_tunnel = {}
for s in js["sessions"]:
    r = rows[(s["tun_id"], s["loc_id"])]
    assert r == [s["packets_received"], s["packets_sent"], s["bytes_received"], s["bytes_sent"]], (r, s)
    assert r[0] == 20 and r[2] == 2000, r      # (no PPP here: the server sends no data, only ZLBs)
    t = per_tunnel.setdefault(s["tun_id"], [0, 0, 0, 0])
    for i, k in enumerate(("packets_sent", "packets_received", "bytes_sent", "bytes_received")):
        t[i] += s[k]
blocks = ta.split("\nTunnel id ")[1:]
assert len(blocks) == 2, ta
for b in blocks:
    tid = int(b.split()[0])
    t = per_tunnel[tid]
    assert re.match(r"%d is up, remote id is %d, 2 active sessions\n" % (tid, tid), b), b
    assert "  Tunnel state is estabd, time since change " in b, b
    assert re.search(r"  Remote tunnel name is .*\n    Internet Address %s, port \d+\n" % re.escape(cli), b), b
    assert "  Local tunnel name is test_pns\n    Internet Address %s, port 1723\n" % srv in b, b
    assert "  %d packets sent, %d received\n  %d bytes sent, %d received\n" % tuple(t) in b, (t, b)
    assert t[1] == 40 and t[3] == 4000, t
    assert re.search(r"  [1-9]\d* control messages sent, [1-9]\d* received\n", b), b
print("session packets and tunnel all agree with", len(rows), "sessions")
PY
# | include on them, as on the others
[ "$(ctl 'show vpdn session packets | include 2000' | grep -cE ' 20 +[0-9]+ +2000 ')" = 4 ] || fail "session packets | include"
[ "$(ctl 'show vpdn tunnel all | include Local tunnel name' | grep -cx '  Local tunnel name is test_pns')" = 2 ] || fail "tunnel all | include"
echo "ok   show vpdn session packets and tunnel all: counts as the sessions have them, | include"
for c in "show vpdn" "show vpdn tunnel" "show vpdn tunnel all" "show vpdn session" "show vpdn session all" \
	 "show vpdn session packets" "show vpdn session window" "show ppp mppe virtual-access" "show debugging"; do
	json_ok $c
done
# the same numbers through the other door: pnsd's own status report
pnsd_status "$TMPD/pnsd.log" > /dev/null
ctl show vpdn session all --json > "$TMPD/all.json"
python3 - "$TMPD/all.json" "$TMPD/pnsd.log" <<'PY' || fail "show vpdn session all differs from the daemon's status report"
import json, re, sys
js = json.load(open(sys.argv[1]))
report = {}
for line in open(sys.argv[2]):
    if " SESSION " in line:
        kv = dict(re.findall(r"(\w+)=(\S+)", line))
        report[(int(kv["tunnel"]), int(kv["call"]))] = kv
last = {}
for k, v in report.items():
    last[k] = v
assert js["total_sessions"] == 4, js["total_sessions"]
for s in js["sessions"]:
    r = last[(s["tun_id"], s["loc_id"])]
    for jf, rf in (("ss", "ss"), ("sr", "sr"), ("remote_nr", "remote_nr"), ("peer_rws", "peer_rws"),
                   ("packets_received", "rx_pkts"), ("packets_sent", "tx_pkts"), ("zlb_tx", "zlb_tx"),
                   ("zlb_rx", "zlb_rx"), ("out_of_order", "ooo"), ("rem_id", "peer_call")):
        assert str(s[jf]) == r[rf], (jf, s[jf], r[rf])
print("json matches the status report for", len(js["sessions"]), "sessions")
PY
ctl show metrics > "$TMPD/metrics.txt" || fail "show metrics"
grep -qx "pnsd_tunnels 2" "$TMPD/metrics.txt" && grep -qx "pnsd_sessions 4" "$TMPD/metrics.txt" || fail "metrics totals"
[ "$(grep -cE '^pnsd_session_packets_received_total\{tunnel="[0-9]+",call="[0-9]+",interface="",user=""\} 20$' "$TMPD/metrics.txt")" = 4 ] \
	|| fail "per-session metrics"
python3 - "$TMPD/metrics.txt" <<'PY' || fail "metrics are not in the Prometheus text format"
import re, sys
name = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
for line in open(sys.argv[1]):
    line = line.rstrip("\n")
    if line.startswith("# HELP ") or line.startswith("# TYPE "):
        continue
    assert re.fullmatch(name + r'(\{(' + name + r'="([^"\\]|\\.)*",?)*\})? [0-9.e+-]+', line), line
PY
# the same metrics over HTTP (pnsd -m), as Prometheus scrapes them
ip netns exec "$NS_S" python3 - <<'PY' || fail "GET /metrics"
import urllib.request, urllib.error
r = urllib.request.urlopen("http://127.0.0.1:9469/metrics", timeout=5)
assert r.status == 200 and r.headers["Content-Type"].startswith("text/plain; version=0.0.4"), r.headers
body = r.read().decode()
assert "\npnsd_tunnels 2\n" in body and "\npnsd_sessions 4\n" in body, body[:300]
try:
    urllib.request.urlopen("http://127.0.0.1:9469/", timeout=5)
    raise SystemExit("/ answered")
except urllib.error.HTTPError as e:
    assert e.code == 404, e.code
PY
echo "ok   show vpdn, session all/window, metrics (pnsctl and GET /metrics) and --json agree with the live daemon"

# ---- 3: reload keeps sessions ----
RWS=12 write_config "$TMPD/pnsd.cfg"
ctl configure reload || fail "configure reload"
kill -HUP "$PNSD_PID"
reloads() { ctl show metrics | grep -qx "pnsd_config_reloads_total $1"; }
wait_until "the SIGHUP reload" reloads 2 || fail "SIGHUP reload not counted"
ctl show running-config | grep -q "pptp flow-control receive-window 12" || fail "reloaded configuration not running"
ctl show vpdn | grep -q "Total tunnels=2 sessions=4" || fail "sessions dropped by reload"
cp "$TMPD/pnsd.cfg" "$TMPD/good.cfg"
printf 'vpdn-group 1\n pptp tunnel echo 1001\n' >> "$TMPD/pnsd.cfg"
ctl configure reload > "$TMPD/reload.out" 2>&1 && fail "bad configuration reloaded"
grep -q "pnsd.cfg:11:19: '1001' is not a number in the range 0-1000" "$TMPD/reload.out" || { cat "$TMPD/reload.out"; fail "reload error without line:column"; }
ctl show running-config | grep -q "pptp tunnel echo" && fail "bad configuration half-applied"
ctl show vpdn | grep -q "Total tunnels=2 sessions=4" || fail "sessions dropped by a failed reload"
ctl show metrics | grep -qx "pnsd_config_reloads_total 2" || fail "reload counter"
ctl show metrics | grep -qx "pnsd_config_reload_failures_total 1" || fail "reload failure counter"
cp "$TMPD/good.cfg" "$TMPD/pnsd.cfg"
echo "ok   configure reload and SIGHUP keep 2 tunnels / 4 sessions; a bad file is refused at 12:19"

# ---- 4: debug --follow ----
# (pnsctl itself in the background, not the ctl function: a subshell would
# inherit this script's traps)
"$BIN/pnsctl" -s "$SOCK" debug vpdn event --follow > "$TMPD/follow.out" 2>&1 &
FPID=$!
PIDS="$PIDS $FPID"
wait_until "the follow session" in_log "$TMPD/follow.out" "debugging is on"
ctl show debugging | grep -q "vpdn event debugging is on" || fail "debug not on"
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n 1 -m 1 -H 0 -T stop > /dev/null 2>&1 || fail "third client"
two_lines() { [ "$(grep -c 'debug: ' "$TMPD/follow.out")" -ge 2 ]; }
wait_until "debug lines in the follow session" two_lines
kill -INT "$FPID"; wait "$FPID" 2>/dev/null
[ "$(grep -c 'debug: ' "$TMPD/follow.out")" -ge 2 ] || { cat "$TMPD/follow.out"; fail "no debug lines streamed to the CLI session"; }
debug_off() { ctl show debugging | grep -q "all debugging is off"; }
wait_until "the follow session's end" debug_off || fail "debug category left on after the follow session"
grep -q "debug: " "$TMPD/pnsd.log" || fail "debug lines not in the daemon's log"
echo "ok   debug vpdn event --follow: $(grep -c 'debug: ' "$TMPD/follow.out") lines streamed, off again afterwards"

# ---- 5: hostile control-socket clients ----
python3 - "$SOCK" <<'PY' || fail "hostile control-socket requests"
import socket, sys
def ask(data, shut=True):
    s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.settimeout(10)
    try:
        s.sendall(data)
        if shut: s.shutdown(socket.SHUT_WR)
    except BrokenPipeError:
        pass
    out = b""
    while True:
        b = s.recv(65536)
        if not b: break
        out += b
    return out
assert ask(b"x" * 100000).startswith(b"ERROR\n% Request too long"), "oversized"
assert ask(b"\xff\xfe\x00\x01garbage\n").startswith(b"ERROR\n"), "garbled"
assert ask(b"show vpdn " * 200 + b"\n").startswith(b"ERROR\n"), "too many words"
assert ask(b"show vpdn\n").startswith(b"OK\n"), "still serving"
PY
chmod 0666 "$SOCK"
su -s /bin/sh nobody -c "'$BIN/pnsctl' -s '$SOCK' show vpdn" > "$TMPD/nobody.out" 2>&1 && fail "user nobody was served"
grep -q "Permission denied" "$TMPD/nobody.out" || { cat "$TMPD/nobody.out"; fail "user nobody: no permission error"; }
chmod 0600 "$SOCK"
ctl show vpdn > /dev/null || fail "control socket stopped serving"
echo "ok   oversized, garbled and unauthorised requests refused; still serving"

# ---- 6: clear vpdn tunnel ----
ctl clear vpdn tunnel pptp id 65000 > "$TMPD/clr1.out" 2>&1 && fail "clear of a nonexistent tunnel succeeded"
grep -q "% No PPTP tunnel with id 65000" "$TMPD/clr1.out" || fail "clear: nonexistent tunnel not reported"
ctl clear vpdn tunnel pptp "$CLI_IP" samson > "$TMPD/clr2.out" 2>&1 && fail "clear with the wrong gateway name"
grep -q "this server's name is test_pns" "$TMPD/clr2.out" || fail "clear: wrong gateway not reported"
ctl show vpdn | grep -q "Total tunnels=2 sessions=4" || fail "a refused clear changed something"
ctl clear vpdn tunnel pptp "$CLI_IP" test_pns > "$TMPD/clr3.out" || fail "clear vpdn tunnel pptp NAS GATEWAY"
[ "$(grep -c '^Cleared PPTP tunnel' "$TMPD/clr3.out")" = 2 ] || { cat "$TMPD/clr3.out"; fail "clear: not both tunnels"; }
no_tunnels() { ctl show vpdn | grep -q "No active PPTP tunnels"; }
wait_until "the tunnels to clear" no_tunnels || fail "tunnels still there after clear"
kill "$CPID" 2>/dev/null; wait "$CPID" 2>/dev/null
echo "ok   clear vpdn tunnel: missing tunnel reported, NAS/GATEWAY pair cleared its 2 tunnels"

# ---- 7: sessions with PPP and MPPE ----
# The same daemon, reloaded with a virtual template: new calls run PPP
# (MS-CHAPv2, 128-bit stateless MPPE). Every Vi/username/MPPE field of the
# show commands is checked against what the clients report about their
# own sessions (pptp-client prints a 'ppp vi=...' line on SIGUSR1).
cat > "$TMPD/ppp.cfg" <<CFG
hostname PNS
username tester41 password 0 lab41
username tester42 password 0 lab42
ip local pool default 10.1.1.100 10.1.1.149
vpdn enable
vpdn-group 1
 accept-dialin
  protocol pptp
  virtual-template 1
 local name test_pns
interface Virtual-Template1
 ip unnumbered lo
 ppp encrypt mppe 128 required
 ppp authentication ms-chap-v2
 peer default ip address pool default
end
CFG
ip -n "$NS_S" addr add 10.1.1.12/32 dev lo
cp "$TMPD/ppp.cfg" "$TMPD/pnsd.cfg"
ctl configure reload > /dev/null || fail "reload to the PPP configuration"
CPIDS=""
for i in 1 2; do
	ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n 1 -m 1 -H -1 --user "tester4$i" --password "lab4$i" \
		--auth ms-chap-v2 --mppe 128,required > "$TMPD/pclient$i.out" 2>&1 &
	CPIDS="$CPIDS $!"
	PIDS="$PIDS $!"
done
up=0
mppe_up() {
	up=$(ctl show ppp mppe virtual-access --json 2>/dev/null \
		| python3 -c 'import json,sys; print(sum(1 for i in json.load(sys.stdin)["interfaces"] if i["mppe"]))' 2>/dev/null)
	[ "${up:-0}" = 2 ]
}
wait_until "2 sessions with MPPE" mppe_up
[ "${up:-0}" = 2 ] || { cat "$TMPD"/pclient*.out; fail "PPP sessions did not reach MPPE ($up of 2)"; }
# Pkts-In and Pkts-Out summed over the sessions
pkts() { ctl show vpdn session packets | awk '$1 ~ /^[0-9]+$/ && NF == 7 { i += $4; o += $5 } END { print i + 0, o + 0 }'; }
read -r before before_out < <(pkts)
for t in $(ip -n "$NS_C" -o link show type tun | awk -F': ' '{print $2}' | cut -d@ -f1); do
	tun_addressed() { ip -n "$NS_C" -4 -o addr show dev "$1" | grep -q inet; }
	wait_until "an address on $t" tun_addressed "$t"
	ip netns exec "$NS_C" ping -q -c 5 -i 0.1 -W 2 -I "$t" 10.1.1.12 > /dev/null || fail "ping through $t"
done
read -r after after_out < <(pkts)
[ $((after - before)) -ge 10 ] && [ $((after_out - before_out)) -ge 10 ] ||
	fail "show vpdn session packets: in $before then $after, out $before_out then $after_out after 2 x 5 pings"
# the counters compared below no longer move
mppe_settled() { local a b; a=$(ctl show ppp mppe virtual-access); sleep 0.1; b=$(ctl show ppp mppe virtual-access); [ "$a" = "$b" ]; }
wait_until "the MPPE counters to settle" mppe_settled
for p in $CPIDS; do kill -USR1 "$p"; done
two_reports() { [ "$(cat "$TMPD"/pclient*.out | grep -c '^ppp vi=')" -ge 2 ]; }
wait_until "the clients' reports" two_reports
grep -h '^ppp vi=' "$TMPD"/pclient*.out > "$TMPD/client-ppp.txt"
ctl show vpdn > "$TMPD/vpdn2.txt" || fail "show vpdn (PPP)"
cat "$TMPD/vpdn2.txt"
for u in tester41 tester42; do
	grep -qE "^[0-9]+ +[0-9]+ +[0-9]+ +Vi[0-9]+ +$u +estabd " "$TMPD/vpdn2.txt" || fail "show vpdn: no Vi row for $u"
done
ctl show vpdn session all --json > "$TMPD/all2.json" || fail "session all --json (PPP)"
ctl show ppp mppe virtual-access --json > "$TMPD/mppe.json" || fail "show ppp mppe --json"
ctl show ppp mppe virtual-access > "$TMPD/mppe.txt" || fail "show ppp mppe"
cat "$TMPD/mppe.txt"
python3 - "$TMPD/all2.json" "$TMPD/mppe.json" "$TMPD/mppe.txt" "$TMPD/client-ppp.txt" <<'PY' || fail "PPP/MPPE show output differs from the clients' own sessions"
import json, re, sys
sess = json.load(open(sys.argv[1]))["sessions"]
mppe = {i["interface"]: i for i in json.load(open(sys.argv[2]))["interfaces"]}
text = open(sys.argv[3]).read()
clients = [dict(re.findall(r"(\w+)=(\S+)", l)) for l in open(sys.argv[4])]
assert len(clients) == 2, clients
by_addr = {c["local"]: c for c in clients}
n = 0
for s in sess:
    if "ppp" not in s:
        continue
    c = by_addr[s["ppp"]["client_address"]]          # the pool address the client got
    assert s["username"].startswith("tester4"), s["username"]
    assert c["mppe"] == "128" and c["mode"] == "stateless", c
    m = mppe["Virtual-Access" + s["interface"][2:]]
    assert m["mppe"] and m["key_bits"] == 128 and m["mode"] == "stateless", m
    assert m["engine"] == "Software", m["engine"]
    # every IP packet the client sent was decrypted here, and the other way round
    assert m["rx"]["packets"] == int(c["tx_ip"]), (m["rx"], c)
    assert m["tx"]["packets"] == int(c["rx_ip"]), (m["tx"], c)
    assert m["tx"]["key_changes"] == m["tx"]["packets"], m["tx"]      # stateless: a key per packet
    assert m["rx"]["dropped"] == 0 and m["rx"]["missed"] == 0, m["rx"]
    block = text.split("Interface " + m["interface"] + " (current connection)\n")[1].split("Interface ")[0]
    assert "Software encryption, 128 bit encryption, Stateless mode" in block, block
    assert re.search(r"packets encrypted = %d +packets decrypted = %d\n" % (m["tx"]["packets"], m["rx"]["packets"]), block), block
    assert re.search(r"next tx coherency = %d +next rx coherency = %d\n" % (m["tx"]["next_coherency"], m["rx"]["next_coherency"]), block), block
    n += 1
assert n == 2, n
print("PPP/MPPE output matches both clients")
PY
ctl show metrics | grep -qE '^pnsd_session_mppe_packets_decrypted_total\{.*user="tester41"\} [1-9]' || fail "per-session MPPE metrics"
# reload (CLI and SIGHUP) with PPP sessions up: they keep running and carrying traffic
ctl configure reload > /dev/null || fail "reload with PPP sessions"
kill -HUP "$PNSD_PID"
wait_until "the SIGHUP reload" reloads 5 || fail "SIGHUP reload with PPP sessions not counted"
for t in $(ip -n "$NS_C" -o link show type tun | awk -F': ' '{print $2}' | cut -d@ -f1); do
	ip netns exec "$NS_C" ping -q -c 3 -i 0.1 -W 2 -I "$t" 10.1.1.12 > /dev/null || fail "ping through $t after reload"
done
[ "$(ctl show ppp mppe virtual-access | grep -c 'Stateless mode')" = 2 ] || fail "PPP sessions lost by reload"
ctl clear vpdn tunnel pptp all > /dev/null || fail "clear all"
wait_until "the PPP tunnels to clear" no_tunnels || fail "PPP tunnels left after clear"
for p in $CPIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
echo "ok   PPP sessions: Vi, username, client address and MPPE counters agree with both clients; reload keeps them"
echo "test_cli: all passed"
