#!/bin/bash
# BENCH ppp_setup where=pnsd: 200 sessions (10 tunnels x 20 calls) fully up
# (TCP, PPTP, LCP, MS-CHAPv2, IPCP, CCP/MPPE-128) against pnsd, per second.
#
# BENCH datapath: what a user gets through pnsd (software engine), both
# directions, closed loop. pptp-client --load (host/vaccess/client_load.h),
# in its own namespace and process, sends ICMP echo requests of SIZE bytes
# through N sessions to the server's tunnel address; the server namespace's
# kernel answers every one, so each packet crosses pnsd client->host
# (decrypted, written to the TUN) and its reply host->client (read from the
# TUN, encrypted): the same rate each way. The generator searches the
# highest offered rate at which at most loss_max (0.1%) of the requests got
# no reply; mbps/pps are that rate, EACH WAY (IP bytes). limit= says what
# ended the search: loss, or the generator (which shares the 2 cores with
# pnsd and does the same work per packet) could not send faster.
# Where the packets lost during the search were dropped (all trials of the
# search, not only the reported rate): lost_tun_queue = pnsd's TUN queue
# full (pnsd did not read it in time), lost_gre_srv / lost_gre_cli = the GRE
# socket buffer of pnsd / of the client full (with -W, pnsd's reader holds
# back on a worker's full hand-over ring, so a burst waits there too:
# docs/workers.md), lost_mppe = client-to-host packets pnsd's MPPE
# receivers dropped (mppe_rx_drops: late, duplicate, or a stateless
# receiver past its reach, docs/workers.md "What is left"),
# lost_other = the rest (inside pnsd or the client).
# Anchors in the same run: lib_mbps, the PPP library's data path alone
# (bench_ppp lib: sessions back to back in one process, both directions
# counted together, at most 1,000 sessions) and vs_lib = (2 x mbps) / lib_mbps;
# relay_mbps, the raw GRE relay of one session (bench_gre, one direction).
#
# BENCH datapath_tcp: TCP goodput through one session (iperf3 --bidir, both
# directions at once; pptp-client with a TUN device in the client namespace).
#
# threads=N: pnsd -T N, the software engine's crypto threads (1 = MPPE in
# pnsd's event loop; docs/ppp.md "Every core"); each thread count runs under
# the same conditions, one after the other, load= is the 1-minute load
# average when its search ended (the machine is shared).
#
# workers=N: pnsd -W N, N event loops (docs/workers.md), each with its own
# engine (-T threads each) and TUN; a loop owns whole tunnels, so the
# sessions come in N tunnels (one when there is one session). Each count of
# BENCH_WORKERS (default 1 2; sessions up to 100, the first thread count
# only) runs after the other under the same conditions.
#
# tun=write: one write() per packet to the TUN (pnsd's default); tun=uring:
# pnsd -U, the packets of a loop iteration in one io_uring submission
# (BENCH_TUN=uring).
#
# Knobs: BENCH_TUN (write), BENCH_SESSIONS (1 100 10000), BENCH_SIZES (64,576,1400),
# BENCH_MODES (stateless stateful), BENCH_TRIAL_MS (1000), BENCH_THREADS
# (1 2; sessions above 100 run with the first only), BENCH_WORKERS (1 2).
#   usage: bench_datapath.sh BINDIR BENCHDIR (build/bin: pnsd, pptp-client; build/bench: bench_ppp, bench_gre)
set -u
BIN="$(cd "$1" && pwd)"
BENCH="$(cd "$2" && pwd)"
HERE="$(cd "$(dirname "$0")/../integration" && pwd)"
. "$HERE/pptp_netns.sh"
netns_up || fail "network namespaces"
TUN_SRV=10.78.0.1
ip -n "$NS_S" addr add "$TUN_SRV/32" dev lo
SIZES="${BENCH_SIZES:-64,576,1400}"
TUN="${BENCH_TUN:-write}"
TUN_ARGS=
[ "$TUN" = uring ] && TUN_ARGS=-U
write_cfg() {   # write_cfg FILE stateless|stateful
	write_ppp_config "$1" 10.80.0.1 10.80.63.250 \
		mppe " ppp encrypt mppe 128 $( [ "$2" = stateful ] && echo stateful || echo required)" \
		group " pptp limit source half-open 2048
 pptp limit source tunnels 20000
 pptp limit source sessions 60000"
}
write_cfg "$TMPD/pnsd.cfg" stateless

