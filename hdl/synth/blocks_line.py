#!/usr/bin/env python3
"""BENCH lines of the card's blocks synthesized alone (hdl/synth/card_blocks.sh).

blocks_line.py BOARD PART LUTS BRAM36 ENGINES FLOWS DIR BLOCK...
reads DIR/BLOCK.stat and DIR/BLOCK.fmax; counts as card_line.py does (LUT RAM
and INV cells as LUTs: an upper bound). The sum's Fmax is the slowest block's
estimate; paths between blocks are not in it (card_top's ports are registered
on the host-interface side). Exits non-zero when the sum is over 85%.
"""
import re
import sys

from card_line import BUDGET, last_stat


def count(stat):
    cells = last_stat(open(stat).read())
    luts = sum(v for k, v in cells.items() if re.match(r"LUT\d$", k))
    luts += sum(v * {"RAM32M": 4, "RAM64M": 4, "RAM32X1D": 2, "RAM64X1D": 2,
                     "RAM128X1D": 4, "RAM32X1S": 1, "RAM64X1S": 1}.get(k, 0)
                for k, v in cells.items())
    luts += cells.get("INV", 0)
    ffs = sum(v for k, v in cells.items() if re.match(r"FD[A-Z]+$", k))
    bram = cells.get("RAMB36E1", 0) + cells.get("RAMB18E1", 0) / 2
    return luts, ffs, bram


def main():
    board, part, luts_dev, bram_dev, engines, flows, d = sys.argv[1:8]
    tl = tf = 0
    tb = 0.0
    fmin = None
    for b in sys.argv[8:]:
        luts, ffs, bram = count(f"{d}/{b}.stat")
        f = float(re.search(r"fmax_est_mhz=([\d.]+)", open(f"{d}/{b}.fmax").read()).group(1))
        # the parameters this block was synthesized with (its script), which
        # a reused block may have from an earlier configuration
        sets = re.findall(r"-set (\w+) (\S+)", open(f"{d}/{b}.ys").read())
        params = ",".join(f"{k}:{v}" for k, v in sets) or "default"
        print(f"BENCH synth_block board={board} block={b} params={params} lut={luts} "
              f"ff={ffs} bram36={bram:g} fmax_est_mhz={f} fmax_model=logic_levels_estimate")
        tl, tf, tb = tl + luts, tf + ffs, tb + bram
        fmin = f if fmin is None else min(fmin, f)
    lu, bu = tl / int(luts_dev), tb / int(bram_dev)
    print(f"BENCH synth_blocks_sum board={board} part={part} engines={engines} engine=small flows={flows} "
          f"lut={tl} lut_util={lu:.3f} ff={tf} bram36={tb:g} bram_util={bu:.3f} fmax_est_mhz={fmin} "
          f"fmax_model=logic_levels_estimate_slowest_block whole_card_synth=no")
    if lu > BUDGET or bu > BUDGET:
        print(f"synth-card-blocks: {board} is over the {BUDGET:.0%} budget", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
