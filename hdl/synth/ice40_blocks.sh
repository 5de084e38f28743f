#!/bin/sh
# iCE40 resources of each block an iCEBreaker (UP5K) card would be built
# from, measured before designing that card (issue 14 item 5;
# docs/hardware.md "iCE40"). yosys 0.23 synth_ice40 of each block on its own,
# one at a time under nice; `make synth-ice40-blocks` (about 30 minutes on a
# busy machine, not part of make check). These are synthesis cell counts, not placed LCs:
# nextpnr packs one SB_LUT4 with one flip-flop (and a carry) per logic cell,
# so a block needs at least max(lut4, ff) of the UP5K's 5,280 LCs.
# Outputs under build/synth/ice40-blocks/; one BENCH synth_block line each.
#   RTL_ENGINE_UNIT=... RTL_MGMT_CPU=... hdl/synth/ice40_blocks.sh
#   (make synth-ice40-blocks passes hdl/rtl.mk's lists)
set -eu
: "${RTL_ENGINE_UNIT:?"synth-ice40-blocks: RTL_ENGINE_UNIT (hdl/rtl.mk) not set; run it as make synth-ice40-blocks"}"
: "${RTL_MGMT_CPU:?"synth-ice40-blocks: RTL_MGMT_CPU (hdl/rtl.mk) not set; run it as make synth-ice40-blocks"}"
out=build/synth/ice40-blocks
mkdir -p "$out"

block() {  # name top "yosys commands before synthesis" files...
	name=$1; top=$2; cmd=$3; shift 3
	nice yosys -q -l "$out/$name.log" -p "read_verilog -DSYNTHESIS -Ihdl -Icontract $*; $cmd
		synth_ice40 -top $top; tee -q -o $out/$name.stat stat" > /dev/null 2>&1 ||
		{ echo "synth-ice40-blocks: yosys failed for $name (see $out/$name.log)" >&2; exit 1; }
	python3 - "$name" "$out/$name.stat" <<'PY'
import re, sys
name, stat = sys.argv[1:]
cells = dict(re.findall(r"^\s+(\w+)\s+(\d+)$", open(stat).read(), re.M))
n = lambda k: int(cells.get(k, 0))
ff = sum(int(v) for k, v in cells.items() if k.startswith("SB_DFF"))
lut = n("SB_LUT4")
ebr = sum(int(v) for k, v in cells.items() if k.startswith("SB_RAM40_4K"))
print(f"BENCH synth_block block={name} part=ice40up5k lut4={lut} ff={ff} carry={n('SB_CARRY')} "
      f"ebr={ebr} spram={n('SB_SPRAM256KA')} lc_lower_bound={max(lut, ff)} lc_total=5280 "
      f"model=yosys_synth_ice40_cells_not_placed")
PY
}

# the block-RAM RC4 core in its timing wrapper (make synth-cores places it)
block rc4_bram rc4_bram_timing_top "" hdl/rc4_bram.v hdl/synth/rc4_bram_timing_top.v
# SHA-1 as the engine has it: one round per clock, 16-word window in flip-flops
block sha1_core sha1_core "" hdl/sha1_core.v
# the iterative SHA-1 for small FPGAs: schedule in a 16-word RAM, 370 clocks
# per block (check-sha1-iter checks it against OpenSSL)
block sha1_iter sha1_iter "" hdl/sha1_iter.v
# the management core alone (RV32I; its 31 registers are flip-flops)
block mgmt_cpu mgmt_cpu "" $RTL_MGMT_CPU
# ... with its registers in block RAM (REGFILE_BRAM=1, the iCE40 build's)
block mgmt_cpu_bramrf mgmt_cpu "chparam -set REGFILE_BRAM 1 mgmt_cpu" $RTL_MGMT_CPU
# ... the area-first core (SMALL=1, the iCEBreaker's: one register/CSR RAM, one adder)
block mgmt_cpu_small mgmt_cpu "chparam -set SMALL 1 mgmt_cpu" $RTL_MGMT_CPU
# one MPPE engine with the block-RAM RC4 banks, sized for 4 flows (the
# contexts live outside it, in mppe_top's RAMs)
block mppe_engine_rc4bram mppe_engine "chparam -set RC4_BRAM 1 -set NUM_FLOWS 4 mppe_engine" \
	$RTL_ENGINE_UNIT
