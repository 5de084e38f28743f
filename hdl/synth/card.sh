#!/bin/sh
# Synthesis of the whole card (card_top: host interface, engines, the farm
# where the board has one, management core with its firmware in IMEM) for
# one board configuration, with yosys synth_xilinx (make synth; slow: tens
# of minutes on 2 shared cores). card_top's parameters are the ones the
# Vivado flow builds, from hdl/boards/card_params.py (the board's BOARD_CARD:
# LiteFury's farm card, card_top FARM=1).
#   RTL_CARD=... hdl/synth/card.sh BOARD FIRMWARE_HEX
# (make synth-card passes hdl/rtl.mk's RTL_CARD, the card's one file list)
# reads hdl/boards/BOARD/board.mk, writes build/synth/BOARD/ (log, cell
# counts, the Fmax estimate of hdl/synth/fmax_est.py, the key of its inputs)
# and prints
#   BENCH synth board=... part=... lut=... lut_util=... ff=... bram36=... bram_util=... fmax_est_mhz=...
# Resources are yosys' mapping (not Vivado's), counted after inverters of one
# net are merged (card_line.py count(); card.raw.stat is the mapping as it
# came); the Fmax is an estimate from
# logic levels (see fmax_est.py for the delay model), not a timing analysis.
set -eu
board=$1
fw=$2
bmk=hdl/boards/$board/board.mk
[ -f "$bmk" ] || { echo "synth: no board '$board' (hdl/boards/*/board.mk)" >&2; exit 1; }
val() { sed -n "s/^$1[[:space:]]*:=[[:space:]]*//p" "$bmk"; }
part=$(val BOARD_PART); family=$(val BOARD_FAMILY)
luts=$(val BOARD_LUTS); bram=$(val BOARD_BRAM36)
flows=$(val BOARD_NUM_FLOWS)
chparams=$(python3 hdl/boards/card_params.py "$board" --yosys)
engines=$(python3 hdl/boards/card_params.py "$board" | sed -n 's/^NUM_ENGINES=//p')
lanes=$(python3 hdl/boards/card_params.py "$board" | sed -n 's/^FARM_LANES=//p')
out=build/synth/$board
mkdir -p "$out"
RTL=${RTL_CARD:?"synth: RTL_CARD (hdl/rtl.mk) not set; run it as make synth-card"}
# Reuse the last run when nothing it read has changed (content, not dates:
# a rebase or a fresh checkout does not cost another half hour).
key=$(cat $RTL hdl/*.vh contract/*.vh "$bmk" hdl/boards/card_params.py hdl/synth/card.sh hdl/synth/fmax_est.py "$fw" | sha256sum | cut -c1-64)
if [ -f "$out/key" ] && [ "$(cat "$out/key")" = "$key" ] && [ -s "$out/card.stat" ] && [ -s "$out/card.raw.stat" ] && [ -s "$out/fmax.txt" ]; then
	echo "synth: $board unchanged since the last run (build/synth/$board/key), not synthesized again" >&2
else
rm -f "$out/key"
cat > "$out/card.ys" <<YS
read_verilog -DSYNTHESIS -Ihdl -Icontract $(echo $RTL)
chparam $chparams -set FW_HEX "$fw" card_top
synth_xilinx -top card_top -family $family -flatten
tee -o $out/card.raw.stat stat
opt_merge -share_all t:INV
tee -o $out/card.stat stat
write_json $out/card.json
YS
nice yosys -q -l "$out/card.log" "$out/card.ys" > /dev/null 2>&1 ||
	{ echo "synth: yosys failed for $board (see $out/card.log)" >&2; tail -5 "$out/card.log" >&2; exit 1; }
python3 hdl/synth/fmax_est.py "$out/card.json" > "$out/fmax.txt"
rm -f "$out/card.json"   # hundreds of MB; the log and the stat are kept
echo "$key" > "$out/key"
fi
rc=0
CARD_LANES="$lanes" python3 hdl/synth/card_line.py "$board" "$part" "$luts" "$bram" "$engines" "$flows" \
	"$out/card.stat" "$out/fmax.txt" > "$out/bench.txt" || rc=$?
cat "$out/bench.txt"
exit $rc
