#!/usr/bin/env python3
"""The BENCH synth line of one board from yosys' stat and the Fmax estimate.

card_line.py BOARD PART LUTS BRAM36 ENGINES FLOWS CARD.stat FMAX.txt
CARD_LANES (environment): the farm's lanes when the card has one (card_top
FARM=1; hdl/boards/card_params.py), printed as farm_lanes=.
Exits non-zero when LUTs or block RAM are above 85% of the device: the rest
is the PCIe endpoint's and the place-and-route margin. How a stat file is
counted and the budget check are this file's, for blocks_line.py too.
"""
import os
import re
import sys

BUDGET = 0.85


def last_stat(text):
    cells = {}
    blocks = text.split("Number of cells:")
    for line in blocks[-1].splitlines()[1:]:
        m = re.match(r"\s+(\S+)\s+(\d+)$", line)
        if m:
            cells[m.group(1)] = int(m.group(2))
        elif cells:
            break
    return cells


def count(stat):
    """(LUTs, flip-flops, RAMB36 equivalents) of yosys' stat file `stat`."""
    cells = last_stat(open(stat).read())
    luts = sum(v for k, v in cells.items() if re.match(r"LUT\d$", k))
    # LUT RAM: a RAM32M is 4 LUTs, a RAM64M 4, RAM32X1D/RAM64X1D 2, RAM128X1D 4
    luts += sum(v * {"RAM32M": 4, "RAM64M": 4, "RAM32X1D": 2, "RAM64X1D": 2,
                     "RAM128X1D": 4, "RAM32X1S": 1, "RAM64X1S": 1}.get(k, 0)
                for k, v in cells.items())
    # INV cells, one LUT each, as they are after opt_merge -share_all t:INV
    # (card.sh, card_blocks.sh): yosys 0.23 gives every flip-flop with an
    # active-low asynchronous reset its own INV on CLR/PRE (xilinx ff_map.v
    # runs after abc, so nothing merges them: 9,110 of hif_top's 9,356), where
    # Vivado drives all of them from one inverter of the reset net, or none
    # (the reset synchronizer's output taken inverted). Merged, what is left
    # is one INV per inverted net, mostly on CARRY4 S and DI inputs, which
    # only a LUT can drive: still an upper bound, by a LUT or two per block.
    # The unmerged mapping is the run's *.raw.stat (inv_yosys= on the lines);
    # docs/synth-report.md "How LUTs are counted".
    luts += cells.get("INV", 0)
    ffs = sum(v for k, v in cells.items() if re.match(r"FD[A-Z]+$", k))
    bram = cells.get("RAMB36E1", 0) + cells.get("RAMB18E1", 0) / 2
    return luts, ffs, bram


def raw_inv(stat):
    """INV cells of yosys' unmerged mapping: `stat` with .stat -> .raw.stat
    (runs made before the merge have none: None)."""
    raw = re.sub(r"\.stat$", ".raw.stat", stat)
    try:
        return last_stat(open(raw).read()).get("INV", 0)
    except OSError:
        return None


def fmax_of(path):
    """fmax_est.py's estimate in `path`, "0" when it has none."""
    m = re.search(r"fmax_est_mhz=([\d.]+)", open(path).read())
    return m.group(1) if m else "0"


def over_budget(who, board, lut_util, bram_util):
    """Say so and exit 1 when either share is over BUDGET."""
    if lut_util > BUDGET or bram_util > BUDGET:
        print(f"{who}: {board} is over the {BUDGET:.0%} budget", file=sys.stderr)
        sys.exit(1)


def main():
    board, part, luts_dev, bram_dev, engines, flows, stat, fmax = sys.argv[1:9]
    luts, ffs, bram = count(stat)
    lut_util = luts / int(luts_dev)
    bram_util = bram / int(bram_dev)
    inv = last_stat(open(stat).read()).get("INV", 0)
    lanes = os.environ.get("CARD_LANES", "")
    farm = f"farm_lanes={lanes} " if lanes else ""
    print(f"BENCH synth board={board} part={part} engines={engines} {farm}flows={flows} lut={luts} "
          f"lut_util={lut_util:.3f} ff={ffs} bram36={bram:g} bram_util={bram_util:.3f} "
          f"inv_yosys={raw_inv(stat)} inv_counted={inv} "
          f"fmax_est_mhz={fmax_of(fmax)} fmax_model=logic_levels_estimate")
    over_budget("synth", board, lut_util, bram_util)


if __name__ == "__main__":
    main()
