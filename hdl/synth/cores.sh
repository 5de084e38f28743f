#!/bin/sh
# Synthesis of the block-RAM RC4 core (hdl/rc4_bram.v, in its wrapper
# hdl/synth/rc4_bram_timing_top.v) on its own, and of one MPPE engine with
# block-RAM RC4 banks (mppe_engine RC4_BRAM=1): the per-unit numbers that
# size an engine array (make synth-cores; minutes). Outputs under
# build/synth/cores/.
#   Xilinx 7-series: yosys synth_xilinx, Fmax as hdl/synth/fmax_est.py's
#     logic-level ESTIMATE (no 7-series timing tool here), once with the
#     S-box in block RAM and once in LUT RAM;
#   iCE40 UP5K (iCEBreaker, sg48): yosys synth_ice40, nextpnr-ice40 place and
#     route on the real part with its timing analysis (a real timing tool),
#     icepack to a bitstream.
# Prints one BENCH synth_core line per result.
#   RTL_ENGINE_UNIT=... hdl/synth/cores.sh   (make synth-cores passes hdl/rtl.mk's list)
set -eu
: "${RTL_ENGINE_UNIT:?"synth-cores: RTL_ENGINE_UNIT (hdl/rtl.mk) not set; run it as make synth-cores"}"
out=build/synth/cores
mkdir -p "$out"
RTL="hdl/rc4_bram.v hdl/synth/rc4_bram_timing_top.v"

xilinx() {  # name top defines yosys-command files...
	name=$1; top=$2; defs=$3; cmd=$4; shift 4
	cat > "$out/$name.ys" <<YS
read_verilog -DSYNTHESIS $defs -Ihdl -Icontract $*
$cmd
synth_xilinx -top $top -family xc7 -flatten
tee -o $out/$name.stat stat
write_json $out/$name.json
YS
	nice yosys -q -l "$out/$name.log" "$out/$name.ys" > /dev/null 2>&1 ||
		{ echo "synth-cores: yosys failed for $name (see $out/$name.log)" >&2; exit 1; }
	python3 hdl/synth/fmax_est.py "$out/$name.json" > "$out/$name.fmax"
	rm -f "$out/$name.json"
	python3 - "$name" "$out/$name.stat" "$out/$name.fmax" <<'PY'
import re, sys
name, stat, fmax = sys.argv[1:]
cells = dict(re.findall(r"^\s+(\w+)\s+(\d+)$", open(stat).read(), re.M))
n = lambda k: int(cells.get(k, 0))
luts = sum(n(f"LUT{i}") for i in range(1, 7)) + n("INV")
lutram = 4 * n("RAM64M") + 4 * n("RAM32M") + sum(n(k) for k in cells if re.match(r"RAM(64|128|256)X1", k))
bram18 = n("RAMB18E1") + 2 * n("RAMB36E1")
ff = sum(int(v) for k, v in cells.items() if k.startswith("FD"))
f = re.search(r"fmax_est_mhz=([\d.]+)", open(fmax).read()).group(1)
print(f"BENCH synth_core core={name} part=xc7a100t lut={luts} lutram_luts={lutram} ff={ff} "
      f"ramb18={bram18} fmax_est_mhz={f} fmax_model=logic_levels_estimate")
PY
}

xilinx rc4_bram_xc7_bram rc4_bram_timing_top "" "" $RTL
xilinx rc4_bram_xc7_lutram rc4_bram_timing_top "-DRC4_LUTRAM" "" $RTL
# a whole engine with block-RAM RC4 banks (SHA-1, the decision logic, its
# flow-context registers; the engine array's unit)
xilinx mppe_engine_bram_xc7 mppe_engine "" "chparam -set RC4_BRAM 1 mppe_engine" \
	$RTL_ENGINE_UNIT
# the small engine (SMALL=1: iterative SHA-1, no next-key precompute, keys in
# a small RAM), the unit of LiteFury's small-engine configuration (issue 15)
xilinx mppe_engine_small_xc7 mppe_engine "" "chparam -set RC4_BRAM 1 -set SMALL 1 mppe_engine" \
	$RTL_ENGINE_UNIT

# iCE40 UP5K on the iCEBreaker: only the clock pin is fixed (its 12 MHz
# oscillator, pin 35); nextpnr places the other ports.
printf 'set_io clk_i 35\n' > "$out/icebreaker.pcf"
nice yosys -q -l "$out/rc4_bram_up5k.log" -p "read_verilog -DSYNTHESIS -Ihdl -Icontract $RTL; synth_ice40 -top rc4_bram_timing_top -json $out/rc4_bram_up5k.json; tee -o $out/rc4_bram_up5k.stat stat" > /dev/null 2>&1 ||
	{ echo "synth-cores: yosys synth_ice40 failed (see $out/rc4_bram_up5k.log)" >&2; exit 1; }
nice nextpnr-ice40 --up5k --package sg48 --json "$out/rc4_bram_up5k.json" --pcf "$out/icebreaker.pcf" \
	--pcf-allow-unconstrained --freq 12 --seed 1 --asc "$out/rc4_bram_up5k.asc" \
	-l "$out/rc4_bram_up5k.pnr.log" > /dev/null 2>&1 ||
	{ echo "synth-cores: nextpnr-ice40 failed (see $out/rc4_bram_up5k.pnr.log)" >&2; exit 1; }
icepack "$out/rc4_bram_up5k.asc" "$out/rc4_bram_up5k.bin"
python3 - "$out/rc4_bram_up5k.pnr.log" "$out/rc4_bram_up5k.bin" <<'PY'
import os, re, sys
log = open(sys.argv[1]).read()
lc = re.search(r"ICESTORM_LC:\s+(\d+)/\s*(\d+)", log)
ram = re.search(r"ICESTORM_RAM:\s+(\d+)/\s*(\d+)", log)
fm = re.findall(r"Max frequency for clock '[^']*': ([\d.]+) MHz", log)[-1]
print(f"BENCH synth_core core=rc4_bram_up5k part=ice40up5k-sg48 lc={lc.group(1)} lc_total={lc.group(2)} "
      f"ebr={ram.group(1)} ebr_total={ram.group(2)} fmax_mhz={fm} fmax_model=nextpnr_ice40_timing "
      f"bitstream_bytes={os.path.getsize(sys.argv[2])}")
PY
