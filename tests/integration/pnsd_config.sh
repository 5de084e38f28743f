# pnsd's configuration as the integration tests and benchmarks write it
# (sourced by pptp_netns.sh). Each writer writes what most tests share; what a
# test changes is in its call, so that it stands in the test beside the
# assertions that depend on it.

# write_config FILE: PPTP only (no virtual template: calls carry no PPP);
# ECHO_S (echo interval), RWS (receive window) and RTT_MS (static RTT)
write_config() {
	cat > "$1" <<CFG
hostname PNS
vpdn enable
vpdn-group 1
 accept-dialin
  protocol pptp
 local name test_pns
 pptp tunnel echo ${ECHO_S:-60}
 pptp flow-control receive-window ${RWS:-16}
 pptp flow-control static-rtt ${RTT_MS:-1500}
CFG
}

# write_ppp_config FILE POOL_FIRST POOL_LAST [KEY VALUE]...: calls run PPP on
# Virtual-Template1: user alice (password secret-Pass1), MS-CHAPv2, MPPE-128
# required, the client's address from pool "default" (POOL_FIRST to
# POOL_LAST), the server's unnumbered to Loopback0 at TUN_SRV/32.
# What a test changes, as KEY VALUE pairs in any number, each VALUE one or
# more lines written as they are (with the indentation of the section they
# belong to; an empty VALUE writes nothing):
#   password PW    alice's password; empty: no user alice (users from elsewhere)
#   user LINES     after alice's username line (other users, alice's options)
#   global LINES   after the users: global commands and sections
#   group LINES    in vpdn-group 1, after virtual-template 1
#   pool LINES     after the pool "default" line (other pools, global commands)
#   loopback "ADDRESS MASK"   Loopback0's address
#   auth METHODS   ppp authentication's methods (ms-chap-v2)
#   mppe LINE      the template's MPPE line (" ppp encrypt mppe 128 required")
#   template LINES at the end of Virtual-Template1
write_ppp_config() {
	local f="$1" first="$2" last="$3" password=secret-Pass1 loopback="${TUN_SRV:-} 255.255.255.255"
	local auth=ms-chap-v2 mppe=" ppp encrypt mppe 128 required" user="" global="" group="" pool="" template=""
	shift 3
	while [ $# -ge 2 ]; do
		case "$1" in
		password) password="$2";;
		loopback) loopback="$2";;
		auth) auth="$2";;
		mppe) mppe="$2";;
		user|global|group|pool|template) printf -v "$1" '%s%s\n' "${!1}" "$2";;
		*) echo "write_ppp_config: unknown key '$1'" >&2; return 1;;
		esac
		shift 2
	done
	[ $# = 0 ] || { echo "write_ppp_config: '$1' has no value" >&2; return 1; }
	# each VALUE was given a newline; sed drops the line of an empty one
	{
		echo "hostname PNS"
		[ -z "$password" ] || echo "username alice password 0 $password"
		printf '%s' "$user" "$global" | sed '/^$/d'
		printf 'vpdn enable\nvpdn-group 1\n accept-dialin\n  protocol pptp\n  virtual-template 1\n'
		printf '%s' "$group" | sed '/^$/d'
		printf 'ip local pool default %s %s\n' "$first" "$last"
		printf '%s' "$pool" | sed '/^$/d'
		printf 'interface Loopback0\n ip address %s\n' "$loopback"
		printf 'interface Virtual-Template1\n ip unnumbered Loopback0\n peer default ip address pool default\n'
		printf ' ppp authentication %s\n' "$auth"
		printf '%s\n' "$mppe" | sed '/^$/d'
		printf '%s' "$template" | sed '/^$/d'
	} > "$f"
}
