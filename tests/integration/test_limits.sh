#!/bin/bash
# Per-source limits of pnsd (issue 13, fault 4), on real sockets in two
# network namespaces (created and removed here):
#   1. one address holding 2,100 idle connections (more than every
#      half-open slot of the server) does not lock out a second address,
#      and the refusals are logged a few lines at a time, not 2,000 lines;
#   2. configured per-source tunnel and session limits hold for one address
#      and leave another its own quota;
#   3. a peer that sends but never reads is dropped once its queued output
#      reaches the bound.
# Usage: test_limits.sh BIN_DIR
set -u
BIN="$(cd "$1" && pwd)"
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/pptp_netns.sh"
CLI_IP2="10.201.$(( $$ % 250 )).3"
FLOOD_PID=""
cleanup_flood() { [ -n "$FLOOD_PID" ] && kill "$FLOOD_PID" 2>/dev/null; exec 3>&- 2>/dev/null; true; }
trap 'cleanup_flood; netns_cleanup' EXIT

netns_up || fail "cannot create network namespaces"
ip -n "$NS_C" addr add "$CLI_IP2/24" dev "${PPTP_TAG}b"
# the second address answers once the kernel has it (no duplicate-address wait for IPv4)
ip netns exec "$NS_C" ping -c 1 -W 5 -I "$CLI_IP2" "$SRV_IP" > /dev/null || fail "second client address"

# wait_status LOG KEY MIN: until the server's STATUS line has KEY >= MIN
wait_status() {
	local st
	status_reached() { st=$(pnsd_status "$1"); [ "$(field "$2" "$st")" -ge "$3" ] 2>/dev/null; }
	wait_until "$2 >= $3" status_reached "$@" && return 0
	echo "last status: $st"; return 1
}

# ---- 1: one address takes every half-open slot it can ----
write_config "$TMPD/pnsd.cfg"
start_pnsd "$TMPD/pnsd.cfg" "$TMPD/pnsd.log" || fail "pnsd"
mkfifo "$TMPD/hold"
ip netns exec "$NS_C" python3 "$HERE/pptp_flood.py" idle "$SRV_IP" "$CLI_IP" 2100 < "$TMPD/hold" \
	> "$TMPD/flood.out" 2>&1 &
FLOOD_PID=$!
PIDS="$PIDS $FLOOD_PID"
exec 3> "$TMPD/hold"       # keeps the flood's stdin open: it holds its connections
flood_held() { grep -q "^held" "$TMPD/flood.out" || ! kill -0 "$FLOOD_PID"; }
wait_until "the flood to hold its connections" flood_held
grep -q "^held" "$TMPD/flood.out" || { cat "$TMPD/flood.out"; fail "flood did not connect"; }
wait_status "$TMPD/pnsd.log" accepted 2000 || fail "pnsd did not see the flood"
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -b "$CLI_IP2" -n 1 -m 1 -H 0 -T stop \
	> "$TMPD/second.out" 2>&1 || { cat "$TMPD/second.out"; tail -n 5 "$TMPD/pnsd.log"; fail "a second source was locked out by $(cat "$TMPD/flood.out") idle connections from $CLI_IP"; }
st=$(pnsd_status "$TMPD/pnsd.log")
lim=$(grep "STATUS limits" "$TMPD/pnsd.log" | tail -n 1)
refused=$(field refused_source "$lim")
lines=$(grep -c "refused: per-source limit" "$TMPD/pnsd.log")
[ "${refused:-0}" -ge 1000 ] || fail "per-source refusals: $lim"
# 5 lines per 10 s: a slow run may span a few periods, never one line per refusal
[ "$lines" -ge 1 ] && [ "$lines" -le 30 ] || fail "$lines refusal lines logged for $refused refusals"
echo "ok   $(sed 's/held //' "$TMPD/flood.out") idle connections from one address: $refused refused at its half-open limit ($lines log lines), a second address still gets a tunnel and a call"
exec 3>&-
wait "$FLOOD_PID" 2>/dev/null
FLOOD_PID=""

# ---- 2: configured tunnel and session limits per source ----
kill "$PNSD_PID"; wait "$PNSD_PID" 2>/dev/null
write_config "$TMPD/lim.cfg"
printf ' pptp limit source tunnels 3\n pptp limit source sessions 4\n pptp limit source half-open 8\n' >> "$TMPD/lim.cfg"
"$BIN/pnsd" -t -f "$TMPD/lim.cfg" > /dev/null || fail "pnsd -t refused the limit commands"
start_pnsd "$TMPD/lim.cfg" "$TMPD/pnsd2.log" || fail "pnsd (limits)"
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n 5 -m 1 -H -1 > "$TMPD/t5.out" 2>&1 &
CPID=$!
PIDS="$PIDS $CPID"
wait_until "the client's setup" in_log "$TMPD/t5.out" '^setup'
r=$(grep '^setup' "$TMPD/t5.out")
[ "$(field tunnels_up "$r")" = 3 ] && [ "$(field tunnels_failed "$r")" = 2 ] || fail "tunnel limit 3: $r"
# the other address has its own quota while the first holds its three
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -b "$CLI_IP2" -n 2 -m 2 -H 0 -T stop > "$TMPD/o.out" 2>&1 \
	|| { cat "$TMPD/o.out"; fail "second address refused while the first is at its limit"; }
kill "$CPID"; wait "$CPID" 2>/dev/null
no_tunnels() { [ "$(field tunnels "$(pnsd_status "$TMPD/pnsd2.log")")" = 0 ]; }
wait_until "the tunnels to go" no_tunnels
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -n 2 -m 3 -H 0 -T stop > "$TMPD/s.out" 2>&1
r=$(grep '^setup' "$TMPD/s.out")
[ "$(field calls_up "$r")" = 4 ] || { cat "$TMPD/s.out"; fail "session limit 4: $r"; }
grep -q "OCRQ refused: per-source session limit" "$TMPD/pnsd2.log" || fail "no log line for the refused calls"
echo "ok   'pptp limit source tunnels 3' and 'sessions 4' hold for one address, not for another"

# ---- 3: a peer that never reads ----
ip netns exec "$NS_C" timeout 120 python3 "$HERE/pptp_flood.py" deaf "$SRV_IP" "$CLI_IP" > "$TMPD/deaf.out" 2>&1 \
	|| { cat "$TMPD/deaf.out"; fail "a peer that never reads kept its tunnel"; }
pnsd_status "$TMPD/pnsd2.log" > /dev/null
lim=$(grep "STATUS limits" "$TMPD/pnsd2.log" | tail -n 1)
[ "$(field output_overflow "$lim")" -ge 1 ] || fail "no output overflow counted: $lim"
echo "ok   a peer that does not read is dropped at the output bound ($(cat "$TMPD/deaf.out"))"
kill -0 "$PNSD_PID" || fail "pnsd died"
echo "test_limits: all passed"
