#!/bin/bash
# Integration test of pnsd and pptp-client in two network namespaces joined
# by veth (created and removed here). Checks, on real sockets:
#   1. tunnels and calls come up; GRE data is sequenced and acknowledged on
#      the wire (tshark: PPTP/GRE dissected with no malformed packets, the
#      OCRP window is the configured one, acks reach the last sequence);
#   2. Call-Clear-Request and Stop-Control-Connection clean up everything;
#   3. hostile control traffic gets the RFC answers (pptp_hostile.py);
#   4. echo keepalive: answered while the peer lives, tears a dead
#      (stopped) peer down after echo + 20 s; a half-sent SCCRQ is closed
#      after the SCCRQ timeout;
#   5. 1,000 concurrent calls (100 tunnels x 10 calls).
# Usage: test_pptp.sh BIN_DIR
set -u
BIN="$(cd "$1" && pwd)"
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/pptp_netns.sh"

netns_up || fail "cannot create network namespaces"

# ---- 1 + 2a: data, capture, Call-Clear cleanup ----
RWS=8 ECHO_S=60 write_config "$TMPD/pnsd.cfg"
start_pnsd "$TMPD/pnsd.cfg" "$TMPD/pnsd.log" -d "vpdn event" || fail "pnsd"
tshark_start "$NS_S" "${PPTP_TAG}a" "$TMPD/cap.pcap" "$TMPD/tshark.log" "tcp port 1723 or ip proto 47 or icmp" ||
	fail "tshark did not start: $(cat "$TMPD/tshark.log")"

ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n 3 -m 2 -H 20 -w 5 --data 200 --count 50 --size 120 \
	-T clear > "$TMPD/client1.out" 2>&1 &
CPID=$!
PIDS="$PIDS $CPID"
all_received() {
	MID=$(pnsd_status "$TMPD/pnsd.log")
	# ack_owed=0: the last data's ack (a ZLB GRE_ACK_DELAY_MS later) is
	# sent, so the client, ended next, has it when it counts its acks
	n=$(last_status "$TMPD/pnsd.log" | grep -c "SESSION .*sr=50 .*peer_rws=5 rx_pkts=50 .*ooo=0 dup=0 lost=0 jump=0 no_upper=50 .*ack_owed=0")
	[ "$n" = 6 ]
}
wait_until "6 sessions with their 50 packets" all_received
kill -TERM "$CPID"    # end the hold: the client tears down (Call-Clear) now
wait $CPID || { cat "$TMPD/client1.out"; fail "client run 1 failed"; }
cat "$TMPD/client1.out"
grep -q "setup tunnels=3 tunnels_up=3 tunnels_failed=0 calls=6 calls_up=6" "$TMPD/client1.out" || fail "setup"
grep -q "data calls=6 tx_pkts=300 acked_calls=6" "$TMPD/client1.out" || fail "not every GRE packet acknowledged"
grep -q "cleared calls=6" "$TMPD/client1.out" || fail "Call-Clear-Request not answered with CDN"
[ "$(field tunnels "$MID")" = 3 ] && [ "$(field sessions "$MID")" = 6 ] || fail "server state mid-run: $MID"
# each server session received its 50 packets in order, no upper layer yet
[ "$n" = 6 ] || { grep SESSION "$TMPD/pnsd.log"; fail "server GRE receive state ($n/6 sessions right)"; }
[ "$(grep -c 'down: peer Call-Clear-Request' "$TMPD/pnsd.log")" = 6 ] || fail "server did not clear 6 calls"
END=$(pnsd_status "$TMPD/pnsd.log")
[ "$(field tunnels "$END")" = 0 ] && [ "$(field sessions "$END")" = 0 ] || fail "left over after clear: $END"
[ "$(field msgs_bad "$END")" = 0 ] || fail "bad messages counted: $END"
echo "ok   tunnels, calls, GRE data and Call-Clear cleanup"

tshark_stop "$TMPD/tshark.log" "$NS_C" "$SRV_IP" || fail "tshark did not see the end"
T="tshark -r $TMPD/cap.pcap"
malformed=$($T -Y "_ws.malformed || _ws.expert.severity >= error" 2>/dev/null | wc -l)
[ "$malformed" = 0 ] || { $T -Y "_ws.malformed || _ws.expert.severity >= error" | head; fail "tshark: $malformed malformed/error packets"; }
[ "$($T -Y 'pptp.type == 1' 2>/dev/null | wc -l)" -ge 20 ] || fail "tshark: PPTP messages not dissected"
for t in 1 2 7 8 12 13 3 4; do
	[ "$($T -Y "pptp.control_message_type == $t" 2>/dev/null | wc -l)" -ge 1 ] || fail "tshark: no PPTP message type $t"
