#!/bin/sh
# Proves that the vector tests check every value: for each "name = value"
# line of each RFC vector file, change one digit of the value in a scratch
# copy and require the test that reads the file to fail.
set -eu
BIN=${1:-build/tests}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM

mutations=0
for pair in rfc1320-md4.txt:test_crypto_vectors rfc3174-sha1.txt:test_crypto_vectors \
            rfc6229-rc4.txt:test_crypto_vectors rfc2759-mschapv2.txt:test_mschap \
            rfc2433-mschapv1.txt:test_mschap rfc3079-mppe-keys.txt:test_mppe_keys; do
    file=${pair%%:*}
    test=${pair##*:}
    lines=$(grep -n '^[^#].* = ' "tests/vectors/$file" | cut -d: -f1)
    for n in $lines; do
        cp tests/vectors/*.txt "$scratch/"
        # flip the last hex digit (0<->1 ... e<->f); an empty value gets one octet
        awk -v n="$n" 'NR==n {
            if ($0 ~ /= *$/) { $0 = $0 "00" }
            else { c = substr($0, length($0), 1);
                   i = index("0123456789abcdef", c) - 1;
                   r = substr("1032547698badcfe", i + 1, 1);
                   $0 = substr($0, 1, length($0) - 1) r }
        } { print }' "tests/vectors/$file" > "$scratch/$file"
        if MPPE_VECTOR_DIR="$scratch" "$BIN/$test" >/dev/null 2>&1; then
            echo "vector_mutation: $file line $n changed, but $test still passed" >&2
            exit 1
        fi
        mutations=$((mutations + 1))
    done
done
echo "vector_mutation: all $mutations single-value mutations were caught"
