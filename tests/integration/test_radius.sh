#!/bin/bash
# pnsd authenticating PPTP sessions through a real FreeRADIUS (Debian's
# freeradius 3.2, tests/integration/radius_server.sh), pptp-client as the
# dial-in user, all in two network namespaces of our own:
#   - each method (MS-CHAPv2, MS-CHAPv1, CHAP, PAP) accepted and rejected;
#   - MPPE keys from RADIUS (MS-MPPE-Send/Recv-Key, MS-CHAP-MPPE-Keys): the
#     session only passes ping and TCP when they equal the client's own;
#   - the server's MPPE policy and Framed-IP-Address applied (a second session
#     with the same Framed-IP-Address refused), Port-Limit (a second session refused);
#   - the first server down -> the second answers; no server -> the local
#     users when `group radius local`, a refusal without `local`;
#   - responses without Message-Authenticator dropped and counted;
#   - accounting Start/Interim/Stop in FreeRADIUS's detail file, the Stop's
#     octets equal to pnsd's counters;
#   - RFC 5176 from radclient: CoA Session-Timeout and Disconnect-Request end
#     the session (Stop with Session-Timeout / Admin-Reset), a wrong key is
#     dropped, an unknown session gets a NAK.
#   usage: test_radius.sh BINDIR
set -u
BIN="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/pptp_netns.sh"
. "$HERE/radius_server.sh"
TUN_SRV=10.78.0.1
SECRET="rad-Secret-$$"
A1=$((20000 + $$ % 5000 * 4))       # FreeRADIUS ports: auth, acct (and +2, +3 for the second)
PASS=0

FAIL_LOGS="*.pnsd *.cli *.radius" FAIL_TAIL=40   # fail() shows their last lines

command -v freeradius > /dev/null || fail "freeradius is not installed (make deps)"
netns_up || fail "network namespaces"
ip -n "$NS_S" addr add "$TUN_SRV/32" dev lo

# pnsd_config FILE AUTH_LIST SERVERS TEMPLATE_AUTH MPPE [LOCAL_USERS]
#   SERVERS: "PORT PORT ..." auth ports, in order (acct = auth + 1)
pnsd_config() {
	local f="$1" p aaa
	aaa=$(
		echo "aaa new-model"
		echo "aaa authentication ppp default $2"
		echo "aaa accounting network default start-stop group radius"
		for p in $3; do
			echo "radius-server host 127.0.0.1 auth-port $p acct-port $((p + 1)) key $SECRET"
		done
		if [ -n "${DAE_PORT:-}" ]; then
			printf 'aaa server radius dynamic-author\n client 127.0.0.1 server-key %s\n port %s\n' \
				"dae-$SECRET" "$DAE_PORT"
		fi
		printf 'radius-server timeout 2\nradius-server retransmit 1\nip radius source-interface lo\n'
	)
	# alice is a local user only with LOCAL_USERS
	write_ppp_config "$f" 10.77.0.10 10.77.0.20 password "${6:+secret-Pass1}" global "$aaa" \
		group " local name test_pns" pool "ip local pool pool2 10.77.5.10 10.77.5.20" auth "$4" mppe " $5"
	"$BIN/pnsd" -t -f "$f" > "$f.check" 2>&1 || { cat "$f.check"; fail "pnsd -t refuses $f"; }
}

# pptp-client's negotiation in its logs, which fail() shows
CLIENT_DEBUG=1