done
$T -Y "pptp.control_message_type == 8" -T fields -e pptp.packet_receive_window_size 2>/dev/null | sort -u \
	| grep -qx 8 || fail "OCRP does not carry the configured receive window 8"
$T -Y "pptp.control_message_type == 7" -T fields -e pptp.packet_receive_window_size 2>/dev/null | sort -u \
	| grep -qx 5 || fail "OCRQ does not carry the client's window 5"
data=$($T -Y "gre && ip.src == $CLI_IP && gre.flags.sequence_number == 1" 2>/dev/null | wc -l)
[ "$data" = 300 ] || fail "tshark: $data GRE data packets from the client, expected 300"
# per call: client sequence numbers 0..49, the server's highest ack 49
for cid in $($T -Y "gre && ip.src == $CLI_IP" -T fields -e gre.key.call_id 2>/dev/null | sort -u); do
	seqs=$($T -Y "gre.key.call_id == $cid && gre.flags.sequence_number == 1" -T fields -e gre.sequence_number 2>/dev/null | tr '\n' ' ')
	[ "$seqs" = "$(seq -s ' ' 0 49) " ] || fail "call $cid: sequence numbers on the wire: $seqs"
done
zlb=$($T -Y "gre && ip.src == $SRV_IP && gre.flags.sequence_number == 0 && gre.flags.ack == 1" 2>/dev/null | wc -l)
maxack=$($T -Y "gre && ip.src == $SRV_IP" -T fields -e gre.ack_number 2>/dev/null | sort -n | tail -n 1)
[ "$zlb" -ge 6 ] && [ "$maxack" = 49 ] || fail "server acks on the wire: $zlb ack-only packets, highest ack $maxack"
echo "ok   wire: PPTP/GRE dissect cleanly, window 8 in OCRP and 5 in OCRQ (tracked as peer_rws), seq 0..49 per call, $zlb ZLB acks up to 49"

# ---- 2b: Stop-Control-Connection cleanup ----
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n 4 -m 3 -H 0 -T stop > "$TMPD/client2.out" 2>&1 \
	|| { cat "$TMPD/client2.out"; fail "client run 2"; }
grep -q "teardown mode=stop tunnels_down=4 calls_down=12" "$TMPD/client2.out" || { cat "$TMPD/client2.out"; fail "stop teardown"; }
END=$(pnsd_status "$TMPD/pnsd.log")
[ "$(field tunnels "$END")" = 0 ] && [ "$(field sessions "$END")" = 0 ] || fail "left over after StopCCRQ: $END"
n=$(grep -c "peer stops the control connection" "$TMPD/pnsd.log"); [ "$n" = 7 ] || { grep -i stop "$TMPD/pnsd.log"; fail "StopCCRQ seen $n times, expected 3 + 4"; }
# and a client that just closes TCP (as the Linux client does)
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n 2 -m 2 -H 0 -T close > "$TMPD/client3.out" 2>&1 || fail "client run 3"
# pnsd sees the TCP close when it sees it: wait for the state, not for a time
all_gone() { END=$(pnsd_status "$1"); [ "$(field tunnels "$END")" = 0 ] && [ "$(field sessions "$END")" = 0 ]; }
wait_until "pnsd to drop the closed tunnels" all_gone "$TMPD/pnsd.log"
[ "$(field tunnels "$END")" = 0 ] && [ "$(field sessions "$END")" = 0 ] || fail "left over after TCP close: $END"
echo "ok   Stop-Control-Connection and TCP close clean up"

# ---- 3: configuration check, reload, hostile input (ASan+UBSan pnsd) ----
"$BIN/pnsd" -t -f "$TMPD/pnsd.cfg" > /dev/null || fail "pnsd -t refused a good configuration"
sed 's/receive-window 8/receive-window 65/' "$TMPD/pnsd.cfg" > "$TMPD/bad.cfg"
"$BIN/pnsd" -t -f "$TMPD/bad.cfg" 2> "$TMPD/bad.err" && fail "pnsd -t accepted receive-window 65"
grep -q "bad.cfg:8:35: '65' is not a number in the range 1-64" "$TMPD/bad.err" || { cat "$TMPD/bad.err"; fail "error does not name line and column"; }
kill "$PNSD_PID"; wait "$PNSD_PID" 2>/dev/null
ASAN_BIN="$BIN/../asan/bin"
PNSD_BIN="$BIN"
[ -x "$ASAN_BIN/pnsd" ] && BIN="$(cd "$ASAN_BIN" && pwd)"
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
start_pnsd "$TMPD/pnsd.cfg" "$TMPD/pnsd-h.log" || fail "pnsd (hostile)"
BIN="$PNSD_BIN"
ip netns exec "$NS_C" python3 "$HERE/pptp_hostile.py" "$SRV_IP" || fail "hostile control traffic"
# forged GRE at two real calls: their data all in first (a flood racing the
# data would only measure the kernel's socket buffer on a busy machine), then
# 20,000 forged packets; the calls' sequence state does not move, every forged
# packet is counted, and the calls still end cleanly with everything acked
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n 1 -m 2 -H -1 --data 200 --count 100 -T stop \
	> "$TMPD/client-f.out" 2>&1 &
