#!/bin/sh
# Mutation check of rc4_dp's hazard handling (hdl/rc4_dp.v; issue 15): each
# mutant drops one of the index comparisons that resolve a read-after-write
# case inside a pair of RC4 steps (or the rule that keeps two ports from
# writing one word, or half of the identity fill), and tb_rc4_ks (sim/rc4/tb_rc4_ks.c, built on the mutated
# copy by its rule in sim/module.mk: TB_RC4_DP_RTL) must fail: by a keystream
# or clock mismatch or by one of the core's MPPE_ASSERT checks; not by a
# build error.
#   Usage: tests/rtl/rc4_dp_mutants.sh BUILD_DIR     (from the top of the tree)
set -eu
build=$1
# name|original line (a fixed string, the whole line)|replacement
mutants='si-b-after-a|  wire [7:0]  c_sib = (va_q && c_ja == ib) ? c_sia : iw_in[15:8];    // hazard|  wire [7:0]  c_sib = iw_in[15:8];
sj-b-at-i-a|  wire [7:0]  c_sjb = (va_q && jb_q == ia) ? r_a :                   // hazard|  wire [7:0]  c_sjb =
sj-b-at-j-a|                      (va_q && jb_q == ja_q) ? sia_q : r_b;          // hazard|                      r_b;
ks-a-at-i-a|  wire [7:0]  ks_a  = (ta_q == ia) ? sja_q : (ta_q == ja_q) ? sia_q : x_a;  // hazard|  wire [7:0]  ks_a  = (ta_q == ja_q) ? sia_q : x_a;
ks-a-at-j-a|  wire [7:0]  ks_a  = (ta_q == ia) ? sja_q : (ta_q == ja_q) ? sia_q : x_a;  // hazard|  wire [7:0]  ks_a  = (ta_q == ia) ? sja_q : x_a;
ks-b-at-i-a|  wire [7:0]  sa_tb = (va_q && tb_q == ia) ? sja_q :                          // hazard|  wire [7:0]  sa_tb =
ks-b-at-j-a|                      (va_q && tb_q == ja_q) ? sia_q : x_b;                   // hazard|                      x_b;
ks-b-at-i-b|  wire [7:0]  ks_b  = (tb_q == ib) ? sjb_q : (tb_q == jb_q) ? sib_q : sa_tb;  // hazard|  wire [7:0]  ks_b  = (tb_q == jb_q) ? sib_q : sa_tb;
ks-b-at-j-b|  wire [7:0]  ks_b  = (tb_q == ib) ? sjb_q : (tb_q == jb_q) ? sib_q : sa_tb;  // hazard|  wire [7:0]  ks_b  = (tb_q == ib) ? sjb_q : sa_tb;
iword-j-b|    if (jb_q == ia) h0 = sib_q;     // hazard: jb in the i word|    ;
both-write-j|    wa = va_q && ja_q[7:1] != m_q && ja_q != jb_q;   // hazard: b'"'"'s write wins|    wa = va_q && ja_q[7:1] != m_q;
one-word-two-ports|          if (wa && wb && ja_q[7:1] == jb_q[7:1]) begin|          if (1'"'"'b0) begin
fill-upper-half|          b_we = 2'"'"'b11; b_ad = {1'"'"'b1, m_q[5:0]}; b_wd = {1'"'"'b1, m_q[5:0], 1'"'"'b1, 1'"'"'b1, m_q[5:0], 1'"'"'b0};|          b_we = 2'"'"'b01; b_ad = {1'"'"'b1, m_q[5:0]}; b_wd = {1'"'"'b1, m_q[5:0], 1'"'"'b1, 1'"'"'b1, m_q[5:0], 1'"'"'b0};'
echo "$mutants" | while IFS='|' read -r name orig repl; do
    dir=$build/mutants/rc4dp-$name
    rm -rf "$dir" && mkdir -p "$dir"
    python3 tests/rtl/mutate_line.py hdl/rc4_dp.v "$dir/rc4_dp.v" "$orig" "$repl" || exit 1
    if ! make --no-print-directory BUILD="$dir/b" "TB_RC4_DP_RTL=$dir/rc4_dp.v" VL_JOBS=1 "$dir/b/sim/rc4dp/tb_rc4_ks" \
            > "$dir/build.log" 2>&1; then
        tail -20 "$dir/build.log"
        echo "rc4_dp_mutants: $name: build failed" >&2
        exit 1
    fi
    if "$dir/b/sim/rc4dp/tb_rc4_ks" --seed 1 --keys 300 > "$dir/run.log" 2>&1; then
        echo "rc4_dp_mutants: $name SURVIVED: tb_rc4_ks passes with it" >&2
        exit 1
    elif grep -q 'tb_rc4_ks: FAIL' "$dir/run.log"; then
        echo "rc4_dp_mutants: $name killed: $(grep -m1 'tb_rc4_ks: FAIL' "$dir/run.log" | cut -c1-150)"
    elif grep -q 'Assertion failed' "$dir/run.log"; then
        echo "rc4_dp_mutants: $name killed by an assertion: $(grep -m1 'Assertion failed' "$dir/run.log" | cut -c1-150)"
    else
        tail -5 "$dir/run.log"
        echo "rc4_dp_mutants: $name: the test bench stopped without a report" >&2
        exit 1
    fi
done
