#!/bin/sh
# The LUT count's inverter merge keeps the netlist's function
# (docs/synth-report.md "How LUTs are counted"; make check-synth-count):
# a small module with the card's kinds of flip-flop (active-low asynchronous
# reset to 0 and to 1, a synchronous clear, a counter and a subtractor on
# carry chains) is mapped by synth_xilinx as card_blocks.sh maps a block,
# then its INV cells are merged (opt_merge -share_all t:INV) as before
# counting, and the two netlists are proven equivalent by SAT induction
# over yosys' own simulation models of the Xilinx cells. The check must be
# able to fail: one INV of the merged netlist replaced by a buffer (a LUT1
# passing its input) must make the proof fail.
#   hdl/synth/inv_merge_check.sh BUILD_DIR
set -eu
out=$1/synth-count
mkdir -p "$out"
cat > "$out/small.v" <<'V'
module small(input wire clk_i, input wire rst_ni, input wire srst_i, input wire en_i,
             input wire [7:0] a_i, input wire [7:0] b_i,
             output reg [7:0] cnt_o, output reg [7:0] acc_o, output reg flag_o);
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) begin
      cnt_o <= 8'd0; acc_o <= 8'ha5; flag_o <= 1'b1;
    end else if (srst_i) begin
      cnt_o <= 8'd0; acc_o <= 8'd0; flag_o <= 1'b0;
    end else begin
      if (en_i) cnt_o <= cnt_o + 8'd1;
      acc_o  <= acc_o - (a_i ^ b_i);
      flag_o <= ~flag_o ^ (a_i < b_i);
    end
endmodule
V
yosys -q -l "$out/map.log" -p "read_verilog $out/small.v; synth_xilinx -top small -family xc7 -flatten; \
    tee -o $out/raw.stat stat; write_verilog -noattr $out/raw.v; \
    opt_merge -share_all t:INV; tee -o $out/merged.stat stat; write_verilog -noattr $out/merged.v" >/dev/null
inv() { sed -n 's/^ *INV  *\([0-9]*\)$/\1/p' "$1"; }
raw=$(inv "$out/raw.stat"); merged=$(inv "$out/merged.stat")
# the mapping must have had inverters to merge, or the check proves nothing
[ "${raw:-0}" -gt "${merged:-0}" ] ||
	{ echo "check-synth-count: no INV merged (yosys $raw -> $merged): nothing checked" >&2; exit 1; }
prove() {  # gate netlist; exit status of the equivalence proof
	yosys -q -l "$out/prove.log" -p "read_verilog $out/raw.v; rename small gold; \
	    read_verilog $1; rename small gate; read_verilog +/xilinx/cells_sim.v; \
	    hierarchy -check; proc; flatten gold gate; opt_clean; async2sync; \
	    miter -equiv -flatten -make_assert gold gate miter; hierarchy -top miter; \
	    sat -verify -prove-asserts -tempinduct -set-init-zero -seq 1 miter" >/dev/null 2>&1
}
prove "$out/merged.v" ||
	{ echo "check-synth-count: the merged netlist differs from yosys' (see $out/prove.log)" >&2; exit 1; }
# the mutant: the first INV of the merged netlist passes its input instead
python3 - "$out/merged.v" "$out/mutant.v" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
m = re.search(r"INV (\S+) \(\s*\.I\(", s)
assert m, "no INV in the merged netlist"
s = s[:m.start()] + f"LUT1 #(.INIT(2'h2)) {m.group(1)} (\n    .I0(" + s[m.end():]
open(sys.argv[2], "w").write(s)
PY
if prove "$out/mutant.v"; then
	echo "check-synth-count: an inverter turned into a buffer was not caught: the proof checks nothing" >&2
	exit 1
fi
echo "check-synth-count: INV merge $raw -> $merged keeps the function (SAT induction; a broken inverter is caught)"
