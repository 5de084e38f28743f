#!/bin/sh
# Synthesis of the RTL MPPE engine (make synth). Writes logs under
# build/synth and the summary docs/synth-report.md.
#   1. yosys synth_xilinx of mppe_top with the default parameters
#      (4096 flows, 4 engines): LUTs, flip-flops, block RAMs.
#   2. iCE40 (yosys synth_ice40 + nextpnr-ice40 --hx8k) of the 1-engine,
#      16-flow configuration: only with SYNTH_STEPS=ice40 (slow, and it does
#      not fit: one register-file S-box alone exceeds the device; step 3
#      shows it with rc4_core).
#   3. iCE40 place and route of the keystream path (rc4_core with 32- and
#      64-entry S-boxes; the 256-entry RC4 core is tried and does not fit) and of the SHA-1
#      core, for an Fmax estimate; the 256-entry Fmax is extrapolated.
# SYNTH_STEPS selects steps (default "xilinx ice40 timing").
set -u
out=build/synth
mkdir -p "$out"
RTL="hdl/rc4_core.v hdl/sha1_core.v hdl/fifo_fwft.v hdl/ram_sp.v hdl/mppe_engine.v hdl/mppe_ctx_port.v hdl/mppe_top.v"
steps=${SYNTH_STEPS:-"timing xilinx"}

for step in $steps; do
case $step in
xilinx)
	cat > $out/xilinx.ys <<YS
read_verilog -Ihdl $RTL
synth_xilinx -top mppe_top -family xc7
tee -o $out/xilinx.stat stat
YS
	yosys -q -l $out/xilinx.log $out/xilinx.ys > /dev/null 2>&1 || { echo "synth: yosys xilinx failed"; exit 1; }
	;;
ice40)
	cat > $out/ice40.ys <<YS
read_verilog -Ihdl $RTL
chparam -set NUM_ENGINES 1 -set NUM_FLOWS 16 mppe_top
synth_ice40 -top mppe_top -json $out/ice40.json
tee -o $out/ice40.stat stat
YS
	yosys -q -l $out/ice40.log $out/ice40.ys > /dev/null 2>&1 || { echo "synth: yosys ice40 failed"; exit 1; }
	nextpnr-ice40 --hx8k --package ct256 --json $out/ice40.json --pcf-allow-unconstrained \
		--freq 25 --timing-allow-fail > $out/ice40-pnr.log 2>&1
	echo "rc=$?" >> $out/ice40-pnr.log
	;;
timing)
	for cfg in rc4:5 rc4:6 rc4:8 sha1:0; do
		core=${cfg%%:*}; w=${cfg##*:}; name=$core; par=""
		[ "$core" = rc4 ] && { name=rc4_w$w; par="chparam -set W $w rc4_timing_top"; }
		# SYNTH_REUSE=1: keep a finished place and route
		if [ -n "${SYNTH_REUSE:-}" ] && grep -q "^rc=0" $out/$name-pnr.log 2>/dev/null; then continue; fi
		cat > $out/$name.ys <<YS
read_verilog -Ihdl hdl/rc4_core.v hdl/sha1_core.v hdl/synth/${core}_timing_top.v
$par
synth_ice40 -top ${core}_timing_top -json $out/$name.json
tee -o $out/$name.stat stat
YS
		yosys -q -l $out/$name.log $out/$name.ys > /dev/null 2>&1 || { echo "synth: yosys $name failed"; exit 1; }
		nextpnr-ice40 --hx8k --package ct256 --json $out/$name.json --pcf-allow-unconstrained \
			--freq 100 --seed 1 --timing-allow-fail > $out/$name-pnr.log 2>&1
		echo "rc=$?" >> $out/$name-pnr.log
	done
	;;
esac
done
python3 hdl/synth/report.py "$out" > docs/synth-report.md && echo "synth: docs/synth-report.md written"