CPID=$!
PIDS="$PIDS $CPID"
calls_have_data() {
	st=$(pnsd_status "$TMPD/pnsd-h.log")
	n=$(last_status "$TMPD/pnsd-h.log" | grep -c 'SESSION .*sr=100 .*rx_pkts=100 ')
	[ "$n" = 2 ]
}
wait_until "both calls' 100 packets" calls_have_data || fail "real calls did not carry their data"
ip netns exec "$NS_C" python3 "$HERE/gre_flood.py" "$SRV_IP" 20000 || fail "GRE flood"
flood_counted() {
	calls_have_data
	# (about 10,000 of each were sent; the kernel may drop some on a busy machine)
	[ "$(field gre_no_session "$st")" -ge 2000 ] && [ "$(field gre_bad "$st")" -ge 2000 ]
}
wait_until "pnsd to count the forged GRE" flood_counted || fail "forged GRE not counted: $st"
calls_have_data || { grep SESSION "$TMPD/pnsd-h.log" | tail -n 4; fail "the flood moved the real calls' state"; }
kill -TERM "$CPID"
wait $CPID || { cat "$TMPD/client-f.out"; fail "client under GRE flood"; }
grep -q "data calls=2 tx_pkts=200 acked_calls=2" "$TMPD/client-f.out" || { cat "$TMPD/client-f.out"; fail "real calls disturbed by the flood"; }
wait_until "pnsd to clear the stopped calls" all_gone "$TMPD/pnsd-h.log"
kill -0 "$PNSD_PID" || fail "pnsd died"
[ "$(field tunnels "$END")" = 0 ] && [ "$(field sessions "$END")" = 0 ] || fail "left over after hostile run: $END"
[ "$(field icrq_refused "$END")" = 1 ] || fail "ICRQ not counted: $END"
# a bad file on SIGHUP is refused and the running configuration stays
cp "$TMPD/pnsd.cfg" "$TMPD/pnsd.cfg.orig"; cp "$TMPD/bad.cfg" "$TMPD/pnsd.cfg"
kill -HUP "$PNSD_PID"
wait_until "the reload" in_log "$TMPD/pnsd-h.log" "reload failed; the running configuration stays" || fail "bad reload not refused"
cp "$TMPD/pnsd.cfg.orig" "$TMPD/pnsd.cfg"
kill -HUP "$PNSD_PID"
wait_until "the reload" in_log "$TMPD/pnsd-h.log" "configuration reloaded" || fail "good reload not taken"
kill "$PNSD_PID"; wait "$PNSD_PID"; rc=$?
grep -E "ERROR: (Address|Leak)Sanitizer|runtime error" "$TMPD/pnsd-h.log" && fail "sanitizer report from pnsd"
[ "$rc" = 0 ] || { tail -20 "$TMPD/pnsd-h.log"; fail "pnsd exit status $rc"; }
echo "ok   hostile control traffic and forged GRE (sanitized pnsd): answered, counted, no leak, real calls intact"

# ---- 4: keepalive and timeouts ----
ECHO_S=1 RWS=16 write_config "$TMPD/pnsd-echo.cfg"
start_pnsd "$TMPD/pnsd-echo.cfg" "$TMPD/pnsd-e.log" -d "vpdn packet control" -d "vpdn event" || fail "pnsd (echo)"
# a live peer answers the echoes and stays
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n 1 -m 1 -H 3 -T stop > "$TMPD/client4.out" 2>&1 || fail "client run 4"
grep -q "O ECHORQ" "$TMPD/pnsd-e.log" && grep -q "I ECHORP" "$TMPD/pnsd-e.log" || fail "no echo exchange"
grep -q "echo timeout" "$TMPD/pnsd-e.log" && fail "live peer timed out"
# flow-control alarm on real sockets: the server stops acknowledging (frozen
# for longer than the 1500 ms static RTT), the sender's alarm goes off, and
# clears when acknowledgments resume
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n 1 -m 1 -H 8 --data 100 --count 400 -T stop \
	-d "vpdn event flow-control" > "$TMPD/client-a.out" 2>&1 &
