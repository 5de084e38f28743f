#!/bin/sh
# /init of the interop guest: the stock Debian PPTP client (pppd 2.4.9 +
# pptp-linux 1.10.0 + the kernel's ppp_mppe) run the way Debian's
# /etc/ppp/options.pptp sets it up, one case after another. The host
# (interop.py) answers on a control port of the test link, outside the
# tunnel: "next" gives the next case as shell assignments, other requests
# ask the host to act (clear the tunnel, drop packets, look at pnsd). Each
# case ends with one "GUEST-RESULT case=... key=value ..." line.
. /lib/guest.sh
guest_setup
SRV=192.0.2.1
SRV_TUN=198.51.100.1     # the server's tunnel address (ip unnumbered Loopback0)
INSIDE=203.0.113.2      # a host behind the server
SRV6=2001:db8:ffff::1   # pnsd's namespace, and the inside host, by IPv6
INSIDE6=2001:db8:ffff::2
CTL=7000
ip link set eth0 up
ip addr add 192.0.2.2/24 dev eth0
mkdir -p /etc/ppp /var/run/pptp /var/lock
ln -sf /bin/busybox /bin/ip      # pptp runs /bin/ip for its route to the server

# ip-up: the tunnel is up; the inside network is reached through it.
cat > /etc/ppp/ip-up <<'EOF'
#!/bin/sh
ip route add 203.0.113.0/24 dev "$1"
echo "$1 $4 $5" > /tmp/ipup
EOF
chmod 755 /etc/ppp/ip-up

ctl() { echo "$*" | nc "$SRV" "$CTL" 2>/dev/null; }
now() { read -r up _ < /proc/uptime; echo "$up"; }
ms_between() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "") print "na"; else printf "%d", (b - a) * 1000 }'; }
# The uptime stamp of the first line of the pppd log matching a pattern.
t_of() { grep -m1 -F "$1" /tmp/pppd.log | cut -d' ' -f1; }

n=0
while [ "$(ctl hello)" != ok ]; do      # the host's control port: wait until it answers
    n=$((n + 1)); [ $n -lt 600 ] || { guest_result "case=setup status=fail reason=no-control-port"; guest_done; }   # 120 s
    sleep 0.2
done

pppd_running() { ! grep -q '^[0-9.]* EXIT ' /tmp/pppd.log; }
wait_pppd_exit() {      # tenths of a second
    n=0
    while pppd_running && [ $n -lt "$1" ]; do sleep 0.1; n=$((n + 1)); done
    ! pppd_running
}

start_pppd() {
    rm -f /tmp/ipup /tmp/pppd.log
    T0=$(now)
    # Debian's options.pptp: MS-CHAPv2 is what the refusals leave (v1 cases
    # allow MS-CHAP instead), MPPE as the case says, no other compression.
    # shellcheck disable=SC2086
    { pppd pty "pptp $SRV --nolaunchpppd" name "$USER" password "$PASS" remotename pns \
        noauth refuse-pap refuse-chap refuse-eap $OPTS nobsdcomp nodeflate noipdefault \
        nodefaultroute nodetach debug logfd 1 maxfail 1 2>&1; echo "EXIT $?"; } |
        while IFS= read -r l; do read -r up _ < /proc/uptime; echo "$up $l"; done > /tmp/pppd.log &
    n=0
    # bounded at 120 s: a TCG guest on a loaded machine is slow, not broken
    while [ ! -f /tmp/ipup ] && pppd_running && [ $n -lt 1200 ]; do sleep 0.1; n=$((n + 1)); done
}

# ping_count DEST COUNT SIZE [WAIT]: "received/sent". One echo at a time,
# each waiting up to WAIT s (default 10) for its reply: busybox ping -c N
# gives the last reply only twice the largest RTT, too little for a TCG
# guest on a busy machine.
ping_count() {
    ok=0; i=0
    while [ $i -lt "$2" ]; do
        ping -c 1 -s "$3" -W "${4:-10}" "$1" > /dev/null 2>&1 && ok=$((ok + 1))
        i=$((i + 1))
    done
    echo "$ok/$2"
}

stop_pppd() {
    pid=$(pidof pppd)
    [ -n "$pid" ] && kill "$pid"
    wait_pppd_exit 150 || { kill -9 $(pidof pppd) $(pidof pptp) 2>/dev/null; wait_pppd_exit 50; }
}

