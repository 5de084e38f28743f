#!/bin/bash
# pnsd -t against configuration mistakes that used to pass and go wrong at
# run time (tests/fixtures/config-checks/*.cfg). Each fixture says what it
# expects in its first lines:
#   ! expect-exit: N        pnsd -t's exit status (0 valid, 1 refused)
#   ! expect: TEXT          a line of pnsd's output contains TEXT (with line:column)
# and no message may say "line 0" (":0:"). Then the command-line mistakes:
# a missing file named once, a directory, -p out of range, no -f at all.
# Needs no root and no network: pnsd -t opens nothing but the file.
# Usage: test_config_checks.sh BIN_DIR
set -u
BIN="$(cd "$1" && pwd)"
HERE="$(cd "$(dirname "$0")" && pwd)"
FIX="$HERE/../fixtures/config-checks"
TMPD="$(mktemp -d /tmp/cfgchk.XXXXXX)"
trap 'rm -rf "$TMPD"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
n=0

for f in "$FIX"/*.cfg; do
	name="$(basename "$f")"
	# pnsd refuses a configuration others can read (it holds passwords)
	install -m 600 "$f" "$TMPD/$name"
	want_rc="$(sed -n 's/^! expect-exit: //p' "$f")"
	[ -n "$want_rc" ] || fail "$name: no '! expect-exit:' line"
	(cd "$TMPD" && "$BIN/pnsd" -t -f "$name") > "$TMPD/out" 2>&1
	rc=$?
	[ "$rc" = "$want_rc" ] || { cat "$TMPD/out"; fail "$name: exit $rc, expected $want_rc"; }
	while IFS= read -r want; do
		grep -qF -- "$want" "$TMPD/out" || { cat "$TMPD/out"; fail "$name: no '$want'"; }
	done < <(sed -n 's/^! expect: //p' "$f")
	grep -q "$name:0:" "$TMPD/out" && { cat "$TMPD/out"; fail "$name: a message at line 0"; }
	n=$((n + 1))
done
echo "ok   pnsd -t: $n fixtures, each with its message at line:column"

# a missing file: its path once, with the reason
"$BIN/pnsd" -t -f "$TMPD/none.cfg" > "$TMPD/out" 2>&1 && fail "a missing file was accepted"
grep -qF "$TMPD/none.cfg: No such file or directory" "$TMPD/out" || { cat "$TMPD/out"; fail "missing file: no reason"; }
[ "$(grep -o "none.cfg" "$TMPD/out" | wc -l)" = 1 ] || { cat "$TMPD/out"; fail "missing file: path not named once"; }
# a directory: says so, not just "read error"
mkdir -m 700 "$TMPD/dir"
"$BIN/pnsd" -t -f "$TMPD/dir" > "$TMPD/out" 2>&1 && fail "a directory was accepted"
grep -qF "$TMPD/dir: cannot read: Is a directory" "$TMPD/out" || { cat "$TMPD/out"; fail "directory: no reason"; }
# -p beyond 65535 (was taken modulo 65536: 99999 listened on 34463)
for p in 99999 0 12x -1; do
	"$BIN/pnsd" -t -p "$p" -f "$TMPD/no-pool.cfg" > "$TMPD/out" 2>&1
	[ $? = 2 ] || { cat "$TMPD/out"; fail "-p $p accepted"; }
	grep -qF "pnsd: -p wants a TCP port 1-65535, not '$p'" "$TMPD/out" || { cat "$TMPD/out"; fail "-p $p: message"; }
done
# no configuration: refuse to start (it opened TCP 1723 on every address and a TUN)
"$BIN/pnsd" -s - > "$TMPD/out" 2>&1
[ $? = 2 ] || { cat "$TMPD/out"; fail "pnsd without -f started"; }
grep -qF "pnsd: no configuration: -f FILE is needed" "$TMPD/out" || { cat "$TMPD/out"; fail "no -f: message"; }
echo "ok   pnsd: missing file, directory, -p range, no -f"
