#!/bin/sh
# Mutation check of the flow-ID coverage (issue 14, item 7): two context RAM
# address mutants of hdl/mppe_top.v must make the engine test bench fail.
#   alias2048: flows >= 2048 share the contexts of flows - 2048 (top index bit dropped)
#   alias512:  flows >= 512 share the contexts of flow mod 512
# Each mutant is applied to a copy of hdl/ under build/, built as a 1-engine,
# 4096-flow model, and run on the random test; the mutant must fail with a
# mismatch report ("FAIL:"), not a build error. The bench's pin struct is
# the build's (BUILD_DIR/gen/tb_pins_gen.h, made with TB_OBJS); the engine's
# files are hdl/rtl.mk's RTL_ENGINE (the make rule passes them), so a unit
# added to the engine is built from the mutant's copy too. Usage:
#   RTL_FILES="hdl/a.v ..." tests/rtl/flow_alias_mutants.sh BUILD_DIR LIBMPPE TB_OBJS...
set -eu
: "${RTL_FILES:?RTL_FILES: the engine's Verilog files (hdl/rtl.mk RTL_ENGINE)}"
build=$1; lib=$2; shift 2
top=$(pwd)
orig="      wire [FB-BB-1:0] index = o_flow_w[FB-1:BB];"
fail=0
for m in alias2048 alias512; do
    case $m in
        alias2048) repl="      wire [FB-BB-1:0] index = {1'b0, o_flow_w[FB-2:BB]};" ;;
        alias512)  repl="      wire [FB-BB-1:0] index = {{(FB-9){1'b0}}, o_flow_w[8:BB]};" ;;
    esac
    dir=$build/mutants/$m
    rm -rf "$dir" && mkdir -p "$dir/hdl"
    cp hdl/*.v hdl/*.vh contract/*.vh "$dir/hdl/"
    python3 tests/rtl/mutate_line.py hdl/mppe_top.v "$dir/hdl/mppe_top.v" "$orig" "$repl" || exit 1
    srcs=""
    for f in $RTL_FILES; do
        srcs="$srcs $dir/hdl/${f##*/}"
    done
    objs=""
    for o in "$@"; do objs="$objs $top/$o"; done
    # shellcheck disable=SC2086
    if ! verilator --cc --exe --build -j 1 -O1 --x-assign fast --x-initial fast -Wno-fatal \
            -I"$dir/hdl" --top-module mppe_top -MAKEFLAGS "OPT_FAST=-O1" \
            -GNUM_ENGINES=1 -GNUM_FLOWS=4096 --Mdir "$dir/obj" -o "$top/$dir/tb_mppe" \
            -CFLAGS "-DTB_NUM_ENGINES=1 -DTB_NUM_FLOWS=4096 -I$top/sim -I$top/contract -I$top/$build/gen" \
            $srcs "$top/sim/tb_top.cpp" $objs "$top/$lib" -LDFLAGS "-lnettle -lcrypto" \
            > "$dir/build.log" 2>&1; then
        tail -20 "$dir/build.log"
        echo "flow_alias_mutants: $m: build failed" >&2
        exit 1
    fi
    if "$dir/tb_mppe" --seed 5 --ops 2000 random > "$dir/run.log" 2>&1; then
        echo "flow_alias_mutants: $m SURVIVED: the test bench passes with flows aliased" >&2
        fail=1
    elif grep -q '^FAIL:' "$dir/run.log"; then
        echo "flow_alias_mutants: $m killed: $(grep -m1 '^FAIL:' "$dir/run.log")"
    else
        tail -5 "$dir/run.log"
        echo "flow_alias_mutants: $m: the test bench stopped without a mismatch report" >&2
        fail=1
    fi
done
exit $fail