# the same engine's area variant for the iCE40 card (SMALL=1: sha1_iter fed a
# word at a time, no next-key precompute bank, counters as read-modify-write
# increments; check-rtl's e1s model tests it against the C reference)
block mppe_engine_small mppe_engine "chparam -set RC4_BRAM 1 -set SMALL 1 -set NUM_FLOWS 4 mppe_engine" \
	$RTL_ENGINE_UNIT

# Placed and routed on the UP5K by nextpnr-ice40 (its own timing analysis),
# each SHA-1 core in its pin-saving wrapper (the wrapper's shift register and
# output multiplexer are counted too): the logic cells and Fmax the
# SHA-1 choice of an iCE40 engine rests on. Only the clock pin is fixed (the
# iCEBreaker's 12 MHz oscillator, pin 35).
printf 'set_io clk_i 35\n' > "$out/icebreaker.pcf"
# the iCE40-HX8K breakout's 12 MHz oscillator is on pin J3
printf 'set_io clk_i J3\n' > "$out/hx8k.pcf"
part="--up5k --package sg48"; part_name=ice40up5k-sg48; pcf=$out/icebreaker.pcf
placed() {  # name top files... (yosys commands before synthesis in $pre)
	name=$1; top=$2; shift 2
	nice yosys -q -l "$out/$name.pnr-synth.log" -p "read_verilog -DSYNTHESIS -Ihdl -Icontract $*; ${pre:-}
		synth_ice40 -top $top -json $out/$name.json" > /dev/null 2>&1 ||
		{ echo "synth-ice40-blocks: yosys failed for $name (see $out/$name.pnr-synth.log)" >&2; exit 1; }
	nice nextpnr-ice40 $part --json "$out/$name.json" --pcf "$pcf" \
		--pcf-allow-unconstrained --freq 12 --seed 1 --asc "$out/$name.asc" \
		-l "$out/$name.pnr.log" > /dev/null 2>&1 ||
		{ echo "synth-ice40-blocks: nextpnr-ice40 failed for $name (see $out/$name.pnr.log)" >&2; exit 1; }
	python3 - "$name" "$out/$name.pnr.log" "$part_name" <<'PY'
import re, sys
name, log, part = sys.argv[1], open(sys.argv[2]).read(), sys.argv[3]
lc = re.search(r"ICESTORM_LC:\s+(\d+)/\s*(\d+)", log)
ram = re.search(r"ICESTORM_RAM:\s+(\d+)/\s*(\d+)", log)
fm = re.findall(r"Max frequency for clock '[^']*': ([\d.]+) MHz", log)[-1]
print(f"BENCH synth_block_placed block={name} part={part} lc={lc.group(1)} lc_total={lc.group(2)} "
      f"ebr={ram.group(1)} fmax_mhz={fm} fmax_model=nextpnr_ice40_timing")
PY
}
placed sha1_iter_wrapped sha1_iter_timing_top hdl/sha1_iter.v hdl/synth/sha1_iter_timing_top.v
placed sha1_core_wrapped sha1_timing_top hdl/sha1_core.v hdl/synth/sha1_timing_top.v
# the management core with its registers in block RAM
placed mgmt_cpu_bramrf_wrapped mgmt_cpu_timing_top $RTL_MGMT_CPU hdl/synth/mgmt_cpu_timing_top.v
# ... and the area-first core (SMALL=1)
pre="chparam -set SMALL 1 mgmt_cpu_timing_top"
placed mgmt_cpu_small_wrapped mgmt_cpu_timing_top $RTL_MGMT_CPU hdl/synth/mgmt_cpu_timing_top.v
pre=
# The small engine does not fit the UP5K alone: placed on the HX8K, in a
# wrapper that feeds its 249 input bits from a shift register and folds its
# outputs into one pin by XOR (both counted).
part="--hx8k --package ct256"; part_name=ice40hx8k-ct256; pcf=$out/hx8k.pcf
placed mppe_engine_small_wrapped mppe_engine_small_timing_top $RTL_ENGINE_UNIT hdl/synth/mppe_engine_small_timing_top.v