stop_client() { kill "$CLIENT_PID" 2>/dev/null; wait "$CLIENT_PID" 2>/dev/null; }
stop_pnsd() {
	kill "$PNSD_PID" 2>/dev/null; wait "$PNSD_PID" 2>/dev/null
	sanitizer_clean "$TMPD"/*.pnsd
	# secrets and keys never reach the log
	if grep -q -e "$SECRET" -e "secret-Pass1" -e "bob-Pass2" "$TMPD"/*.pnsd; then
		fail "a secret in pnsd's log"
	fi
}

traffic() {
	local tag="$1" cli_addr="$2" sp
	local t0=$(date +%s%N)
	ip netns exec "$NS_C" ping -c 3 -i 0.2 -W 5 "$TUN_SRV" > "$TMPD/ping-$tag" 2>&1 ||
		fail "$tag: ping client->server: $(tail -n 2 "$TMPD/ping-$tag")"
	ip netns exec "$NS_S" ping -c 3 -i 0.2 -W 5 -s 1400 "$cli_addr" > "$TMPD/ping2-$tag" 2>&1 ||
		fail "$tag: ping server->client (1400 bytes)"
	echo "pings $(( ($(date +%s%N) - t0) / 1000000 )) ms" >> "$TMPD/times"
	[ -n "${TCP:-}" ] || return 0
	xfer_serve "$NS_S" "$TUN_SRV" 5001 || fail "$tag: TCP listener"
	sp=$XFER_PID
	ip netns exec "$NS_C" python3 "$HERE/ppp_xfer.py" send "$TUN_SRV" 5001 200000 > "$TMPD/x1-$tag" 2>&1 ||
		fail "$tag: TCP client->server: $(cat "$TMPD/x1-$tag")"
	wait $sp
}

# case_up TAG USER PASSWORD CLIENT_AUTH CLIENT_MPPE EXPECT_MPPE [EXPECT_ADDR]
# (pnsd already configured and started)
case_up() {
	local tag="$1" line addr
	start_client "$TMPD/$tag.cli" --user "$2" --password "$3" --auth "$4" --mppe "$5"
	wait_log "$TMPD/$tag.cli" "IP up" 150 || fail "$tag: no IP up"
	line=$(client_report "$TMPD/$tag.cli")
	[ "$(field mppe "$line")" = "$6" ] || fail "$tag: mppe $(field mppe "$line"), expected $6: $line"
	addr=$(field local "$line")
	[ -z "${7:-}" ] || [ "$addr" = "$7" ] || fail "$tag: address $addr, expected $7 (Framed-IP-Address)"
	traffic "$tag" "$addr"
	PASS=$((PASS + 1))
	echo "ok $tag: $line"
}

# case_refused TAG USER PASSWORD CLIENT_AUTH CLIENT_MPPE PNSD_PATTERN
case_refused() {
	local tag="$1"
	start_client "$TMPD/$tag.cli" --user "$2" --password "$3" --auth "$4" --mppe "$5"
	wait_log "$TMPD/$tag.cli" "PPP ended" 150 || fail "$tag: session did not end"
	grep -q "IP up" "$TMPD/$tag.cli" && fail "$tag: IP came up"
	stop_client
	wait_log "$TMPD/$PNSD_TAG.pnsd" "$6" 50 || fail "$tag: no '$6' in pnsd's log"
	PASS=$((PASS + 1))
	echo "ok $tag: refused ($6)"
}

run_pnsd() {
	PNSD_TAG="$1"
	start_pnsd "$TMPD/$1.cfg" "$TMPD/$1.pnsd" -s "$TMPD/$1.sock" -d radius || fail "$1: pnsd"
}
ctl() { "$BIN/pnsctl" -s "$TMPD/$PNSD_TAG.sock" "$@"; }

radius_start r1 "$A1" $((A1 + 1)) "$SECRET" || fail "FreeRADIUS"

# ---- every method, accepted and rejected, against one server ----
pnsd_config "$TMPD/methods.cfg" "group radius" "$A1" "ms-chap-v2 ms-chap chap pap" "ppp encrypt mppe auto"
run_pnsd methods
TCP=1 case_up v2-alice alice secret-Pass1 ms-chap-v2 128,required 128
grep -q "Access-Accept id" "$TMPD/methods.pnsd" || fail "v2-alice: no Access-Accept in pnsd's debug"
stop_client
case_refused v2-bad alice wrong-Pass ms-chap-v2 128 "alice rejected"
grep -q "E=691" "$TMPD/v2-bad.cli" || fail "v2-bad: the client did not get E=691"
# bob: NT hash only at the server; its policy: MPPE required, 128-bit only; a fixed address
case_up v2-bob bob bob-Pass2 ms-chap-v2 auto 128 10.77.0.99
# a second session of bob while the first holds 10.77.0.99: refused after authentication
FIRST_PID=$CLIENT_PID
case_refused v2-bob-twice bob bob-Pass2 ms-chap-v2 auto "10.77.0.99 is in use by another session"
CLIENT_PID=$FIRST_PID
stop_client
# dave: Port-Limit 1: his second session at a time is refused
case_up v2-dave dave dave-Pass4 ms-chap-v2 auto 128
FIRST_PID=$CLIENT_PID
case_refused v2-dave-twice dave dave-Pass4 ms-chap-v2 auto "dave already has 1 session (session-limit 1)"
CLIENT_PID=$FIRST_PID
stop_client
case_refused v2-bob-40 bob bob-Pass2 ms-chap-v2 40,required "MPPE required"
# carol: Framed-Pool pool2, Idle-Timeout 2 s: her session gets a pool2
# address and ends by itself. No pings or reports in between: any step of a
# test on a loaded machine can outlast a 2 s timer (it did: the ping found
# the session gone), so only what pnsd logged is checked.
start_client "$TMPD/v2-carol.cli" --user carol --password carol-Pass3 --auth ms-chap-v2 --mppe 128,required
wait_log "$TMPD/methods.pnsd" "IP up: interface=Vi[0-9]* user=carol peer=[0-9.]* address=10.77.5.10 mppe=128" || fail "v2-carol: no IP up with the pool2 address"
wait_log "$TMPD/v2-carol.cli" "PPP ended" 100 || fail "v2-carol: Idle-Timeout did not end the session"
grep -q "PPP ended: Idle timeout.*user=carol" "$TMPD/methods.pnsd" || fail "v2-carol: not ended by Idle-Timeout"
wait_log "$TMPD/r1.detail" "Acct-Terminate-Cause = Idle-Timeout" 50 || fail "v2-carol: no Stop with Idle-Timeout"
PASS=$((PASS + 1))
echo "ok v2-carol: pool2 address, ended by Idle-Timeout"
stop_client
case_up v1-bob bob bob-Pass2 ms-chap 128 128 10.77.0.99
stop_client
case_refused v1-bad bob wrong-Pass ms-chap 128 "bob rejected"
case_up chap-alice alice secret-Pass1 chap none 0
stop_client
case_refused chap-bad alice wrong-Pass chap none "alice rejected"
case_up pap-alice alice secret-Pass1 pap none 0
stop_client
# bob's policy requires MPPE; PAP gives no keys: refused although the template only allows MPPE
case_refused pap-bob bob bob-Pass2 pap none "MPPE required but no MS-CHAP keys"
case_refused pap-bad alice wrong-Pass pap none "alice rejected"
stop_pnsd

# ---- accounting: Start, Interim-Update (Acct-Interim-Interval 2 for alice), Stop ----
grep -q "Acct-Status-Type = Start" "$TMPD/r1.detail" || fail "no accounting Start in the detail file"
pnsd_config "$TMPD/acct.cfg" "group radius" "$A1" ms-chap-v2 "ppp encrypt mppe 128 required"
: > "$TMPD/r1.detail"
run_pnsd acct
start_client "$TMPD/acct.cli" --user alice --password secret-Pass1 --auth ms-chap-v2 --mppe 128,required
wait_log "$TMPD/acct.cli" "IP up" 150 || fail "acct: no IP up"
TCP=1 traffic acct "$(field local "$(client_report "$TMPD/acct.cli")")"
wait_log "$TMPD/r1.detail" "Acct-Status-Type = Interim-Update" 60 || fail "acct: no Interim-Update"
pnsd_status "$TMPD/acct.pnsd" > /dev/null
status=$(grep "STATUS ppp" "$TMPD/acct.pnsd" | tail -n 1)
rx=$(field rx_ip_octets "$status"); tx=$(field tx_ip_octets "$status")
# the server goes away before the session ends: the Stop waits in pnsd's
# queue and reaches the restarted server (RFC 2866 2: it must not be lost)
radius_stop r1
stop_client
wait_log "$TMPD/acct.pnsd" "no server answered, kept" 100 || fail "acct: the Stop was not kept"
grep -q "Acct-Status-Type = Stop" "$TMPD/r1.detail" && fail "acct: Stop with the server down?"
radius_start r1 "$A1" $((A1 + 1)) "$SECRET" || fail "FreeRADIUS restart"
wait_log "$TMPD/r1.detail" "Acct-Status-Type = Stop" 150 || fail "acct: no Stop after the server came back"
stop=$(awk '/Acct-Status-Type = Stop/ {s = 1} s' "$TMPD/r1.detail")
in_oct=$(echo "$stop" | sed -n 's/.*Acct-Input-Octets = //p' | head -n 1)
out_oct=$(echo "$stop" | sed -n 's/.*Acct-Output-Octets = //p' | head -n 1)
[ "$in_oct" = "$rx" ] && [ "$out_oct" = "$tx" ] ||
	fail "acct: Stop says in=$in_oct out=$out_oct, pnsd counted rx=$rx tx=$tx"
echo "$stop" | grep -q 'Class = 0x636c732d616c696365' || fail "acct: Class not echoed"
echo "$stop" | grep -q 'Acct-Terminate-Cause' || fail "acct: no Acct-Terminate-Cause"
echo "$stop" | grep -q 'Acct-Session-Time' || fail "acct: no Acct-Session-Time"
delay=$(echo "$stop" | sed -n 's/.*Acct-Delay-Time = //p' | head -n 1)
[ "${delay:-0}" -ge 1 ] || fail "acct: the delayed Stop says Acct-Delay-Time ${delay:-none}"
stop_pnsd
PASS=$((PASS + 1))
echo "ok acct: Start, Interim-Update, Stop in=$in_oct out=$out_oct = pnsd's counters, Class echoed; Stop kept over a server restart (Acct-Delay-Time $delay)"

# ---- RFC 5176 with radclient: CoA Session-Timeout, Disconnect-Request, refusals ----
DAEP=$((A1 + 3))
DAE_PORT=$DAEP pnsd_config "$TMPD/dae.cfg" "group radius" "$A1" ms-chap-v2 "ppp encrypt mppe 128 required"
: > "$TMPD/r1.detail"
run_pnsd dae
dae() {   # dae KIND KEY ATTRS: radclient's answer
	echo "$3" | ip netns exec "$NS_S" radclient -x -t 1 -r 1 "127.0.0.1:$DAEP" "$1" "$2" 2>&1
}
start_client "$TMPD/dae1.cli" --user alice --password secret-Pass1 --auth ms-chap-v2 --mppe 128,required
wait_log "$TMPD/dae1.cli" "IP up" 150 || fail "dae: no IP up"
dae coa "dae-$SECRET" "User-Name=alice,Session-Timeout=2" > "$TMPD/coa.out"
grep -q "Received CoA-ACK" "$TMPD/coa.out" || { cat "$TMPD/coa.out"; fail "dae: no CoA-ACK"; }
wait_log "$TMPD/dae1.cli" "PPP ended" 100 || fail "dae: Session-Timeout from CoA did not end the session"
wait_log "$TMPD/r1.detail" "Acct-Terminate-Cause = Session-Timeout" 50 || fail "dae: no Stop with Session-Timeout"
stop_client
start_client "$TMPD/dae2.cli" --user alice --password secret-Pass1 --auth ms-chap-v2 --mppe 128,required
wait_log "$TMPD/dae2.cli" "IP up" 150 || fail "dae: no IP up (2)"
wait_log "$TMPD/r1.detail" "Acct-Status-Type = Start" 50 || fail "dae: no Start"
sid=$(grep 'Acct-Session-Id' "$TMPD/r1.detail" | tail -n 1 | sed 's/.*= "\(.*\)"/\1/')
dae disconnect "wrong-key" "Acct-Session-Id=$sid" > "$TMPD/dis-badkey.out"
grep -q "Received Disconnect" "$TMPD/dis-badkey.out" && fail "dae: answered a request with a wrong key"
wait_log "$TMPD/dae.pnsd" "dropped: wrong Request Authenticator" 20 || fail "dae: bad key not dropped"
dae disconnect "dae-$SECRET" "Acct-Session-Id=0000000000000000" > "$TMPD/dis-none.out"
grep -q "Received Disconnect-NAK" "$TMPD/dis-none.out" && grep -q "Session-Context-Not-Found" "$TMPD/dis-none.out" ||
	{ cat "$TMPD/dis-none.out"; fail "dae: no NAK for an unknown session"; }
grep -q "IP up" "$TMPD/dae2.cli" && ! grep -q "PPP ended" "$TMPD/dae2.cli" || fail "dae: session ended too early"
dae disconnect "dae-$SECRET" "Acct-Session-Id=$sid" > "$TMPD/dis.out"
grep -q "Received Disconnect-ACK" "$TMPD/dis.out" || { cat "$TMPD/dis.out"; fail "dae: no Disconnect-ACK"; }
wait_log "$TMPD/dae2.cli" "PPP ended" 100 || fail "dae: Disconnect-Request did not end the session"
wait_log "$TMPD/r1.detail" "Acct-Terminate-Cause = Admin-Reset" 50 || fail "dae: no Stop with Admin-Reset"
stop_client
stop_pnsd
PASS=$((PASS + 1))
echo "ok dae: CoA Session-Timeout and Disconnect-Request (radclient) end sessions; wrong key dropped, unknown session NAKed"

# ---- failover: the first server does not answer, the second does ----
pnsd_config "$TMPD/failover.cfg" "group radius" "$((A1 + 2)) $A1" ms-chap-v2 "ppp encrypt mppe 128 required"
run_pnsd failover
case_up failover alice secret-Pass1 ms-chap-v2 128,required 128
grep -q "server 127.0.0.1:$((A1 + 2)) does not answer" "$TMPD/failover.pnsd" || fail "failover: first server not tried"
# show radius statistics and the metrics say the same: server 1 timed out (2 sends), server 2 accepted
ctl show radius statistics > "$TMPD/stats.out" || fail "show radius statistics"
awk '/^Server 1/ {s = 1} /^Server 2/ {s = 2}
     s == 1 && $1 == "Timeouts" && $2 == 1 {a++} s == 1 && $1 == "Retransmissions" && $2 == 1 {a++}
     s == 2 && $1 == "Accepts" && $2 == 1 {a++} s == 2 && $1 == "Requests" && $2 == 1 {a++}
     END {exit a == 4 ? 0 : 1}' "$TMPD/stats.out" || { cat "$TMPD/stats.out"; fail "failover: statistics"; }
ctl show metrics > "$TMPD/metrics.out" || fail "show metrics"
grep -q "^pnsd_radius_timeouts_total{server=\"127.0.0.1:$((A1 + 2)),$((A1 + 3))\",port=\"auth\"} 1$" "$TMPD/metrics.out" &&
grep -q "^pnsd_radius_accepts_total{server=\"127.0.0.1:$A1,$((A1 + 1))\",port=\"auth\"} 1$" "$TMPD/metrics.out" ||
	{ grep radius "$TMPD/metrics.out"; fail "failover: metrics"; }
stop_client
stop_pnsd

# ---- pnsd -W 2: a RADIUS client on each event loop, one listener for RFC 5176 ----
# Two control connections go to the two loops (least load first); each
# loop's PPP layer asks RADIUS itself, so each loop counts one Accept, and
# show radius statistics and the metrics must say 2 (loop 0's alone said 1).
DAE_PORT=$DAEP pnsd_config "$TMPD/workers.cfg" "group radius" "$A1" ms-chap-v2 "ppp encrypt mppe 128 required"
: > "$TMPD/r1.detail"
PNSD_TAG=workers
start_pnsd "$TMPD/workers.cfg" "$TMPD/workers.pnsd" -s "$TMPD/workers.sock" -W 2 || fail "workers: pnsd -W 2"
# a follow session (the terminal monitor's sink) is a connection of the
# main loop: loop 1's lines must reach it too
ctl debug radius --follow > "$TMPD/workers.follow" 2>&1 &
PIDS="$PIDS $!"
wait_log "$TMPD/workers.follow" "debugging is on" || fail "workers: the follow session"
start_client "$TMPD/workers.cli" -n 2 --user alice --password secret-Pass1 --auth ms-chap-v2 --mppe 128,required
both_up() { [ "$(grep -c "IP up" "$TMPD/workers.cli")" -ge 2 ]; }
wait_until "two sessions up" both_up || fail "workers: two sessions not up"
# Vi numbers are index+1 + k*loops (pns_ppp_new_loop): Vi1 on loop 0, Vi2 on loop 1
in_log "$TMPD/workers.pnsd" "IP up: interface=Vi1 " && in_log "$TMPD/workers.pnsd" "IP up: interface=Vi2 " ||
	fail "workers: the sessions are not on both loops: $(grep 'IP up' "$TMPD/workers.pnsd")"
wait_log "$TMPD/workers.follow" "IP up: interface=Vi2 " ||
	{ cat "$TMPD/workers.follow"; fail "workers: loop 1's lines do not reach the follow session"; }
[ "$(grep -c "Access-Accept id" "$TMPD/workers.follow")" -ge 2 ] ||
	{ cat "$TMPD/workers.follow"; fail "workers: both loops' RADIUS debug lines not in the follow session"; }
# each loop numbers its own sessions: the Acct-Session-Ids must differ all the same
two_starts() { [ "$(grep -c "Acct-Status-Type = Start" "$TMPD/r1.detail")" -ge 2 ]; }
wait_until "two accounting Starts" two_starts || fail "workers: no two Starts"
[ "$(grep 'Acct-Session-Id' "$TMPD/r1.detail" | sort -u | wc -l)" = 2 ] ||
	{ grep 'Acct-Session-Id' "$TMPD/r1.detail"; fail "workers: two sessions, one Acct-Session-Id"; }
ctl show radius statistics > "$TMPD/workers-stats.out" || fail "workers: show radius statistics"
awk '$1 == "Accepts" && $2 == 2 {a++} $1 == "Requests" && $2 == 2 {a++} /^Authentication: 2 through RADIUS/ {a++}
     END {exit a == 3 ? 0 : 1}' "$TMPD/workers-stats.out" || { cat "$TMPD/workers-stats.out"; fail "workers: statistics not summed over the loops"; }
ctl show metrics > "$TMPD/workers-metrics.out" || fail "workers: show metrics"
grep -q "^pnsd_radius_accepts_total{server=\"127.0.0.1:$A1,$((A1 + 1))\",port=\"auth\"} 2$" "$TMPD/workers-metrics.out" &&
grep -q "^pnsd_radius_auth_radius_total 2$" "$TMPD/workers-metrics.out" ||
	{ grep radius "$TMPD/workers-metrics.out"; fail "workers: metrics not summed over the loops"; }
# RFC 5176: the one listener (loop 0's) ends loop 1's session, NAKs a session no loop has
dae disconnect "dae-$SECRET" "NAS-Port=2" > "$TMPD/workers-dis.out"
grep -q "Received Disconnect-ACK" "$TMPD/workers-dis.out" ||
	{ cat "$TMPD/workers-dis.out"; fail "workers: no Disconnect-ACK for loop 1's session"; }
wait_log "$TMPD/workers.pnsd" "PPP ended: Disconnect-Request (admin): interface=Vi2 " ||
	fail "workers: the Disconnect-Request did not end Vi2 on loop 1"
in_log "$TMPD/workers.pnsd" "PPP ended: .*interface=Vi1 " && fail "workers: Vi1 ended too"
dae disconnect "dae-$SECRET" "NAS-Port=9" > "$TMPD/workers-nak.out"
grep -q "Received Disconnect-NAK" "$TMPD/workers-nak.out" ||
	{ cat "$TMPD/workers-nak.out"; fail "workers: no NAK for a session on no loop"; }
stop_client
stop_pnsd
PASS=$((PASS + 1))
echo "ok workers: pnsd -W 2, one session on each loop: distinct Acct-Session-Ids, show radius statistics and metrics count both, a follow session gets both loops' lines, Disconnect-Request ends loop 1's session"

# ---- no server at all: local fallback, and none without 'local' ----
radius_stop r1
pnsd_config "$TMPD/fallback.cfg" "group radius local" "$A1" ms-chap-v2 "ppp encrypt mppe 128 required" local
run_pnsd fallback
case_up fallback-local alice secret-Pass1 ms-chap-v2 128,required 128
stop_client
stop_pnsd
pnsd_config "$TMPD/noserver.cfg" "group radius" "$A1" ms-chap-v2 "ppp encrypt mppe 128 required" local
run_pnsd noserver
case_refused noserver alice secret-Pass1 ms-chap-v2 128,required "no server answered"
stop_pnsd

# ---- BlastRADIUS: a server that signs no response is not believed ----
RADIUS_NO_MA=1 radius_start r2 $((A1 + 2)) $((A1 + 3)) "$SECRET" || fail "FreeRADIUS r2"
pnsd_config "$TMPD/noma.cfg" "group radius" $((A1 + 2)) ms-chap-v2 "ppp encrypt mppe 128 required"
run_pnsd noma
case_refused noma alice secret-Pass1 ms-chap-v2 128,required "dropped: no Message-Authenticator"
ctl show radius statistics | awk '$1 == "Dropped" && $2 == 2 {ok = 1} END {exit !ok}' ||
	fail "noma: the two unsigned answers are not counted as dropped"
stop_pnsd
radius_stop r2

echo "test_radius: $PASS cases passed"
