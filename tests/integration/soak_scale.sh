#!/bin/bash
# make soak-scale: N sessions held up (MS-CHAPv2, MPPE-128 stateless) while
# CHURN sessions per second are set up and torn down, for DURATION seconds.
# The churn is one pptp-client per second (2 connections x CHURN/2 calls,
# hold 0 s: each call comes fully up, PPP included, then is cleared), at
# most 5 of them in flight; a churn client that exits non-zero is an error.
# Pass criteria, stated here and checked:
#   - at least 90% of the churn clients asked for started (DUR of them);
#   - every churn client exits 0 (all its sessions came up and went down);
#   - the held client keeps all N sessions (still listed by pnsd at the end);
#   - pnsd's failure counters (refused connections and calls, SCCRQ and
#     echo time-outs, GRE send errors; /metrics) stay at 0;
#   - after the churn, pnsd lists exactly N sessions (no session leaked);
#   - pnsd's resident memory is flat: VmRSS at the end grows < 2% over
#     VmRSS after the first 20% of the run (2 minutes of a 10 minute run;
#     the first minutes grow allocator pools to their working size).
# RSS is sampled every 10 s into build/soak-scale-rss.txt (seconds kB).
#   usage: soak_scale.sh BINDIR   env: SOAK_SESSIONS (10000),
#          SOAK_CHURN_PER_S (100), SOAK_SECONDS (600), SOAK_RSS_OUT (file),
#          SOAK_RSS_MAX_PCT (2)
set -u
BIN="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/pptp_netns.sh"
N=${SOAK_SESSIONS:-10000}
CHURN=${SOAK_CHURN_PER_S:-100}
DUR=${SOAK_SECONDS:-600}
RSS_OUT=${SOAK_RSS_OUT:-$TMPD/rss.txt}
RSS_MAX=${SOAK_RSS_MAX_PCT:-2}   # the smoke in make check (seconds, few sessions) allows more
M=50
netns_up || fail "network namespaces"
TUN_SRV=10.86.0.1
ip -n "$NS_S" addr add "$TUN_SRV/32" dev lo
SOCK="$TMPD/pnsd.sock"
write_ppp_config "$TMPD/pnsd.cfg" 10.87.0.1 10.87.255.254 group " pptp limit source half-open 2000
 pptp limit source tunnels 20000
 pptp limit source sessions 60000"
start_pnsd "$TMPD/pnsd.cfg" "$TMPD/pnsd.log" -s "$SOCK" || fail "pnsd"
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$PNSD_PID/status"; }
listed() { "$BIN/pnsctl" -s "$SOCK" show vpdn session all | grep -c "interface Vi"; }
PPP_ARGS=(--user alice --password secret-Pass1 --mppe 128,required --no-tun)

# the held sessions
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n $(( (N + M - 1) / M )) -m "$M" -r 4 -H -1 \
	"${PPP_ARGS[@]}" > "$TMPD/held.log" 2>&1 &
HELD=$!
PIDS="$PIDS $HELD"
held_up() { in_log "$TMPD/held.log" '^pppsetup ' || ! kill -0 "$HELD" 2>/dev/null; }
WAIT_S=900 wait_until "$N held sessions" held_up && in_log "$TMPD/held.log" '^pppsetup ' ||
	{ tail -n 5 "$TMPD/held.log"; fail "the held sessions did not all come up ($(grep -c 'IP up' "$TMPD/held.log") of $N)"; }
echo "soak: $N sessions up ($(grep '^pppsetup' "$TMPD/held.log")); churn $CHURN/s for $DUR s"

# the churn
: > "$RSS_OUT"
declare -A CH=()
errors=0 started=0 t0=$(date +%s) base=""
reap() {   # collect finished churn clients; count failures
	local p
	for p in "${!CH[@]}"; do
		kill -0 "$p" 2>/dev/null && continue
		wait "$p" || { errors=$(( errors + 1 )); echo "churn client ${CH[$p]} failed:"; tail -n 3 "$TMPD/churn-${CH[$p]}.log"; }
		rm -f "$TMPD/churn-${CH[$p]}.log"
		unset "CH[$p]"
	done
}
next=$t0
while :; do
	now=$(date +%s)
	el=$(( now - t0 ))
	[ "$el" -ge "$DUR" ] && break
	if [ "$now" -ge "$next" ]; then
		reap
		if [ "${#CH[@]}" -lt 5 ]; then
			started=$(( started + 1 ))
			ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n 2 -m $(( CHURN / 2 )) -H 0 \
				"${PPP_ARGS[@]}" > "$TMPD/churn-$started.log" 2>&1 &
			CH[$!]=$started
		fi
		next=$(( next + 1 ))
		if [ $(( el % 10 )) -eq 0 ]; then
			echo "$el $(rss_kb)" >> "$RSS_OUT"
			[ -z "$base" ] && [ "$el" -ge $(( DUR / 5 )) ] && base=$(rss_kb)
		fi
	fi
	kill -0 "$HELD" 2>/dev/null || fail "the held client died"
	kill -0 "$PNSD_PID" 2>/dev/null || fail "pnsd died"
	sleep 0.2
done
while [ "${#CH[@]}" -gt 0 ]; do reap; sleep 0.2; done
end=$(rss_kb)
[ -n "$base" ] || base=$end
echo "$(( $(date +%s) - t0 )) $end" >> "$RSS_OUT"
grep -q "IP up" "$TMPD/held.log" || fail "held log"
wait_until "pnsd to list the $N held sessions again" sh -c "[ \$('$BIN/pnsctl' -s '$SOCK' show vpdn session all | grep -c 'interface Vi') -eq $N ]" ||
	fail "pnsd lists $(listed) sessions after the churn, expected $N"
# pnsd's own failure counters stay at zero
bad=$("$BIN/pnsctl" -s "$SOCK" show metrics | awk '$1 ~ /^pnsd_(control_connections_refused|sccrq_timeouts|echo_timeouts|calls_refused|incoming_calls_refused|gre_send_errors)_total/ && $2 != 0')
[ -z "$bad" ] || fail "pnsd counted failures: $bad"
growth=$(awk -v a="$base" -v b="$end" 'BEGIN { printf "%.2f", (b - a) * 100 / a }')
echo "soak: $started churn clients ($(( started * CHURN )) set-ups and tear-downs, $(awk -v s="$started" -v d="$DUR" -v c="$CHURN" 'BEGIN { printf "%.1f", s * c / d }')/s), $errors failed; RSS at 20% $base kB, at end $end kB ($growth%)"
[ "$errors" -eq 0 ] || fail "$errors churn clients failed"
# the churn must have run at (nearly) the rate asked: at most 5 clients in
# flight, so a pnsd that falls behind shows here rather than passing idle
[ $(( started * 10 )) -ge $(( DUR * 9 )) ] || fail "only $started churn clients in $DUR s (asked: one a second)"
awk -v g="$growth" -v m="$RSS_MAX" 'BEGIN { exit !(g < m) }' || fail "pnsd RSS grew $growth% (>= $RSS_MAX%) after the first 20% of the run"
echo "soak-scale: PASS"