while :; do
    CASE=end
    eval "$(ctl next)"
    [ "$CASE" = end ] && break
    start_pppd
    R="case=$CASE"
    if [ -f /tmp/ipup ]; then
        set -- $(cat /tmp/ipup)
        R="$R status=up iface=$1 local=$2 remote=$3"
        mppe=$(sed -n 's/.*MPPE \([0-9]*\)-bit \([a-z]*\) compression enabled.*/\1,\2/p' /tmp/pppd.log | head -n 1)
        R="$R mppe=${mppe:-none}"
        t_auth=$(t_of "CHAP authentication succeeded")
        t_ip=$(t_of "local  IP address")
        R="$R connect_ms=$(ms_between "$T0" "$t_ip") auth_to_ip_ms=$(ms_between "$t_auth" "$t_ip")"
        # IPV6CP (+ipv6): the link-local addresses pppd reports
        ll=$(sed -n 's/.*local  LL address \(fe80::[0-9a-f:]*\).*/\1/p' /tmp/pppd.log | head -n 1)
        [ -n "$ll" ] && R="$R ll_local=$ll"
        ll=$(sed -n 's/.*remote LL address \(fe80::[0-9a-f:]*\).*/\1/p' /tmp/pppd.log | head -n 1)
        [ -n "$ll" ] && R="$R ll_remote=$ll"
        for a in $ACTIONS; do
            case "$a" in
            v6)
                # IPv6: ppp0's global address comes from pnsd's Router
                # Advertisement (SLAAC with the identifier IPV6CP gave,
                # RFC 5072 with RFC 4862), the default route with it. The
                # kernel takes RAs: accept_ra=1 and forwarding off (the
                # values are reported). Waits up to 60 s: the RA is sent at
                # IPV6CP up and answers ppp0's Router Solicitation.
                ifc=$(cut -d' ' -f1 /tmp/ipup)
                R="$R accept_ra=$(cat /proc/sys/net/ipv6/conf/$ifc/accept_ra) fwd6=$(cat /proc/sys/net/ipv6/conf/$ifc/forwarding)"
                R="$R ppp_mtu=$(cat /sys/class/net/$ifc/mtu)"
                g6=""; n=0
                while [ -z "$g6" ] && [ $n -lt 600 ]; do
                    g6=$(awk -v i="$ifc" '$6 == i && $4 == "00" { print $1; exit }' /proc/net/if_inet6)
                    [ -n "$g6" ] || { sleep 0.1; n=$((n + 1)); }
                done
                g6=$(echo "$g6" | sed 's/\(....\)/\1:/g; s/:$//')
                R="$R slaac=${g6:-none}"
                defr=$(ip -6 route show default 2>/dev/null | grep -c "dev $ifc")
                R="$R v6_default_route=$defr"
                if [ -n "$g6" ]; then
                    ok=0
                    for _ in 1 2; do ping6 -c 1 -s 1200 -W 10 "$SRV6" > /dev/null 2>&1 && ok=$((ok + 1)); done
                    R="$R ping6_server=$ok/2 ping6_from_server=$(ctl "ping6 $g6")"
                    dd if=/dev/urandom of=/tmp/up bs=1024 count=1024 2>/dev/null
                    want=$(sha256sum /tmp/up | cut -d' ' -f1)
                    got=$(nc -w 30 "$INSIDE6" 8081 < /tmp/up 2>/dev/null)
                    [ "$got" = "$want" ] && R="$R tcp6_up=ok" || R="$R tcp6_up=bad"
                    rm -f /tmp/down
                    nc -w 30 "$INSIDE6" 8082 < /dev/null > /tmp/down 2>/dev/null
                    want=$(nc -w 30 "$INSIDE6" 8083 < /dev/null 2>/dev/null)
                    got=$(sha256sum /tmp/down 2>/dev/null | cut -d' ' -f1)
                    [ -n "$want" ] && [ "$got" = "$want" ] && [ "$(wc -c < /tmp/down)" = 1048576 ] \
                        && R="$R tcp6_down=ok" || R="$R tcp6_down=bad"
                    # the MSS of our SYN as the inside host got it. A host route
                    # with advmss 1400 makes our SYN announce more than the
                    # session carries (ppp0's own MTU would give 1340 already):
                    # only pnsd's clamp (MTU - 60) brings it down to 1340.
                    ip -6 route add "$INSIDE6" dev "$ifc" advmss 1400 2>/dev/null \
                        && R="$R advmss_route=ok" || R="$R advmss_route=failed"
                    R="$R tcp6_mss=$(nc -w 30 "$INSIDE6" 8084 < /dev/null 2>/dev/null)"
                fi ;;
            ping)
                R="$R ping_server=$(ping_count $SRV_TUN 2 1400) ping_inside=$(ping_count $INSIDE 2 1400)" ;;
            tcp)
                # 1 MiB each way through the tunnel to the inside host, checked by SHA-256
                dd if=/dev/urandom of=/tmp/up bs=1024 count=1024 2>/dev/null
                want=$(sha256sum /tmp/up | cut -d' ' -f1)
                got=$(nc "$INSIDE" 8081 < /tmp/up 2>/dev/null)
                [ "$got" = "$want" ] && R="$R tcp_up=ok" || R="$R tcp_up=bad"
                rm -f /tmp/down
                nc "$INSIDE" 8082 < /dev/null > /tmp/down 2>/dev/null
                want=$(nc "$INSIDE" 8083 < /dev/null 2>/dev/null)
                got=$(sha256sum /tmp/down 2>/dev/null | cut -d' ' -f1)
                [ -n "$want" ] && [ "$got" = "$want" ] && [ "$(wc -c < /tmp/down)" = 1048576 ] \
                    && R="$R tcp_down=ok" || R="$R tcp_down=bad" ;;
            loss)
                # stateful MPPE with packets lost: the host drops GRE for a while
                ctl "loss on" > /dev/null
                lossy=$(ping_count $SRV_TUN 10 1400 2)
                ctl "loss off" > /dev/null
                R="$R ping_lossy=$lossy ping_after=$(ping_count $SRV_TUN 2 1400)" ;;
            alarm)
                # pnsd's flow-control alarm on a stateful session: pptp (which
                # acknowledges GRE) stops while the host pings us through pnsd,
                # no ack comes within the static RTT; then pptp goes on. pppd
                # ends the link if CCP is renegotiated ("MPPE disabled").
                kill -STOP $(pidof pptp) 2>/dev/null
                a=$(ctl "alarm $2")
                kill -CONT $(pidof pptp) 2>/dev/null
                R="$R alarm=$a ping_after=$(ping_count $SRV_TUN 2 1400)"
                if pppd_running; then R="$R pppd_after_alarm=up"; else R="$R pppd_after_alarm=down"; fi ;;
            hangup)
                # the client hangs up; the host says whether pnsd cleared the session
                stop_pppd
                R="$R client_hangup=$(ctl cleared?)" ;;
            clear)
                # the server clears the tunnel: pppd must go down by itself
                ctl "clear" > /dev/null
                if wait_pppd_exit 150; then R="$R server_clear=ok"; else R="$R server_clear=timeout"; fi ;;
            waitdown)
                # no traffic: the server's idle limit must end the link (at most 60 s)
                if wait_pppd_exit 600; then R="$R server_end=ok"; else R="$R server_end=timeout"; fi ;;
            busydown)
                # a ping a second until the server's absolute limit ends the link (at most 60)
                n=0; got=0
                while pppd_running && [ $n -lt 60 ]; do
                    ping -c 1 -W 1 $SRV_TUN > /dev/null 2>&1 && got=$((got + 1))
                    sleep 0.5
                    n=$((n + 1))
                done
                if wait_pppd_exit 100; then R="$R server_end=ok busy_pings=$got"; else R="$R server_end=timeout"; fi ;;
            vanish)
                # the client vanishes without a word; pnsd's keepalive must clear it
                kill -STOP $(pidof pptp) $(pidof pppd) 2>/dev/null
                R="$R vanish=$(ctl gone?)"
                kill -9 $(pidof pptp) $(pidof pppd) 2>/dev/null
                wait_pppd_exit 50 ;;
            esac
        done
        pppd_running && stop_pppd
    else
        pppd_running && stop_pppd
        R="$R status=down"
    fi
    rc=$(sed -n 's/^[0-9.]* EXIT \([0-9]*\)$/\1/p' /tmp/pppd.log)
    R="$R pppd_rc=${rc:-none}"
    R="$R ipcp_termack_sent=$(grep -c 'sent \[IPCP TermAck' /tmp/pppd.log)"
    # the server's IPCP Configure-Requests (more than one: a restart), and
    # whether the first came before pppd's CCP was up (pppd then answers
    # it with a Terminate-Ack: "sent [IPCP TermAck" above)
    R="$R ipcp_confreq_rcvd=$(grep -c 'rcvd \[IPCP ConfReq' /tmp/pppd.log)"
    l_ipcp=$(grep -n -m1 'rcvd \[IPCP' /tmp/pppd.log | cut -d: -f1)
    l_ccp=$(grep -n -m1 'compression enabled' /tmp/pppd.log | cut -d: -f1)
    if [ -z "$l_ipcp" ] || [ -z "$l_ccp" ]; then R="$R ipcp_before_ccp=na"
    elif [ "$l_ipcp" -lt "$l_ccp" ]; then R="$R ipcp_before_ccp=1"; else R="$R ipcp_before_ccp=0"; fi
    R="$R ccp_resetreq_sent=$(grep -c 'sent \[CCP ResetReq' /tmp/pppd.log)"
    R="$R ccp_resetreq_rcvd=$(grep -c 'rcvd \[CCP ResetReq' /tmp/pppd.log)"
    grep -q 'CHAP authentication failed' /tmp/pppd.log && R="$R auth=failed"
    # the reason the server gave, if it ended the link (LCP Terminate-Request text)
    why=$(sed -n 's/.*rcvd \[LCP TermReq id=0x[0-9a-f]* "\(.*\)"\].*/\1/p' /tmp/pppd.log | head -n 1 | tr ' ' '_')
    [ -n "$why" ] && R="$R server_reason=$why"
    guest_result "$R"
    echo "---- pppd log of $CASE" > /dev/console
    cat /tmp/pppd.log > /dev/console
done
guest_done
