#!/bin/bash
# Session limits of the virtual template and of users, end to end: pnsd and
# pptp-client in two network namespaces (tests/integration/pptp_netns.sh),
# real GRE and TUN, software MPPE. Each case configures one limit and checks
# that pnsd enforces it with the reason it gives:
#   idle      ppp timeout idle 2: a session without traffic ends ("Idle timeout")
#   absolute  timeout absolute 0 3: a session ends 3 s after it started, traffic or not
#   tmpl      session-limit 1 on the template: the second call is refused
#   user      username alice session-limit 1: her second session is refused, bob's is not
#   static    username alice address A: her session gets A (outside every pool), ping works
#   mtu       ip mtu 1300, then mtu 1304 (the MRU; MPPE takes 4): the client's TUN
#             and pnsd's route carry 1300, a SYN with MSS 1460 sent to the client
#             arrives with 1260
#   ipv6cp    ipv6 enable + pptp-client --ipv6: IPV6CP Opened, identifiers non-zero and
#             distinct; either end without it: Protocol-Reject, IPv4 unaffected
#   usage: test_session.sh BINDIR
set -u
BIN="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/pptp_netns.sh"
TUN_SRV=10.76.$(( $$ % 250 )).1
POOL_FIRST=10.75.$(( $$ % 250 )).10
STATIC=10.74.$(( $$ % 250 )).5
PASS=0

FAIL_LOGS="*.pnsd *.cli"   # fail() shows their last lines

netns_up || fail "network namespaces"
ip -n "$NS_S" addr add "$TUN_SRV/32" dev lo

# session_config FILE TEMPLATE_LINES USER_LINES
session_config() {
	write_ppp_config "$1" "$POOL_FIRST" "${POOL_FIRST%.*}.20" group " local name test_pns" \
		user "username bob password 0 secret-Pass2" user "$3" template "$2"
}

count_in() { grep -c -- "$2" "$1" 2>/dev/null; }
ok() { PASS=$((PASS + 1)); echo "ok $*"; }

# pnsd -t must accept every line written here, and show running-config writes them back
tag=parse
session_config "$TMPD/$tag.cfg" " ppp timeout idle 30 inbound
 timeout absolute 90 30
 session-limit 7" "username alice address $STATIC
username alice session-limit 2"
"$BIN/pnsd" -t -f "$TMPD/$tag.cfg" > "$TMPD/$tag.out" 2>&1 || fail "$tag: pnsd -t: $(cat "$TMPD/$tag.out")"
session_config "$TMPD/$tag-bad.cfg" "" "username alice address ${POOL_FIRST%.*}.12"
"$BIN/pnsd" -t -f "$TMPD/$tag-bad.cfg" > "$TMPD/$tag-bad.out" 2>&1 && fail "$tag: a static address inside a pool was accepted"
grep -q "inside ip local pool default" "$TMPD/$tag-bad.out" || fail "$tag: $(cat "$TMPD/$tag-bad.out")"
ok "$tag: pnsd -t accepts the limits, refuses a static address inside a pool"

# idle: no traffic after IP up; ends within idle + a quarter (the check runs 4 times per period)
tag=idle
session_config "$TMPD/$tag.cfg" " ppp timeout idle 2" ""
start_pnsd "$TMPD/$tag.cfg" "$TMPD/$tag.pnsd" || fail "$tag: pnsd"
start_client "$TMPD/$tag.cli" --user alice --password secret-Pass1 --mppe 128
wait_log "$TMPD/$tag.cli" "IP up" || fail "$tag: no IP up"
wait_log "$TMPD/$tag.pnsd" "PPP ended: Idle timeout" || fail "$tag: the idle session was not ended"
wait_log "$TMPD/$tag.cli" "PPP ended" || fail "$tag: the client did not see the end"
stop_all
ok "$tag: ended by ppp timeout idle 2"

# absolute: pings every 0.2 s keep the session busy; it still ends at 3 s
tag=absolute
session_config "$TMPD/$tag.cfg" " timeout absolute 0 3
 ppp timeout idle 60" ""
