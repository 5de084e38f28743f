#!/bin/sh
# The card's blocks synthesized one at a time for a board's small-engine
# configuration (BOARD_SMALL_* of hdl/boards/BOARD/board.mk; issue 15):
# mppe_top with its small engines and flow contexts, hif_top, mgmt_top,
# each yosys 0.23 synth_xilinx -flatten alone, because the whole card takes
# over an hour on this machine. Their sum leaves out card_top's own glue
# (the self-test port's switch, a few hundred LUTs). mgmt_top is synthesized
# with the firmware image (FW_HEX, the golden image's ROM): without one
# yosys removes that ROM (all of it constant), and the sums missed its 4
# RAMB36 until the whole farm card's make synth showed them (118 RAMB36
# against the blocks' 114).
#   FW_HEX=... RTL_ENGINE=... RTL_HIF=... RTL_MGMT=... hdl/synth/card_blocks.sh BOARD
#   FW_HEX=... RTL_FARM=... RTL_ENGINE=... RTL_HIF=... RTL_MGMT=... hdl/synth/card_blocks.sh BOARD farm
#   (make synth-card-blocks / synth-farm-blocks pass hdl/rtl.mk's lists)
# With "farm" the engine block is the engine farm (hdl/mppe_farm.v) with the
# board's BOARD_FARM_LANES lanes and BOARD_FARM_UNITS key-change channels
# (BOARD_FARM_UNIT_CH on each SHA-1 core)
# beside mppe_top with the farm card's BOARD_FARM_ENGINES small engines in
# BOARD_FARM_CTX_BANKS banks (card_top FARM=1: receive, stateful flows, CCP
# resets stay on the engines; issue 15); hif_top and mgmt_top are the same
# blocks (and reused from the other configuration's run). card_farm.v's own
# glue is not in the sum.
# The counted stat ($name.stat) is taken after opt_merge -share_all t:INV,
# which merges inverters of one net (yosys gives every flip-flop with an
# active-low asynchronous reset its own INV); $name.raw.stat is yosys'
# mapping as it came (hdl/synth/card_line.py count(), docs/synth-report.md).
# Prints one BENCH synth_block line per block and one BENCH synth_blocks_sum
# line; Fmax is fmax_est.py's logic-level ESTIMATE of each block alone.
set -eu
board=$1
config=${2:-small}
bmk=hdl/boards/$board/board.mk
val() { sed -n "s/^$1[[:space:]]*:=[[:space:]]*//p" "$bmk"; }
part=$(val BOARD_PART); family=$(val BOARD_FAMILY)
luts=$(val BOARD_LUTS); bram=$(val BOARD_BRAM36); flows=$(val BOARD_NUM_FLOWS)
engines=$(val BOARD_SMALL_ENGINES); banks=$(val BOARD_SMALL_CTX_BANKS)
lanes=$(val BOARD_FARM_LANES); units=$(val BOARD_FARM_UNITS); unitch=$(val BOARD_FARM_UNIT_CH)
ldual=$(val BOARD_FARM_LANE_RC4_DUAL); udual=$(val BOARD_FARM_UNIT_RC4_DUAL)
fengines=$(val BOARD_FARM_ENGINES); fbanks=$(val BOARD_FARM_CTX_BANKS)
[ -n "$engines" ] || { echo "synth-card-blocks: $bmk has no BOARD_SMALL_ENGINES" >&2; exit 1; }
[ "$config" = small ] || { [ -n "$lanes" ] && [ -n "$fengines" ] && [ -n "$fbanks" ]; } ||
	{ echo "synth-card-blocks: $bmk has no BOARD_FARM_LANES, BOARD_FARM_ENGINES or BOARD_FARM_CTX_BANKS" >&2; exit 1; }
out=build/synth/$board-blocks
mkdir -p "$out"
fw=${FW_HEX:?"synth-card-blocks: FW_HEX (the firmware image, build/firmware/firmware.hex) not set; run it as make synth-card-blocks"}
[ -s "$fw" ] || { echo "synth-card-blocks: no firmware image $fw" >&2; exit 1; }
block() {  # name top chparam files...
	name=$1; top=$2; params=$3; shift 3
	# reused while its inputs' contents are unchanged (as card.sh does) and
	# its run has the raw stat (runs before the INV merge are redone)
	key=$( { echo "$params $family${KEY_EXTRA:+ $KEY_EXTRA}"; cat "$@" hdl/*.vh contract/*.vh hdl/synth/fmax_est.py; } | sha256sum | cut -c1-64)
	if [ -f "$out/$name.key" ] && [ "$(cat "$out/$name.key")" = "$key" ] && [ -s "$out/$name.fmax" ] && [ -s "$out/$name.raw.stat" ]; then
		echo "synth-card-blocks: $name unchanged since the last run, not synthesized again" >&2
		return 0
	fi
	rm -f "$out/$name.key"
	cat > "$out/$name.ys" <<YS
read_verilog -DSYNTHESIS -Ihdl -Icontract $*
${params:+chparam $params $top}
synth_xilinx -top $top -family $family -flatten
tee -o $out/$name.raw.stat stat
opt_merge -share_all t:INV
tee -o $out/$name.stat stat
write_json $out/$name.json
YS
	nice -n 19 yosys -q -l "$out/$name.log" "$out/$name.ys" > /dev/null 2>&1 ||
		{ echo "synth-card-blocks: yosys failed for $name (see $out/$name.log)" >&2; exit 1; }
	python3 hdl/synth/fmax_est.py "$out/$name.json" > "$out/$name.fmax"
	# KEEP_JSON=1 keeps the netlist for hdl/synth/fmax_paths.py (hundreds of MB)
	[ -n "${KEEP_JSON:-}" ] || rm -f "$out/$name.json"
	echo "$key" > "$out/$name.key"
}
# the file lists of hdl/rtl.mk, passed by make
if [ "$config" = farm ]; then
	eng=mppe_farm
	block mppe_farm mppe_farm "-set LANES $lanes -set UNITS $units -set UNIT_CH ${unitch:-1} -set NUM_FLOWS $flows -set LANE_RC4_DUAL ${ldual:-1} -set UNIT_RC4_DUAL ${udual:-0}" $RTL_FARM
	block mppe_top_farm mppe_top "-set NUM_ENGINES $fengines -set NUM_FLOWS $flows -set RC4_BRAM 1 -set SMALL 1 -set CTX_BANKS $fbanks" \
		$RTL_ENGINE
	eng="mppe_farm mppe_top_farm"
else
	eng=mppe_top
	block mppe_top mppe_top "-set NUM_ENGINES $engines -set NUM_FLOWS $flows -set RC4_BRAM 1 -set SMALL 1 -set CTX_BANKS $banks" \
		$RTL_ENGINE
fi
# (hif_top's NUM_ENGINES is only the value of its capability register: not set)
block hif_top hif_top "-set NUM_FLOWS $flows" $RTL_HIF
# the golden image's contents are in the key: another image, another run
KEY_EXTRA=$(sha256sum < "$fw") block mgmt_top mgmt_top "-set FW_HEX \"$fw\"" $RTL_MGMT
rc=0
res=bench.txt kind=small
[ "$config" = farm ] && { res=bench-farm.txt; kind="farm units=$units unit_ch=${unitch:-1}"; engines=$lanes; }
BLOCKS_ENGINE="$kind" python3 hdl/synth/blocks_line.py "$board" "$part" "$luts" "$bram" "$engines" "$flows" "$out" \
	$eng hif_top mgmt_top > "$out/$res" || rc=$?
cat "$out/$res"
exit $rc
