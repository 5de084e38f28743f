#!/bin/sh
# /init of the Debian-package guest (dist/test_deb.py): a Debian 12 kernel
# and busybox, dpkg and systemd-sysusers from their Debian packages, the
# libraries pnsd's package depends on (their packages listed as installed
# in /var/lib/dpkg/status, made from their .deb control files), and
# /pkg/pnsd.deb. Installs the package with dpkg -i, then starts pnsd the
# way its systemd unit says (ExecStartPre, then ExecStart, as written in the
# installed unit; there is no systemd in the guest) and talks to it with
# the installed pnsctl. One GUEST-RESULT line per step.
. /lib/guest.sh
guest_setup
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
# Debian's busybox shell runs its own applets before PATH (it has a small
# dpkg of its own): the real dpkg by its full path
DPKG=/usr/bin/dpkg
res() { guest_result "case=$1 status=$2"; }
show() { sed 's/^/guest-out: /' "$1" > /dev/console; }
finish() { guest_done; exit 0; }

mkdir -p /var/lib/dpkg/info /var/lib/dpkg/updates /var/lib/dpkg/triggers /usr/share/doc /etc/dpkg
touch /var/lib/dpkg/available /var/lib/dpkg/diversions /var/lib/dpkg/statoverride
cp /pkg/status /var/lib/dpkg/status

# 1. install: dependencies satisfied from the status file, maintainer
#    scripts run (systemd-sysusers makes the user)
if $DPKG -i /pkg/pnsd.deb > /tmp/dpkg.log 2>&1; then res install ok; else res install fail; fi
show /tmp/dpkg.log
[ "$(/usr/bin/dpkg-query -W -f='${Status}' pnsd 2>/dev/null)" = "install ok installed" ] && res installed ok || { res installed fail; finish; }
if id pnsd > /tmp/id.log 2>&1; then res user ok; else
	res user fail
	cat /etc/passwd >> /tmp/id.log
fi
show /tmp/id.log
U=/lib/systemd/system/pnsd.service
for f in /usr/sbin/pnsd /usr/sbin/pnsctl /usr/sbin/mppecardctl /usr/bin/pptp-client $U \
	/usr/lib/sysusers.d/pnsd.conf /usr/share/man/man8/pnsd.8.gz /usr/share/man/man5/pnsd.conf.5.gz; do
	[ -e "$f" ] || { res files fail; guest_log "missing $f"; }
done
res files ok

# 2. the configuration, as docs/deployment.md says: mode 0600, owned by pnsd
mkdir -p /etc/pnsd
cp /usr/share/doc/pnsd/examples/pnsd.conf /etc/pnsd/pnsd.conf
chown pnsd /etc/pnsd/pnsd.conf
chmod 600 /etc/pnsd/pnsd.conf

# 3. the unit's commands, as installed
pre=$(sed -n 's/^ExecStartPre=//p' $U)
start=$(sed -n 's/^ExecStart=//p' $U)
guest_log "ExecStartPre=$pre"
guest_log "ExecStart=$start"
if $pre > /tmp/pre.log 2>&1; then res execstartpre ok; else res execstartpre fail; fi
show /tmp/pre.log
$start > /tmp/pnsd.log 2>&1 &
PID=$!
i=0
until netstat -ltn 2>/dev/null | grep -q ':1723 '; do
	i=$((i + 1))
	if [ $i -gt 600 ] || ! kill -0 $PID 2>/dev/null; then break; fi
	sleep 0.1
done
netstat -ltn | grep -q ':1723 ' && res listen ok || res listen fail
uid=$(awk '/^Uid:/ {print $2}' /proc/$PID/status 2>/dev/null)
[ -n "$uid" ] && [ "$uid" = "$(id -u pnsd)" ] && res runs-as-pnsd ok || res runs-as-pnsd fail
pnsctl show vpdn > /tmp/vpdn.log 2>&1 && res show-vpdn ok || res show-vpdn fail
show /tmp/vpdn.log
pnsctl show running-config > /tmp/run.log 2>&1
grep -q '^username alice' /tmp/run.log && grep -q 'ppp encrypt mppe 128 required' /tmp/run.log &&
	res show-running-config ok || res show-running-config fail
show /tmp/pnsd.log
kill $PID
wait $PID 2>/dev/null

# 4. removal takes the programs away
$DPKG -r pnsd > /tmp/rm.log 2>&1 && [ ! -e /usr/sbin/pnsd ] && res remove ok || res remove fail
show /tmp/rm.log
finish