# Session set-up through pnsd: 10 tunnels x 20 calls, each call LCP +
# MS-CHAPv2 + IPCP + CCP/MPPE-128 up (pptp-client's "pppsetup" line: from
# its start until the last session's IP is up, TCP/PPTP set-up included).
start_pnsd "$TMPD/pnsd.cfg" "$TMPD/pnsd.log" -s - || fail "pnsd"
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n 10 -m 20 -H -1 --user alice \
	--password secret-Pass1 --mppe 128 --no-tun > "$TMPD/setup.log" 2>&1 &
cpid=$!
PIDS="$PIDS $cpid"
wait_until "200 sessions up" in_log "$TMPD/setup.log" '^pppsetup ' || { tail -n 20 "$TMPD/setup.log"; fail "not all sessions came up"; }
sline=$(grep '^pppsetup ' "$TMPD/setup.log")
kill "$cpid"; wait "$cpid" 2>/dev/null
kill "$PNSD_PID"; wait "$PNSD_PID" 2>/dev/null
awk -v n="$(field sessions "$sline")" -v r="$(field sessions_per_s "$sline")" -v s="$(field seconds "$sline")" \
	'BEGIN { printf "BENCH ppp_setup where=pnsd sessions=%d sessions_per_s=%s ms=%.0f\n", n, r, s * 1000 }'

# ---- anchors: the raw GRE relay (one session, one direction) per size ----
declare -A RELAY
ip netns exec "$NS_S" "$BENCH/bench_gre" 1.5 > "$TMPD/gre.txt" || fail "bench_gre"
for size in ${SIZES//,/ }; do
	RELAY[$size]=$(awk -v z="$size" '$2 == "gre_relay" && $3 == "size=" z { sub("mbps=", "", $5); print $5 }' "$TMPD/gre.txt")
	[ -n "${RELAY[$size]}" ] || RELAY[$size]=na
done

# pnsd's system calls per packet during one size's load search (all its
# threads, perf's syscall tracepoints): syscalls_per_pkt = all of them /
# packets pnsd moved (requests sent + replies back, each crossed pnsd once);
# tun_write_per_pkt: write() calls per request (each request is written to
# the TUN; the crypto threads' event-fd signals are writes too),
# tun_uring_per_pkt: io_uring_enter() calls per request (tun=uring: the TUN
# writes of a loop iteration in one), tun_read_per_pkt: read() calls per
# reply (each reply is read from the TUN; so are the event fd's); na
# without perf.
PERF_PID=
perf_start() {   # perf_start CSV
	PERF_PID=
	command -v perf > /dev/null || return 0
	perf stat -x, -o "$1" -p "$PNSD_PID" -e raw_syscalls:sys_enter -e syscalls:sys_enter_write \
		-e syscalls:sys_enter_read -e syscalls:sys_enter_io_uring_enter > /dev/null 2>&1 &
	PERF_PID=$!
	PIDS="$PIDS $PERF_PID"
}
perf_stop() { [ -z "$PERF_PID" ] || { kill -INT "$PERF_PID"; wait "$PERF_PID" 2>/dev/null; }; }
perf_per_pkt() {   # after perf_stop: perf_per_pkt CSV LOADLOG SIZE: "syscalls_per_pkt=... tun_write_per_pkt=... tun_read_per_pkt=..."
	if [ -z "$PERF_PID" ]; then echo "syscalls_per_pkt=na"; return; fi
	awk -v z="$3" -v csv="$1" 'FILENAME == csv { split($0, c, ",")
			if (c[3] == "raw_syscalls:sys_enter") all = c[1]
			else if (c[3] == "syscalls:sys_enter_write") w = c[1]
			else if (c[3] == "syscalls:sys_enter_read") r = c[1]
			else if (c[3] == "syscalls:sys_enter_io_uring_enter") u = c[1]; next }
		$1 == "load_trial" && $2 == "size=" z { for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
			req += v["sent"]; rep += v["received"] + v["late"] }
		END { if (req + rep == 0 || all == "") { print "syscalls_per_pkt=na"; exit }
			printf "syscalls_per_pkt=%.2f tun_write_per_pkt=%.2f tun_uring_per_pkt=%.2f tun_read_per_pkt=%.2f", all / (req + rep), req ? w / req : 0, req ? u / req : 0, rep ? r / rep : 0 }' \
		"$1" "$2"
}

