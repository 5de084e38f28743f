#!/bin/sh
# Mutation check of the engine farm's test bench (sim/farm/tb_farm.c, issue
# 15): each mutant changes one line of the farm's RTL (hdl/rtl.mk RTL_FARM);
# check-farm's model (4 lanes, 4 key channels, 2 on each SHA-1 core) is built
# on the mutated copy (TB_FARM_RTL names it; a build directory per mutant)
# and must fail: by a mismatch with libmppe, a result that never comes
# (cmocka FAILED) or an MPPE_ASSERT check; not by a build error. In a
# mutant's lines \| stands for a | of the RTL (| separates the fields).
#   Usage: tests/rtl/farm_mutants.sh BUILD_DIR     (from the top of the tree,
#   after make check-farm in BUILD_DIR)
set -eu
build=$1
rtl=$(sed -n 's/^RTL_FARM *:= *//p' hdl/rtl.mk)
# name|file|original line (a fixed string, the whole line)|replacement
mutants='farm-no-flow-lock|mppe_farm|      end else if (uf_q[i] == h_flow)|      end else if (1'"'"'b0)
farm-loader-no-busy-mask|mppe_farm|      if (l_isfree[i] \&\& !(ld_busy_q \&\& ld_lane_q == i[LW-1:0])) begin|      if (l_isfree[i]) begin
farm-loader-no-zero-hold|mppe_farm|      ld_zero_q <= !ld_busy_q \&\& in_valid_i \&\& in_ready_o \&\& d_words == 10'"'"'d0;|      ld_zero_q <= 1'"'"'b0;
farm-valid-write-all|mppe_farm|        if (ctx_take \&\& cr_flow_q == i[FW-1:0])|        if (ctx_take)
nextkey-no-reduction|mppe_nextkey|            key_d   = reduce_key(key_d, kb_i);|            key_d   = key_d;
keyunit-sha-not-reserved|mppe_keyunit|    if (lock_q) begin|    if (1'"'"'b0) begin
keyunit-sha-done-to-all|mppe_keyunit|        .sha_done_i (sha_done \&\& own_q == ME), .sha_digest_i (sha_digest),|        .sha_done_i (sha_done), .sha_digest_i (sha_digest),
keyunit-ask-dropped|mppe_keyunit|      pend_q <= ask \& ~taken;|      pend_q <= {CH{1'"'"'b0}};
farm-wb-drops-skip-go|mppe_farm|      l_go = l_go \| lane_bit(ul_q[wb_idx]);|      l_go = lane_bit(ul_q[wb_idx]);
pair-write-both|mppe_lane_pair|        wg[1] = wp[1] \&\& !wg[0];|        wg[1] = wp[1];
pair-read-both|mppe_lane_pair|        rg[1] = rq[1] \&\& !rg[0];|        rg[1] = rq[1];
farm-load-ignores-wbusy|mppe_farm|  assign in_ready_o = ld_busy_q ? !l_wbusy[ld_lane_q] : (fl_any_q \&\& !ld_zero_q);|  assign in_ready_o = ld_busy_q \|\| (fl_any_q \&\& !ld_zero_q);
farm-read-ignores-rbusy|mppe_farm|  wire        o_issue = (o_q == O_DATA) \&\& o_issue_q != o_words_q \&\& sk_room < 2'"'"'d2 \&\& !l_rbusy[o_lane_q];|  wire        o_issue = (o_q == O_DATA) \&\& o_issue_q != o_words_q \&\& sk_room < 2'"'"'d2;
lane-read-ahead-wrong-word|mppe_lane|      ra_o <= step ? n_q[10:3] + 8'"'"'d2 : 8'"'"'d1;   // (else PRIME: word 1)|      ra_o <= step ? n_q[10:3] + 8'"'"'d1 : 8'"'"'d1;   // (else PRIME: word 1)
lane-drain-no-wait|mppe_lane|      P_DRAIN: if ((!wp_o \|\| wg_i) \&\& !rq_o \&\& !got_q) ph_d = P_FULL;|      P_DRAIN: ph_d = P_FULL;'
echo "$mutants" | sed 's/\\|/@BAR@/g' | while IFS='|' read -r name file orig repl; do
    orig=$(printf '%s' "$orig" | sed 's/\\&/\&/g; s/@BAR@/|/g'); repl=$(printf '%s' "$repl" | sed 's/\\&/\&/g; s/@BAR@/|/g')
    dir=$build/mutants/$name
    rm -rf "$dir" && mkdir -p "$dir"
    python3 tests/rtl/mutate_line.py "hdl/$file.v" "$dir/$file.v" "$orig" "$repl" || exit 1
    list=$(echo "$rtl" | sed "s#hdl/$file.v#$dir/$file.v#")
    # libmppe and the bench's object as built for check-farm (not again per mutant)
    mkdir -p "$dir/b/obj/sim" && cp -a "$build/lib" "$build/gen" "$dir/b/" &&
        cp -a "$build/obj/driver" "$dir/b/obj/" && cp -a "$build/obj/sim/farm" "$dir/b/obj/sim/"
    if ! make --no-print-directory BUILD="$dir/b" "TB_FARM_RTL=$list" VL_JOBS=1 "$dir/b/sim/farm/tb_farm" \
            > "$dir/build.log" 2>&1; then
        tail -20 "$dir/build.log"
        echo "farm_mutants: $name: build failed" >&2
        exit 1
    fi
    tb=$dir/b/sim/farm/tb_farm
    if "$tb" --seed 1 --packets 2000 > "$dir/run.log" 2>&1; then
        echo "farm_mutants: $name SURVIVED: tb_farm passes with it" >&2
        exit 1
    elif grep -q 'FAILED  \]' "$dir/run.log"; then
        echo "farm_mutants: $name killed: $(grep -m1 -E '^(ERROR|.*error:)' "$dir/run.log" | cut -c1-150)"
    elif grep -q 'Assertion failed' "$dir/run.log"; then
        echo "farm_mutants: $name killed by an assertion: $(grep -m1 'Assertion failed' "$dir/run.log" | cut -c1-150)"
    else
        tail -5 "$dir/run.log"
        echo "farm_mutants: $name: the test bench stopped without a report" >&2
        exit 1
    fi
done