start_pnsd "$TMPD/$tag.cfg" "$TMPD/$tag.pnsd" || fail "$tag: pnsd"
start_client "$TMPD/$tag.cli" --user alice --password secret-Pass1 --mppe 128
wait_log "$TMPD/$tag.cli" "IP up" || fail "$tag: no IP up"
ip netns exec "$NS_C" ping -i 0.2 -W 1 "$TUN_SRV" > "$TMPD/$tag.ping" 2>&1 &
PING_PID=$!
PIDS="$PIDS $PING_PID"
wait_log "$TMPD/$tag.pnsd" "PPP ended: Session timeout" || fail "$tag: the session was not ended"
kill "$PING_PID" 2>/dev/null; wait "$PING_PID" 2>/dev/null
grep -q "bytes from $TUN_SRV" "$TMPD/$tag.ping" || fail "$tag: no ping got through before the end"
stop_all
ok "$tag: ended by timeout absolute 0 3 while pings flowed"

# tmpl: session-limit 1 on the template, two calls: one up, one refused
tag=tmpl
session_config "$TMPD/$tag.cfg" " session-limit 1" ""
start_pnsd "$TMPD/$tag.cfg" "$TMPD/$tag.pnsd" || fail "$tag: pnsd"
start_client "$TMPD/$tag.cli" --user alice --password secret-Pass1 --mppe 128 -m 2
wait_log "$TMPD/$tag.cli" "IP up" || fail "$tag: no IP up"
wait_log "$TMPD/$tag.pnsd" "session-limit 1 reached" || fail "$tag: the second call was not refused"
[ "$(count_in "$TMPD/$tag.pnsd" "IP up")" -eq 1 ] || fail "$tag: $(count_in "$TMPD/$tag.pnsd" "IP up") sessions up"
stop_all
ok "$tag: Virtual-Template session-limit 1 refused the second call"

# user: alice limited to 1, two sessions of hers; bob's session alongside is fine
tag=user
session_config "$TMPD/$tag.cfg" "" "username alice session-limit 1"
start_pnsd "$TMPD/$tag.cfg" "$TMPD/$tag.pnsd" || fail "$tag: pnsd"
start_client "$TMPD/$tag.cli" --user alice --password secret-Pass1 --mppe 128 -m 2
CLIENT_PIDS="$CLIENT_PID"
wait_log "$TMPD/$tag.pnsd" "PPP ended: Session limit reached" || fail "$tag: alice's second session was not refused"
start_client "$TMPD/$tag-bob.cli" --user bob --password secret-Pass2 --mppe 128
CLIENT_PIDS="$CLIENT_PIDS $CLIENT_PID"
wait_log "$TMPD/$tag-bob.cli" "IP up" || fail "$tag: bob's session did not come up"
[ "$(count_in "$TMPD/$tag.pnsd" "IP up")" -eq 2 ] || fail "$tag: $(count_in "$TMPD/$tag.pnsd" "IP up") sessions up, expected alice's first and bob's"
stop_all
ok "$tag: username alice session-limit 1 refused her second session, not bob's"

# static: alice always gets her address, outside the pool; ping both ways
tag=static
session_config "$TMPD/$tag.cfg" "" "username alice address $STATIC"
start_pnsd "$TMPD/$tag.cfg" "$TMPD/$tag.pnsd" || fail "$tag: pnsd"
start_client "$TMPD/$tag.cli" --user alice --password secret-Pass1 --mppe 128
wait_log "$TMPD/$tag.cli" "IP up" || fail "$tag: no IP up"
grep -q "IP up, address $STATIC " "$TMPD/$tag.cli" || fail "$tag: $(grep "IP up" "$TMPD/$tag.cli")"
ip netns exec "$NS_C" ping -c 2 -i 0.2 -W 5 "$TUN_SRV" > /dev/null 2>&1 || fail "$tag: ping client->server"
ip netns exec "$NS_S" ping -c 2 -i 0.2 -W 5 "$STATIC" > /dev/null 2>&1 || fail "$tag: ping server->$STATIC"
stop_all
ok "$tag: username alice address $STATIC given, pings both ways"