# drop counters of the places a packet can be lost between the two processes
tun_drops() { ip netns exec "$NS_S" sh -c 'cat /sys/class/net/pns*/statistics/tx_dropped 2>/dev/null' | awk '{ s += $1 } END { print s + 0 }'; }
raw_drops() { ip netns exec "$1" awk 'NR > 1 { s += $NF } END { print s + 0 }' /proc/net/raw; }
# and pnsd's own, from a status report (SIGUSR1) in its log PNSD_LOG:
# client-to-host packets its MPPE receivers dropped (late, duplicate, too
# many key changes, not decrypting to IP)
pnsd_drops() {
	pnsd_status "$PNSD_LOG" > /dev/null || { echo 0; return; }
	awk '/STATUS tunnels=/ { m = 0 }
		/STATUS ppp / { for (i = 1; i <= NF; i++) { split($i, kv, "=")
			if (kv[1] == "mppe_rx_drops") m += kv[2] } }
		END { print m + 0 }' "$PNSD_LOG"
}
snap() { echo "$(tun_drops) $(raw_drops "$NS_S") $(raw_drops "$NS_C") $(pnsd_drops)"; }

for mode in ${BENCH_MODES:-stateless stateful}; do
	[ -n "${BENCH_TCP_ONLY:-}" ] && break
	write_cfg "$TMPD/pnsd-$mode.cfg" "$mode"
	for sessions in ${BENCH_SESSIONS:-1 100 10000}; do
		if [ "$sessions" -le 100 ]; then tunnels=1 calls=$sessions rate=0
		else tunnels=$(( sessions / 50 )) calls=50 rate=4; fi
		# the library anchor first: nothing else of ours runs while it measures
		declare -A LIB
		for size in ${SIZES//,/ }; do
			LIB[$size]=$("$BENCH/bench_ppp" lib $(( sessions > 1000 ? 1000 : sessions )) "$size" "$mode")
		done
		THREADS_LIST="${BENCH_THREADS:-1 2}"
		[ "$sessions" -gt 100 ] && THREADS_LIST="${THREADS_LIST%% *}"
		for threads in $THREADS_LIST; do
		WORKERS_LIST="${BENCH_WORKERS:-1 2}"
		# -W N: sessions up to 100, with the first thread count only (-T is per loop)
		[ "$sessions" -gt 100 ] || [ "$threads" != "${THREADS_LIST%% *}" ] && WORKERS_LIST="${WORKERS_LIST%% *}"
		for workers in $WORKERS_LIST; do
			if [ "$sessions" -le 100 ] && [ "$workers" -gt 1 ] && [ "$sessions" -ge "$workers" ]; then
				tunnels=$workers calls=$(( sessions / workers ))
			elif [ "$sessions" -le 100 ]; then tunnels=1 calls=$sessions; fi
			log="$TMPD/load-$mode-$sessions-$threads-$workers.log"
			PNSD_LOG="$TMPD/pnsd-$mode-$sessions-$threads-$workers.log"
			start_pnsd "$TMPD/pnsd-$mode.cfg" "$PNSD_LOG" -s - -T "$threads" -W "$workers" $TUN_ARGS || fail "pnsd"
			# paced set-up (-r) for thousands: a burst of MS-CHAP exchanges on a loaded machine times some out
			ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n "$tunnels" -m "$calls" -r "$rate" -H -1 \
				--user alice --password secret-Pass1 --mppe 128 --load "$SIZES" \
				${BENCH_TRIAL_MS:+--load-trial-ms "$BENCH_TRIAL_MS"} > "$log" 2>&1 &
			cpid=$!
			PIDS="$PIDS $cpid"
			# all up, or one ended during set-up (on a loaded machine thousands of
			# MS-CHAP/IPCP exchanges can time out): then this line says so, the rest goes on
			setup_over() { in_log "$log" '^pppsetup ' || in_log "$log" 'PPP ended'; }
			WAIT_S=900 wait_until "$sessions sessions up" setup_over ||
				{ grep -v '^ppp vi' "$log" | tail -n 20; fail "not all $sessions sessions came up ($mode)"; }
			if ! in_log "$log" '^pppsetup '; then
				sleep 2     # let the failures show, for the reasons below
				echo "BENCH datapath engine=sw sessions=$sessions mode=$mode dir=both threads=$threads workers=$workers tun=$TUN result=setup_failed" \
				     "up=$(grep -c 'IP up' "$log") ended=$(grep -c 'PPP ended' "$log")" \
				     "first_reasons=$(grep 'PPP ended' "$log" | sed 's/.*PPP ended: //; s/ /_/g' | sort | uniq -c | sort -rn | head -n 3 | awk '{ print $2 ":" $1 }' | paste -sd,)"
				kill "$cpid"; wait "$cpid" 2>/dev/null
				kill "$PNSD_PID"; wait "$PNSD_PID" 2>/dev/null
				continue
			fi
			before=$(snap)
			for size in ${SIZES//,/ }; do
				perf_start "$TMPD/perf-$mode-$sessions-$threads-$workers-$size.csv"
				# the search's line, or every session ended (the generator then
				# says "load failed" and stops: waiting on would take WAIT_S)
				load_over() { in_log "$log" "^load size=$size " || in_log "$log" '^load failed'; }
				WAIT_S=900 wait_until "the load search at $size bytes" load_over ||
					{ tail -n 20 "$log"; fail "no load line ($mode, $sessions sessions, $size bytes)"; }
				perf_stop
				sc=$(perf_per_pkt "$TMPD/perf-$mode-$sessions-$threads-$workers-$size.csv" "$log" "$size")
				after=$(snap)
				if in_log "$log" '^load failed'; then
					# a line that says so, why (pnsd's reason), and where the
					# search had lost packets; the next configuration goes on
					# (lost_mppe: na, the ended sessions' counters are gone)
					set -- $before $after
					sleep 1     # pnsd's line may follow the client's
					why=$(grep -h 'PPP ended' "$PNSD_LOG" | head -n 1 | sed 's/.*PPP ended: /pnsd:/; s/: .*//; s/ /_/g')
					[ -n "$why" ] || why=$(grep -h 'PPP ended' "$log" | head -n 1 | sed 's/.*PPP ended: /client:/; s/: .*//; s/ /_/g')
					echo "BENCH datapath engine=sw sessions=$sessions size=$size mode=$mode dir=both threads=$threads workers=$workers tun=$TUN result=sessions_ended" \
					     "why=${why:-unknown} lost_tun_queue=$(( $5 - $1 )) lost_gre_srv=$(( $6 - $2 )) lost_gre_cli=$(( $7 - $3 ))" \
					     "lost_mppe=na load=$(cut -d' ' -f1 /proc/loadavg)"
					break
				fi
				lline=$(grep "^load size=$size " "$log")
				lost=$(awk -v z="$size" '$1 == "load_trial" && $2 == "size=" z {
					for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
					l += v["sent"] - v["received"] } END { print l + 0 }' "$log")
				set -- $before $after
				awk -v s="$sessions" -v z="$size" -v m="$mode" -v lib="${LIB[$size]}" -v relay="${RELAY[$size]}" \
				    -v pps="$(field pps "$lline")" -v loss="$(field loss "$lline")" -v lim="$(field limit "$lline")" \
				    -v lmax="$(field loss_max "$lline")" -v lost="$lost" -v tq=$(( $5 - $1 )) -v gs=$(( $6 - $2 )) \
				    -v gc=$(( $7 - $3 )) -v mp=$(( $8 - $4 )) -v th="$threads" -v wk="$workers" -v la="$(cut -d' ' -f1 /proc/loadavg)" -v sc="$sc" -v tun="$TUN" 'BEGIN {
					mbps = pps * z * 8 / 1e6
					other = lost - tq - gs - gc - mp; if (other < 0) other = 0
					vs = 0; if (lib > 0) vs = 2 * mbps / lib
					printf "BENCH datapath engine=sw sessions=%d size=%d mode=%s dir=both threads=%d workers=%d tun=%s mbps=%.1f pps=%.0f loss=%s loss_max=%s limit=%s vs_lib=%.2f lib_mbps=%s relay_mbps=%s lost_in_search=%d lost_tun_queue=%d lost_gre_srv=%d lost_gre_cli=%d lost_mppe=%d lost_other=%d %s load=%s\n",
					       s, z, m, th, wk, tun, mbps, pps, loss, lmax, lim, vs, lib, relay, lost, tq, gs, gc, mp, other, sc, la }'
				before=$after
			done
			kill "$cpid"; wait "$cpid" 2>/dev/null
			kill "$PNSD_PID"; wait "$PNSD_PID" 2>/dev/null
		done
		done
	done
done

# ---- TCP goodput through one session, both directions at once ----
# pptp-client with a TUN device (ppp0 in the client namespace, peer address
# 10.78.0.1); iperf3 --bidir from the client namespace to the server's
# tunnel address. Anchor in the same run: the same iperf3 over the bare veth
# between the two namespaces (no PPTP, no MPPE).
iperf_bidir() {   # iperf_bidir ADDR: "up_mbps down_mbps" (client->server, server->client)
	ip netns exec "$NS_C" iperf3 -c "$1" --bidir -t "${BENCH_TCP_S:-5}" -J > "$TMPD/iperf.json" 2>&1 ||
		{ tail -n 20 "$TMPD/iperf.json" >&2; return 1; }
	python3 -c 'import json, sys
e = json.load(open(sys.argv[1]))["end"]
print("%.1f %.1f" % (e["sum_received"]["bits_per_second"] / 1e6, e["sum_received_bidir_reverse"]["bits_per_second"] / 1e6))' "$TMPD/iperf.json"
}
for mode in ${BENCH_MODES:-stateless stateful}; do
for threads in ${BENCH_THREADS:-1 2}; do
	write_cfg "$TMPD/pnsd-$mode.cfg" "$mode"
	start_pnsd "$TMPD/pnsd-$mode.cfg" "$TMPD/pnsd-tcp-$mode-$threads.log" -s - -T "$threads" $TUN_ARGS || fail "pnsd"
	ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n 1 -m 1 -H -1 --user alice --password secret-Pass1 \
		--mppe 128 > "$TMPD/tcp-$mode.log" 2>&1 &
	cpid=$!
	PIDS="$PIDS $cpid"
	wait_until "the session's IP" in_log "$TMPD/tcp-$mode.log" "IP up" || { tail "$TMPD/tcp-$mode.log"; fail "no session"; }
	ip netns exec "$NS_S" iperf3 -s > "$TMPD/iperf-s.log" 2>&1 &
	PIDS="$PIDS $!"
	ipid=$!
	wait_until "iperf3 to listen" listening "$NS_S" 5201 || fail "iperf3 server"
	anchor=$(iperf_bidir "$SRV_IP") || fail "iperf3 over the veth"
	got=$(iperf_bidir 10.78.0.1) || fail "iperf3 through the session"
	set -- $got $anchor
	echo "BENCH datapath_tcp engine=sw sessions=1 mode=$mode dir=both threads=$threads tun=$TUN up_mbps=$1 down_mbps=$2 anchor=bare_veth_tcp anchor_up_mbps=$3 anchor_down_mbps=$4"
	kill "$ipid" "$cpid"; wait "$ipid" "$cpid" 2>/dev/null
	kill "$PNSD_PID"; wait "$PNSD_PID" 2>/dev/null
done
done
