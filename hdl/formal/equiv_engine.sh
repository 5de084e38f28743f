#!/bin/sh
# mppe_engine.v of a git revision against the tree's, for a change that
# must not change what the engine does (a rewrite of its text):
#   make equiv-engine REV=main PAR="-set RC4_BRAM 1 -set SMALL 1"
# which runs, with the engine's files from hdl/rtl.mk (the same list both sides),
#   RTL_ENGINE_UNIT="..." hdl/formal/equiv_engine.sh REV "CHPARAM" BUILD_DIR
# The units the engine instantiates (RC4, SHA-1, mppe_nextkey, mppe_rxdecide,
# mppe_stream) are cut out (expose -evert: what they give is one input of
# both sides, what they take a compared output), so is every flip-flop
# (expose -dff -cut: its value one input of both sides, its next value a
# compared output). yosys sat then proves the miter of both (miter -equiv)
# over two clocks, the second checked: every output, every signal into a
# unit and every register's next value is the same function of the same
# registers and inputs. Registers must keep their names. Both sides are
# edited alike first: state_q's asynchronous reset made synchronous, and the
# small variant's key RAM made an opaque unit (its text must be the same).
# Minutes (SMALL=1 about 7 of CPU); prints "equiv_engine: proven" or fails.
set -eu
rev=$1; par=$2; out=$3/equiv-engine
files=${RTL_ENGINE_UNIT:?"the engine's files (hdl/rtl.mk): run it as make equiv-engine"}
rm -rf "$out"; mkdir -p "$out/gold" "$out/gate"
for f in $files hdl/mppe_keyfn.vh; do
	git show "$rev:$f" > "$out/gold/${f##*/}"
	cp "$f" "$out/gate/${f##*/}"
done
for side in gold gate; do
	python3 - "$out/$side/mppe_engine.v" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
def rep(a, b):
    global s
    if s.count(a) != 1:
        sys.exit("equiv_engine.sh: %s: expected once: %r" % (p, a))
    s = s.replace(a, b)
rep("always @(posedge clk_i or negedge rst_ni)", "always @(posedge clk_i)")
rep("""  always @(posedge clk_i) begin
    if (kw_en) kram[kw_addr] <= kw_data;
    if (kr_en) kr_q <= kram[kr_addr];
  end
""", "  kram_bb u_kram (.clk(clk_i), .we(kw_en), .wa(kw_addr), .wd(kw_data), .re(kr_en), .ra(kr_addr), .rd(kr_q));\n")
rep("  reg  [15:0] kr_q;", "  wire [15:0] kr_q;")
rep("  reg  [15:0] kram [0:31];\n", "")
s += """
(* blackbox *)
module kram_bb (input wire clk, input wire we, input wire [4:0] wa, input wire [15:0] wd,
                input wire re, input wire [4:0] ra, output wire [15:0] rd);
endmodule
"""
open(p, "w").write(s)
PY
done
one() {  # side
	src=""; for f in $files; do src="$src $out/$1/${f##*/}"; done
	echo "read_verilog -DSYNTHESIS -I$out/$1 -Icontract $src
chparam $par mppe_engine
hierarchy -top mppe_engine
proc; opt_clean
expose -evert c:*
hierarchy -top mppe_engine
dffunmap
expose -dff -cut
opt_clean
rename mppe_engine $1
design -stash $1"
}
if ! nice yosys -q -l "$out/yosys.log" -p "
$(one gold)
$(one gate)
design -copy-from gold -as gold gold
design -copy-from gate -as gate gate
miter -equiv -flatten -make_outputs gold gate miter
hierarchy -top miter
sat -verify -seq 2 -prove-skip 1 -prove trigger 0 -set-def-inputs -show-inputs -show-outputs miter
" > /dev/null 2>&1; then
	echo "equiv_engine: NOT proven ($rev against the tree, $par; counterexample in $out/yosys.log)" >&2
	exit 1
fi
echo "equiv_engine: proven ($rev against the tree, $par)"
