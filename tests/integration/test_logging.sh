#!/bin/bash
# pnsd's logging against real receivers (pnsd and pptp-client in network
# namespaces, tests/integration/pptp_netns.sh; root):
#   udp      `logging host A transport udp port P` + `logging facility local3`
#            + `logging trap notifications`: a UDP syslog receiver in the
#            server's namespace gets RFC 3164 datagrams <PRI>Mmm dd hh:mm:ss
#            HOST pnsd[PID]: with PRI = 19*8 + severity; the session's up and
#            down lines name interface, user, peer and cause; no info line
#            (above the trap level) arrives
#   local    `logging syslog PATH`: a unix datagram socket bound at PATH (as
#            /dev/log is) gets the same lines without the host name
#   reload   `no logging host` + SIGHUP: nothing more to the UDP receiver
#   stderr   wall-clock time on every line; with JOURNAL_STREAM naming
#            pnsd's stderr (as systemd sets it) every line starts with <N>,
#            and without it none does
#   config   bad facility / level / port refused at line:column; other IOS
#            logging commands get a notice; show running-config writes them back
#   usage: test_logging.sh BINDIR
set -u
BIN="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/pptp_netns.sh"
TUN_SRV=10.73.$(( $$ % 250 )).1
POOL_FIRST=10.72.$(( $$ % 250 )).10
UDP_PORT=$(( 20000 + $$ % 20000 ))

FAIL_LOGS="*.log *.out" FAIL_TAIL=20   # fail() shows their last lines
ok() { echo "ok $*"; }

netns_up || fail "network namespaces"
ip -n "$NS_S" addr add "$TUN_SRV/32" dev lo

config() {   # config FILE EXTRA_GLOBAL_LINES (from line 3, after alice's)
	write_ppp_config "$1" "$POOL_FIRST" "${POOL_FIRST%.*}.20" global "$2"
	chmod 600 "$1"
}

# ---- config: errors at line:column, notices, running-config ----
config "$TMPD/bad1.cfg" "logging facility local9"
"$BIN/pnsd" -t -f "$TMPD/bad1.cfg" > "$TMPD/bad1.out" 2>&1 && fail "facility local9 accepted"
grep -q "bad1.cfg:3:18: 'local9' is not a facility" "$TMPD/bad1.out" || fail "bad facility: $(cat "$TMPD/bad1.out")"
config "$TMPD/bad2.cfg" "logging trap loud"
"$BIN/pnsd" -t -f "$TMPD/bad2.cfg" > "$TMPD/bad2.out" 2>&1 && fail "trap loud accepted"
grep -q "bad2.cfg:3:14: 'loud' is not a level" "$TMPD/bad2.out" || fail "bad level: $(cat "$TMPD/bad2.out")"
config "$TMPD/bad3.cfg" "logging host 192.0.2.1 transport udp port 70000"
"$BIN/pnsd" -t -f "$TMPD/bad3.cfg" > "$TMPD/bad3.out" 2>&1 && fail "port 70000 accepted"
grep -q "bad3.cfg:3:43: '70000' is not a number in the range 1-65535" "$TMPD/bad3.out" || fail "bad port: $(cat "$TMPD/bad3.out")"
config "$TMPD/bad4.cfg" "logging host 192.0.2.1 transport tcp"
"$BIN/pnsd" -t -f "$TMPD/bad4.cfg" > "$TMPD/bad4.out" 2>&1 && fail "transport tcp accepted"
config "$TMPD/notice.cfg" "logging buffered 4096 debugging
no logging console"
"$BIN/pnsd" -t -f "$TMPD/notice.cfg" > "$TMPD/notice.out" 2>&1 || fail "logging buffered: $(cat "$TMPD/notice.out")"
[ "$(grep -c 'notice.cfg:[34]' "$TMPD/notice.out")" = 2 ] || fail "no notice for logging buffered/console: $(cat "$TMPD/notice.out")"
ok "config: bad facility, level, port and transport refused at line:column; other logging commands noticed"

# ---- receivers ----
ip netns exec "$NS_S" python3 "$HERE/syslog_recv.py" udp "$SRV_IP" "$UDP_PORT" "$TMPD/udp.rx" > "$TMPD/udp-ready.out" 2>&1 &
PIDS="$PIDS $!"
python3 "$HERE/syslog_recv.py" unix "$TMPD/devlog" "$TMPD/local.rx" > "$TMPD/local-ready.out" 2>&1 &
PIDS="$PIDS $!"
wait_log "$TMPD/udp-ready.out" ready || fail "UDP receiver"
wait_log "$TMPD/local-ready.out" ready || fail "unix receiver"
: > "$TMPD/udp.rx"; : > "$TMPD/local.rx"

config "$TMPD/pnsd.cfg" "logging host $SRV_IP transport udp port $UDP_PORT
logging facility local3
logging trap notifications
logging syslog $TMPD/devlog"
# running-config writes the logging lines back
"$BIN/pnsd" -t -f "$TMPD/pnsd.cfg" > "$TMPD/t.out" 2>&1 || fail "pnsd -t: $(cat "$TMPD/t.out")"

# pnsd's stderr is a file; JOURNAL_STREAM names it as systemd would
: > "$TMPD/pnsd.log"
JS="$(stat -c '%d:%i' "$TMPD/pnsd.log")"
JOURNAL_STREAM="$JS" start_pnsd "$TMPD/pnsd.cfg" "$TMPD/pnsd.log" -v || fail "pnsd"
PNSD=$PNSD_PID
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -H 1 --user alice --password secret-Pass1 \
	--auth ms-chap-v2 --mppe 128,required > "$TMPD/cli.log" 2>&1 || fail "pptp-client"
