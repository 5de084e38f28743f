#!/bin/bash
# make install, checked (dist/module.mk):
#  1. DESTDIR=scratch PREFIX=/usr: every file lands under the scratch root
#     (nothing outside it), with its mode;
#  2. PREFIX=scratch/prefix (no DESTDIR, so the unit's paths exist on this
#     machine): `systemd-analyze verify` on the installed unit finds every
#     Exec* command (it fails on a path that was not installed), and
#     `systemd-analyze security` gives its exposure;
#  3. the man pages render with no groff warning and name their program;
#  4. the installed pnsd checks the installed example configuration.
#   usage: test_install.sh MAKE
set -u
MAKE_CMD="${1:-make}"
T=$(mktemp -d /tmp/pnsd-install.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "test_install: FAIL: $*" >&2; exit 1; }

# 1. DESTDIR
$MAKE_CMD -s --no-print-directory install DESTDIR="$T/root" PREFIX=/usr > "$T/install.log" 2>&1 ||
	{ cat "$T/install.log"; fail "make install DESTDIR"; }
R="$T/root"
for f in usr/sbin/pnsd usr/sbin/pnsctl usr/sbin/mppecardctl usr/bin/pptp-client; do
	[ -f "$R/$f" ] && [ "$(stat -c %a "$R/$f")" = 755 ] || fail "$f missing or not mode 755"
done
for f in usr/share/man/man8/pnsd.8 usr/share/man/man8/pnsctl.8 usr/share/man/man8/mppecardctl.8 \
	usr/share/man/man5/pnsd.conf.5 usr/share/man/man1/pptp-client.1 \
	usr/lib/systemd/system/pnsd.service usr/lib/sysusers.d/pnsd.conf \
	usr/share/doc/pnsd/deployment.md usr/share/doc/pnsd/config.md usr/share/doc/pnsd/examples/pnsd.conf; do
	[ -f "$R/$f" ] && [ "$(stat -c %a "$R/$f")" = 644 ] || fail "$f missing or not mode 644"
done
stray=$(cd "$R" && find . -type f | grep -v '^\./usr/' || true)
[ -z "$stray" ] || fail "files outside PREFIX: $stray"
grep -q '^ExecStart=/usr/sbin/pnsd ' "$R/usr/lib/systemd/system/pnsd.service" || fail "unit ExecStart"
echo "test_install: DESTDIR install: $(cd "$R" && find . -type f | wc -l) files under /usr"

# 2. PREFIX elsewhere: the unit names what was installed there
P="$T/prefix"
$MAKE_CMD -s --no-print-directory install PREFIX="$P" SYSCONFDIR="$T/etc" > "$T/install2.log" 2>&1 ||
	{ cat "$T/install2.log"; fail "make install PREFIX"; }
U="$P/lib/systemd/system/pnsd.service"
grep -q "^ExecStart=$P/sbin/pnsd -f $T/etc/pnsd/pnsd.conf " "$U" || fail "ExecStart does not name $P/sbin/pnsd: $(grep ^ExecStart= "$U")"
if command -v systemd-analyze > /dev/null; then
	# other units on this machine may warn too: only pnsd.service's lines count
	systemd-analyze verify --man=no "$U" > "$T/verify.log" 2>&1
	if grep -q 'pnsd.service' "$T/verify.log"; then cat "$T/verify.log"; fail "systemd-analyze verify"; fi
	# a unit naming a program that is not there must fail the same check
	sed "s#^ExecStart=$P/sbin/pnsd#ExecStart=$P/sbin/pnsd-missing#" "$U" > "$T/pnsd.service"
	systemd-analyze verify --man=no "$T/pnsd.service" > "$T/verify2.log" 2>&1
	grep -q 'pnsd-missing is not executable' "$T/verify2.log" || { cat "$T/verify2.log"; fail "verify accepts a missing ExecStart"; }
	echo "test_install: systemd-analyze verify: ok; security: $(systemd-analyze security --offline=true "$U" 2>/dev/null | grep -o 'Overall exposure level.*')"
else
	echo "test_install: no systemd-analyze here: unit not verified"
fi

# 3. man pages
for m in "$R"/usr/share/man/man*/*; do
	name=$(basename "$m"); name=${name%.*}
	out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings=w -l "$m" 2> "$T/man.err") || fail "man -l $m"
	[ -s "$T/man.err" ] && { cat "$T/man.err"; fail "groff warnings in $m"; }
	echo "$out" | grep -q "^ *$name - " || fail "$m: no NAME line for $name"
done
echo "test_install: 5 man pages render without warnings"

# 4. the installed pnsd on the installed example (mode 0600, as pnsd wants)
install -m 600 "$R/usr/share/doc/pnsd/examples/pnsd.conf" "$T/pnsd.conf"
"$R/usr/sbin/pnsd" -t -f "$T/pnsd.conf" > "$T/t.log" 2>&1 || { cat "$T/t.log"; fail "installed pnsd -t on the example"; }
echo "test_install: installed pnsd accepts the example configuration"
echo "test_install: all passed"