# mtu: ip mtu 1300 on the template (MPPE: pnsd asks for MRU 1304), then the
# MRU itself, mtu 1304 (IP packets of 1300 once MPPE's 4 octets are taken)
for mtu_line in "ip mtu 1300" "mtu 1304"; do
tag="mtu-${mtu_line// /-}"
session_config "$TMPD/$tag.cfg" " $mtu_line" ""
start_pnsd "$TMPD/$tag.cfg" "$TMPD/$tag.pnsd" || fail "$tag: pnsd"
start_client "$TMPD/$tag.cli" --user alice --password secret-Pass1 --mppe 128
wait_log "$TMPD/$tag.cli" "IP up" || fail "$tag: no IP up"
line=$(grep "IP up" "$TMPD/$tag.cli" | head -n 1)
addr=$(echo "$line" | sed -n 's/.*address \([0-9.]*\) on \([^,]*\),.*/\1/p')
ctun=$(echo "$line" | sed -n 's/.*address \([0-9.]*\) on \([^,]*\),.*/\2/p')
[ -n "$addr" ] && [ -n "$ctun" ] || fail "$tag: $line"
ip -n "$NS_C" link show "$ctun" | grep -q "mtu 1300 " || fail "$tag: client TUN: $(ip -n "$NS_C" link show "$ctun")"
ip -n "$NS_S" route get "$addr" | grep -q "mtu 1300" || fail "$tag: pnsd's route: $(ip -n "$NS_S" route get "$addr")"
ip netns exec "$NS_S" ping -c 1 -W 5 -M do -s 1272 "$addr" > /dev/null 2>&1 || fail "$tag: a 1300-byte ping did not pass"
ip netns exec "$NS_C" python3 -u "$HERE/mss_probe.py" catch "$ctun" 5555 > "$TMPD/$tag.catch" 2>&1 &
PIDS="$PIDS $!"
wait_log "$TMPD/$tag.catch" ready || fail "$tag: catcher"
ip netns exec "$NS_S" python3 "$HERE/mss_probe.py" send "$TUN_SRV" "$addr" 5555 1460 || fail "$tag: send"
wait_log "$TMPD/$tag.catch" "mss=" || fail "$tag: $(cat "$TMPD/$tag.catch")"
grep -q "mss=1260" "$TMPD/$tag.catch" || fail "$tag: SYN arrived with $(cat "$TMPD/$tag.catch"), want mss=1260"
stop_all
ok "$tag: $mtu_line: TUN and route 1300, DF ping of 1300 passes, MSS 1460 clamped to 1260"
done

# ipv6cp: RFC 5072 Interface-Identifiers with pptp-client --ipv6
tag=ipv6cp
for v in both server client; do
	session_config "$TMPD/$tag-$v.cfg" "$([ $v != client ] && echo " ipv6 enable")" ""
	start_pnsd "$TMPD/$tag-$v.cfg" "$TMPD/$tag-$v.pnsd" || fail "$tag-$v: pnsd"
	start_client "$TMPD/$tag-$v.cli" --user alice --password secret-Pass1 --mppe 128 $([ $v != server ] && echo --ipv6)
	wait_log "$TMPD/$tag-$v.cli" "IP up" || fail "$tag-$v: no IP up"
	if [ $v = both ]; then
		v6_open() { client_report "$TMPD/$tag-$v.cli" | grep -q "ipv6cp=Opened"; }
		wait_until "IPV6CP Opened" v6_open || fail "$tag: $(client_report "$TMPD/$tag-$v.cli")"
		line=$(client_report "$TMPD/$tag-$v.cli")
		l=$(field iid_local "$line"); r=$(field iid_peer "$line")
		[ -n "$l" ] && [ -n "$r" ] && [ "$l" != "$r" ] && [ "$l" != 0000000000000000 ] &&
			[ "$r" != 0000000000000000 ] || fail "$tag: identifiers: $line"
	else
		# the end without IPV6CP rejects it: the other's IPV6CP stops, IPv4 goes on
		wait_log "$TMPD/$tag-$v.pnsd" "IP up" || fail "$tag-$v: pnsd saw no IP up"
		ip netns exec "$NS_C" ping -c 2 -i 0.2 -W 5 "$TUN_SRV" > /dev/null 2>&1 || fail "$tag-$v: ping"
		line=$(client_report "$TMPD/$tag-$v.cli")
		echo "$line" | grep -q "ipv6cp=Opened" && fail "$tag-$v: IPV6CP opened with one end only: $line"
	fi
	stop_all
done
ok "$tag: IPV6CP Opened with identifiers $l/$r; one end without it: IPv4 only"

echo "test_session: all $PASS cases passed"
