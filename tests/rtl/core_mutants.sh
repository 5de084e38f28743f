#!/bin/sh
# Mutation check of the core test benches (issue 19 step 4): each mutant
# changes one line of hdl/rc4_core.v or hdl/sha1_core.v; the core's own test
# bench (sim/rc4/tb_rc4_core.c, sim/sha1/tb_sha1_core.c) is built on the
# mutated copy by its rule in sim/module.mk (TB_RC4_CORE_RTL,
# TB_SHA1_CORE_RTL name the copy; a build directory per mutant) and must
# fail: by a mismatch the bench reports (cmocka FAILED) or by one of the
# core's MPPE_ASSERT checks; not by a build error.
#   Usage: tests/rtl/core_mutants.sh BUILD_DIR     (from the top of the tree)
set -eu
build=$1
# name|core|original line (a fixed string, the whole line)|replacement
mutants='rc4-ksa-swap-index|rc4_core|      sw_b   = ksa_j;|      sw_b   = ksa_j ^ 1'"'"'b1;
rc4-prga-swap-index|rc4_core|      sw_b   = pr_j;|      sw_b   = pr_j ^ 1'"'"'b1;
rc4-key-octet-wrap|rc4_core|      kidx_d = ({1'"'"'b0, kidx_q} + 5'"'"'d1 == key_len_i) ? 4'"'"'d0 : kidx_q + 4'"'"'d1;|      kidx_d = ({1'"'"'b0, kidx_q} + 5'"'"'d2 == key_len_i) ? 4'"'"'d0 : kidx_q + 4'"'"'d1;
rc4-stale-prefetch-after-load|rc4_core|        ra_d = rd_d;                 // S[i+1] of the loaded tables|        ra_d = ra_q;
rc4-load-byte-order|rc4_core|      s_q[{ld_w, 3'"'"'d7}] <= ld_data_i[63:56];|      s_q[{ld_w, 3'"'"'d7}] <= ld_data_i[55:48];
sha1-round-constant|sha1_core|      k = 32'"'"'h8f1bbcdc;|      k = 32'"'"'h8f1bbcdd;
sha1-schedule-tap|sha1_core|                    w_q[511-2*32 -: 32] ^ w_t;|                    w_q[511-3*32 -: 32] ^ w_t;
sha1-round-boundary|sha1_core|    end else if (t_q < 7'"'"'d60) begin|    end else if (t_q < 7'"'"'d59) begin
sha1-no-chaining|sha1_core|        {a_d, b_d, c_d, d_d, e_d} = first_i ? H_INIT : h_q;|        {a_d, b_d, c_d, d_d, e_d} = H_INIT;
sha1-start-while-busy|sha1_core|    if (!busy_q) begin|    if (!busy_q || start_i) begin'
echo "$mutants" | while IFS='|' read -r name core orig repl; do
    dir=$build/mutants/$name
    rm -rf "$dir" && mkdir -p "$dir"
    python3 tests/rtl/mutate_line.py "hdl/$core.v" "$dir/$core.v" "$orig" "$repl" || exit 1
    case $core in
        rc4_core)  tb=rc4core/tb_rc4_core;   var=TB_RC4_CORE_RTL ;;
        sha1_core) tb=sha1core/tb_sha1_core; var=TB_SHA1_CORE_RTL ;;
    esac
    if ! make --no-print-directory BUILD="$dir/b" "$var=$dir/$core.v" VL_JOBS=1 "$dir/b/sim/$tb" \
            > "$dir/build.log" 2>&1; then
        tail -20 "$dir/build.log"
        echo "core_mutants: $name: build failed" >&2
        exit 1
    fi
    tb=$dir/b/sim/$tb
    if "$tb" > "$dir/run.log" 2>&1; then
        echo "core_mutants: $name SURVIVED: $(basename "$tb") passes with it" >&2
        exit 1
    elif grep -q 'FAILED  \]' "$dir/run.log"; then
        echo "core_mutants: $name killed: $(grep -m1 -E '^(ERROR|.*error:)' "$dir/run.log" | cut -c1-150)"
    elif grep -q 'Assertion failed' "$dir/run.log"; then
        echo "core_mutants: $name killed by an assertion: $(grep -m1 'Assertion failed' "$dir/run.log" | cut -c1-150)"
    else
        tail -5 "$dir/run.log"
        echo "core_mutants: $name: the test bench stopped without a report" >&2
        exit 1
    fi
done