wait_log "$TMPD/pnsd.log" "PPP ended" || fail "no session end in pnsd's log"
wait_log "$TMPD/udp.rx" "PPP ended" || fail "no session end at the UDP receiver"
wait_log "$TMPD/local.rx" "PPP ended" || fail "no session end at the local socket"

# UDP: RFC 3164 header, local3 (19): notice 157, warning 156 ...; the host name
host=$(hostname | cut -d. -f1)
up=$(grep "IP up" "$TMPD/udp.rx")
echo "$up" | grep -Eq "^<157>[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} $host pnsd\[$PNSD\]: Vi[0-9]+: IP up: interface=Vi[0-9]+ user=alice peer=$CLI_IP address=$POOL_FIRST mppe=128-stateless$" ||
	fail "UDP session-up line: $up"
down=$(grep "PPP ended" "$TMPD/udp.rx")
echo "$down" | grep -Eq "^<157>.* pnsd\[$PNSD\]: Vi[0-9]+: PPP ended: .+: interface=Vi[0-9]+ user=alice peer=$CLI_IP seconds=[0-9]+$" ||
	fail "UDP session-down line: $down"
# trap notifications: pnsd logged info lines (-v) to stderr, none went to syslog
grep -q " info: " "$TMPD/pnsd.log" || fail "pnsd -v logged no info line to compare with"
grep -q '^<158>' "$TMPD/udp.rx" && fail "an info line passed logging trap notifications"
ok "udp: $(wc -l < "$TMPD/udp.rx") datagrams, <PRI> local3, host name, session lines: $(echo "$down" | sed 's/^.*: Vi/Vi/')"

# local socket: glibc's format, no host name
grep -Eq "^<157>[A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} pnsd\[$PNSD\]: Vi[0-9]+: IP up: interface=Vi[0-9]+ user=alice peer=$CLI_IP " "$TMPD/local.rx" ||
	fail "local session-up line: $(grep 'IP up' "$TMPD/local.rx")"
ok "local: $(wc -l < "$TMPD/local.rx") datagrams on the unix socket"

# stderr under "systemd": <N> then the wall-clock time
today=$(date +%Y-%m-%d)
bad=$(grep -Evc "^<[3-7]>pnsd $today|^<[3-7]>pnsd $(date -d tomorrow +%Y-%m-%d)" "$TMPD/pnsd.log")
[ "$bad" = 0 ] || fail "$bad stderr lines without <N> and the date: $(grep -Ev '^<[3-7]>pnsd ' "$TMPD/pnsd.log" | head -3)"
grep -Eq "^<5>pnsd [0-9-]{10}T[0-9:]{8}\.[0-9]{3}[+-][0-9]{4} notice: Vi[0-9]+: IP up: " "$TMPD/pnsd.log" || fail "stderr notice line"
grep -Eq "^<6>pnsd .* info: " "$TMPD/pnsd.log" || fail "stderr info line"
ok "stderr with JOURNAL_STREAM: every line <N> + wall-clock time"

# ---- reload: no logging host -> nothing more over UDP ----
config "$TMPD/pnsd.cfg" "logging syslog $TMPD/devlog"
n_udp=$(wc -l < "$TMPD/udp.rx")
kill -HUP "$PNSD"
wait_log "$TMPD/local.rx" "configuration reloaded" || fail "reload not logged to the local socket"
# a refused login: one line with the user it tried, the peer and why
ip netns exec "$NS_C" "$BIN/pptp-client" -s "$SRV_IP" -H -1 --user mallory --password wrong-pass \
	--auth ms-chap-v2 --mppe 128,required > "$TMPD/cli2.log" 2>&1 &
CLI2=$!
PIDS="$PIDS $CLI2"
wait_until "the refused session's line" in_log "$TMPD/local.rx" \
	"PPP ended: Authentication failed: interface=Vi[0-9]* user=mallory peer=$CLI_IP seconds=" ||
	fail "refused session not logged: $(grep 'PPP ended' "$TMPD/local.rx" | tail -n 1)"
kill "$CLI2" 2>/dev/null; wait "$CLI2" 2>/dev/null
[ "$(wc -l < "$TMPD/udp.rx")" = "$n_udp" ] || fail "UDP got lines after no logging host: $(tail -n 2 "$TMPD/udp.rx")"
ok "reload: logging host removed, the UDP receiver gets nothing more; refused login: $(grep 'PPP ended' "$TMPD/local.rx" | tail -n 1 | sed 's/^.*: Vi/Vi/')"
kill "$PNSD"; wait "$PNSD" 2>/dev/null

# ---- stderr without JOURNAL_STREAM: no <N>, wall-clock time ----
config "$TMPD/plain.cfg" ""
env -u JOURNAL_STREAM "$BIN/pnsd" -t -f "$TMPD/plain.cfg" > /dev/null 2>&1 || fail "plain config"
start_pnsd "$TMPD/plain.cfg" "$TMPD/plain.log" || fail "pnsd (plain)"
kill "$PNSD_PID"; wait "$PNSD_PID" 2>/dev/null
grep -q '^<' "$TMPD/plain.log" && fail "<N> without JOURNAL_STREAM: $(head -2 "$TMPD/plain.log")"
grep -Eq "^pnsd [0-9-]{10}T[0-9:]{8}\.[0-9]{3}[+-][0-9]{4} notice: .*listening on port" "$TMPD/plain.log" ||
	fail "plain stderr: $(head -3 "$TMPD/plain.log")"
ok "stderr without JOURNAL_STREAM: wall-clock time, no <N>"
echo "test_logging: all passed"