CPID=$!
PIDS="$PIDS $CPID"
wait_until "the call to be up" in_log "$TMPD/client-a.out" "^setup" || fail "flow-alarm call"
# data flowing (50 of the 400 packets in) before pnsd freezes
data_flowing() { pnsd_status "$TMPD/pnsd-e.log" > /dev/null; last_status "$TMPD/pnsd-e.log" | grep -qE 'SESSION .* rx_pkts=([5-9][0-9]|[1-9][0-9][0-9]) '; }
wait_until "data on the call" data_flowing || fail "no data on the flow-alarm call"
# the stimulus, not a synchronisation: pnsd frozen for longer than the 1500 ms static RTT
kill -STOP "$PNSD_PID"; sleep 2.5; kill -CONT "$PNSD_PID"
wait $CPID || { cat "$TMPD/client-a.out"; fail "flow-alarm run"; }
grep -q "data calls=1 tx_pkts=400 acked_calls=1 .* flow_alarms=1" "$TMPD/client-a.out" || { cat "$TMPD/client-a.out"; fail "flow alarm not raised once"; }
grep -q "flow-control alarm set" "$TMPD/client-a.out" && grep -q "flow-control alarm clear" "$TMPD/client-a.out" \
	|| fail "flow alarm did not set and clear"
# a dead peer (stopped process: TCP stays up, nothing answers), and a slow
# sender that never completes its SCCRQ
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n 2 -m 2 -H -1 > "$TMPD/client5.out" 2>&1 &
DEAD=$!
PIDS="$PIDS $DEAD"
ip netns exec "$NS_C" python3 -c "
import socket, time
s = socket.create_connection(('$SRV_IP', 1723)); s.sendall(b'\x00\x9c\x00\x01\x1a\x2b'); time.sleep(30)" &
SLOW=$!
PIDS="$PIDS $SLOW"
wait_until "the calls to be up" in_log "$TMPD/client5.out" "^setup" || fail "dead-peer calls"
kill -STOP "$DEAD"
T0=$(date +%s)
st=""
echo_timed_out() { st=$(pnsd_status "$TMPD/pnsd-e.log"); [ "$(field echo_timeouts "$st")" = 2 ]; }
wait_until "the echo timeout" echo_timed_out
T1=$(date +%s)
kill -CONT "$DEAD"; kill "$DEAD" "$SLOW" 2>/dev/null
[ "$(field echo_timeouts "$st")" = 2 ] || fail "dead peer not torn down: $st"
[ "$(field sessions "$st")" = 0 ] || fail "sessions left after echo timeout: $st"
[ $((T1 - T0)) -ge 19 ] || fail "torn down after $((T1 - T0)) s, before the 20 s echo reply wait"
[ "$(field sccrq_timeouts "$st")" = 1 ] || fail "slow SCCRQ sender not closed: $st"
echo "ok   flow-control alarm set after the static RTT without acks, cleared when they resumed"
echo "ok   echo keepalive: live peer kept, dead peer torn down after $((T1 - T0)) s, slow sender closed"
kill "$PNSD_PID"; wait "$PNSD_PID" 2>/dev/null

# ---- 5: 1,000 concurrent calls ----
write_config "$TMPD/pnsd.cfg"
start_pnsd "$TMPD/pnsd.cfg" "$TMPD/pnsd-k.log" || fail "pnsd (1000)"
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n 100 -m 10 -H 2 --data 100 --count 5 -T stop \
	> "$TMPD/client6.out" 2>&1 &
CPID=$!
PIDS="$PIDS $CPID"
# the client prints its setup line once every call has its reply: all 1,000 exist now
wait_until "1,000 calls" in_log "$TMPD/client6.out" "^setup" || fail "1000-call setup"
MID=$(pnsd_status "$TMPD/pnsd-k.log")
wait $CPID || { cat "$TMPD/client6.out"; fail "1000-call run"; }
cat "$TMPD/client6.out"
[ "$(field tunnels "$MID")" = 100 ] && [ "$(field sessions "$MID")" = 1000 ] || fail "server during 1000 calls: $MID"
grep -q "calls_up=1000 calls_failed=0" "$TMPD/client6.out" || fail "not 1000 calls up"
grep -q "data calls=1000 tx_pkts=5000 acked_calls=1000" "$TMPD/client6.out" || fail "1000-call data not all acked"
END=$(pnsd_status "$TMPD/pnsd-k.log")
[ "$(field tunnels "$END")" = 0 ] && [ "$(field sessions "$END")" = 0 ] || fail "left over after 1000 calls: $END"
echo "ok   1,000 concurrent calls up, carried data, torn down"
echo "test_pptp: all passed"
