#!/bin/sh
# mppecardctl against a simulated card (cardsim) and against this machine's
# PCI bus (no card here: list must say so and succeed). Every command, text
# and --json, and the failures a user meets: a flow not in use, a refused
# firmware image, a card that is not there.
# usage: test_mppecardctl.sh BUILD_DIR
set -eu
B=${1:-build}
CTL=$B/bin/mppecardctl
T=$(mktemp -d /tmp/test-mppecardctl-XXXXXX)
SOCK=$T/card.sock
CS=
cleanup() {
    [ -n "$CS" ] && kill "$CS" 2>/dev/null && wait "$CS" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }
# jq is not a dependency: python3 reads the JSON
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval("d"+sys.argv[2]))' "$@"; }

# --- no card on this machine's PCI bus (and a PCI ID that nobody has)
"$CTL" list > $T/out || fail "list without a card exits $?"
grep -q "no card with PCI ID 10ee:9a01 found" $T/out || fail "list without a card: $(cat $T/out)"
"$CTL" --json list > $T/out.json || fail "list --json exits $?"
[ "$(jget $T/out.json '["cards"]')" = "[]" ] || fail "list --json: $(cat $T/out.json)"
"$CTL" list --id 1234:11e8 > $T/out || fail "list --id exits $?"
grep -q "no card with PCI ID 1234:11e8" $T/out || fail "list --id: $(cat $T/out)"
if "$CTL" list --id 12:34 > $T/out 2>&1; then fail "list --id 12:34 accepted"; fi
grep -q "not a PCI ID" $T/out || fail "bad ID message: $(cat $T/out)"
# a function this machine does have, if any: found by its ID, with its address
first=$(ls /sys/bus/pci/devices 2>/dev/null | head -n 1)
if [ -n "$first" ]; then
    id=$(printf '%04x:%04x' $(cat /sys/bus/pci/devices/$first/vendor) $(cat /sys/bus/pci/devices/$first/device))
    "$CTL" --json list --id "$id" > $T/out.json
    jget $T/out.json '["cards"]' | grep -q "'address': '$first'" || fail "list --id $id: $(cat $T/out.json)"
fi
# a card that is not there
if "$CTL" 00ff:fe:1f.7 info > $T/out 2>&1; then fail "info on an absent device succeeded"; fi
grep -q "no PCI device 00ff:fe:1f.7" $T/out || fail "absent device: $(cat $T/out)"
if "$CTL" $T/nothing.sock info > $T/out 2>&1; then fail "info on an absent socket succeeded"; fi

# --- the simulated card
"${CARDSIM:-$B/bin/cardsim}" --socket "$SOCK" > $T/cardsim.log 2>&1 &
CS=$!
i=0
while [ ! -S "$SOCK" ]; do
    kill -0 "$CS" 2>/dev/null || fail "cardsim died: $(cat $T/cardsim.log)"
    i=$((i + 1)); [ $i -lt 3000 ] || fail "cardsim socket never appeared"
    sleep 0.02
done

"$CTL" "$SOCK" info > $T/out || fail "info exits $?"
grep -q "^selftest: passed" $T/out || fail "info: $(cat $T/out)"
grep -q "^firmware_version: 1.0.0" $T/out || fail "info: $(cat $T/out)"
grep -q "^flows: 4096" $T/out || fail "info: $(cat $T/out)"

"$CTL" --json "$SOCK" selftest > $T/out.json 2>$T/err || fail "selftest exits $?: $(cat $T/err)"
[ "$(jget $T/out.json '["result"]')" = "passed" ] || fail "selftest: $(cat $T/out.json)"
[ "$(jget $T/out.json '["datapath_packets_compared"]')" = "8" ] || fail "selftest packets: $(cat $T/out.json)"

"$CTL" --json "cardsim:$SOCK" stats > $T/out.json || fail "stats exits $?"
[ "$(jget $T/out.json '["flows_in_use"]')" = "0" ] || fail "stats: $(cat $T/out.json)"
jget $T/out.json '["card_counters"]["clocks"]' | grep -qv '^0$' || fail "stats: no clocks: $(cat $T/out.json)"

if "$CTL" "$SOCK" flow show 7 > $T/out 2>&1; then fail "flow show of an unused flow succeeded"; fi
grep -q "flow 7: not in use on the card" $T/out || fail "flow show 7: $(cat $T/out)"
# usage errors are found before the card is opened
if "$CTL" "$SOCK" flow show x > $T/out 2>&1; then fail "flow show x succeeded"; fi
grep -q "'x' is not a flow number" $T/out || fail "flow show x: $(cat $T/out)"

# firmware: a truncated image is refused and the old one keeps running;
# the next version is installed and passes its self-test
head -c 3000 "$B/firmware/firmware-next.img" > $T/short.img
if "$CTL" "$SOCK" firmware update $T/short.img > $T/out 2>&1; then fail "a truncated image was accepted"; fi
grep -q "the card refused .*: bad length; firmware 1.0.0 keeps running" $T/out || fail "short image: $(cat $T/out)"
"$CTL" --json "$SOCK" firmware update "$B/firmware/firmware-next.img" > $T/out.json 2>$T/err || \
    fail "firmware update exits $?: $(cat $T/err)"
[ "$(jget $T/out.json '["version"]')" = "1.0.1" ] || fail "firmware update: $(cat $T/out.json)"
[ "$(jget $T/out.json '["selftest"]')" = "passed" ] || fail "firmware update: $(cat $T/out.json)"
[ "$(jget $T/out.json '["previous_version"]')" = "1.0.0" ] || fail "firmware update: $(cat $T/out.json)"

"$CTL" --json "$SOCK" reset > $T/out.json 2>$T/err || fail "reset exits $?"
[ "$(jget $T/out.json '["ready"]')" = "True" ] || fail "reset: $(cat $T/out.json)"

if "$CTL" "$SOCK" frobnicate > $T/out 2>&1; then fail "an unknown command succeeded"; fi
grep -q "unknown command 'frobnicate'" $T/out || fail "unknown command: $(cat $T/out)"
echo "test_mppecardctl: all passed"
