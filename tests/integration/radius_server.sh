# A real FreeRADIUS (Debian's freeradius 3.2) for the integration tests:
# a configuration written here from a copy of /etc/freeradius/3.0, run with
# -X in the server namespace on loopback ports of our own. Source after
# pptp_netns.sh (it uses TMPD, NS_S, PIDS).
#
#   radius_start NAME AUTH_PORT ACCT_PORT SECRET   -> RADIUS_PID_<NAME>, log $TMPD/NAME.radius
#     (RADIUS_FLAGS: freeradius's options instead of -X, e.g. "-f -l stdout")
#   radius_stop NAME
#
# Users (mods-config/files/authorize):
#   alice  Cleartext-Password secret-Pass1; Class "cls-alice", Acct-Interim-Interval 2
#   bob    NT-Password only (the MD4 hash of bob-Pass2, from smbencrypt);
#          Framed-IP-Address 10.77.0.99, MPPE policy: required, 128-bit only
#          (Types 4, the S bit of RFC 2548 2.4.5: FreeRADIUS's dictionary names
#          the value 2 'RC4-128bit-Allowed', but 2 is the L bit, 40-bit)
#   carol  Cleartext-Password carol-Pass3; Framed-Pool pool2, Idle-Timeout 2
# Accounting goes to $TMPD/NAME.detail (the detail module).
#
# FreeRADIUS before 3.2.5 (Debian 12 has 3.2.1) puts no Message-Authenticator
# in its responses unless told to; pnsd requires one (BlastRADIUS), so
# post-auth adds it, as the FreeRADIUS advisory tells users of old versions.
# RADIUS_NO_MA=1 leaves it out (to see pnsd drop such responses).

# radius_config NAME AUTH_PORT ACCT_PORT SECRET: writes $TMPD/NAME.raddb only
# (tests/interop/interop.py starts the server itself). RADIUS_EXTRA_USERS:
# more lines for the users file.
radius_config() {
	local name="$1" aport="$2" cport="$3" secret="$4" d="$TMPD/$1.raddb" nt
	rm -rf "$d"
	cp -a /etc/freeradius/3.0 "$d" || return 1
	# run as root inside the test (no freerad: our temporary folders are root's)
	sed -i -e '/^\s*user = freerad/d' -e '/^\s*group = freerad/d' \
	    -e 's/^\s*reject_delay = .*/reject_delay = 0/' \
	    -e "s|^\s*logdir = .*|logdir = $TMPD|" -e "s|^\s*run_dir = .*|run_dir = $d|" "$d/radiusd.conf"
	rm -f "$d/sites-enabled/"* "$d/mods-enabled/eap" "$d/mods-enabled/detail"
	nt=$(smbencrypt bob-Pass2 2> /dev/null | tail -n 1 | awk '{print $2}')
	cat > "$d/clients.conf" <<EOF
client pnsd {
	ipaddr = 127.0.0.0/8
	secret = $secret
	require_message_authenticator = yes
}
EOF
	cat > "$d/mods-config/files/authorize" <<EOF
alice Cleartext-Password := "secret-Pass1"
	Class := "cls-alice",
	Acct-Interim-Interval := 2

dave Cleartext-Password := "dave-Pass4"
	Port-Limit := 1

carol Cleartext-Password := "carol-Pass3"
	Framed-Pool := "pool2",
	Idle-Timeout := 2

bob NT-Password := 0x$nt
	Framed-IP-Address := 10.77.0.99,
	MS-MPPE-Encryption-Policy := Encryption-Required,
	MS-MPPE-Encryption-Types := 4
EOF
	[ -z "${RADIUS_EXTRA_USERS:-}" ] || printf '\n%s\n' "$RADIUS_EXTRA_USERS" >> "$d/mods-config/files/authorize"
	cat > "$d/mods-enabled/detail" <<EOF
detail {
	filename = $TMPD/$name.detail
	escape_filenames = no
	permissions = 0600
	header = "%t"
}
EOF
	local ma='update reply {
		Message-Authenticator := 0x00
	}'
	[ -n "${RADIUS_NO_MA:-}" ] && ma=""
	cat > "$d/sites-enabled/default" <<EOF
server default {
listen {
	type = auth
	ipaddr = 127.0.0.1
	port = $aport
}
listen {
	type = acct
	ipaddr = 127.0.0.1
	port = $cport
}
authorize {
	preprocess
	chap
	mschap
	files
	pap
}
authenticate {
	Auth-Type PAP {
		pap
	}
	Auth-Type CHAP {
		chap
	}
	Auth-Type MS-CHAP {
		mschap
	}
}
preacct {
	preprocess
	acct_unique
}
accounting {
	detail
}
post-auth {
	$ma
	Post-Auth-Type REJECT {
		$ma
	}
}
}
EOF
}

radius_start() {
	local name="$1" d="$TMPD/$1.raddb" log="$TMPD/$1.radius" pid
	radius_config "$@" || return 1
	# shellcheck disable=SC2086
	ip netns exec "$NS_S" freeradius ${RADIUS_FLAGS:--X} -d "$d" > "$log" 2>&1 &
	pid=$!
	PIDS="$PIDS $pid"
	eval "RADIUS_PID_$name=$pid"
	radius_ready() { in_log "$log" "Ready to process requests" || ! kill -0 "$pid" 2>/dev/null; }
	wait_until "freeradius $name" radius_ready && in_log "$log" "Ready to process requests" && return 0
	echo "freeradius $name did not start:"; tail -n 30 "$log"; return 1
}

radius_stop() {
	local pid
	eval "pid=\${RADIUS_PID_$1:-}"
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	eval "RADIUS_PID_$1="
}
