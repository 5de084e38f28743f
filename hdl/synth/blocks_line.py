#!/usr/bin/env python3
"""BENCH lines of the card's blocks synthesized alone (hdl/synth/card_blocks.sh).

blocks_line.py BOARD PART LUTS BRAM36 ENGINES FLOWS DIR BLOCK...
reads DIR/BLOCK.stat and DIR/BLOCK.fmax; counts as card_line.py does (LUT RAM
by its LUTs, INV cells after inverters of one net are merged; inv_yosys= is
the unmerged mapping's INV count, DIR/BLOCK.raw.stat). The sum's Fmax is the slowest block's
estimate; paths between blocks are not in it (card_top's ports are registered
on the host-interface side). Exits non-zero when the sum is over 85%.
BLOCKS_ENGINE (environment): what ENGINES counts, "small" (engines) unless
set (the farm's: "farm units=K", ENGINES its lanes).
"""
import os
import re
import sys

from card_line import count, fmax_of, last_stat, over_budget, raw_inv


def main():
    board, part, luts_dev, bram_dev, engines, flows, d = sys.argv[1:8]
    tl = tf = 0
    tb = 0.0
    fmin = None
    for b in sys.argv[8:]:
        luts, ffs, bram = count(f"{d}/{b}.stat")
        f = float(fmax_of(f"{d}/{b}.fmax"))
        # the parameters this block was synthesized with (its script), which
        # a reused block may have from an earlier configuration
        sets = re.findall(r"-set (\w+) (\S+)", open(f"{d}/{b}.ys").read())
        params = ",".join(f"{k}:{v}" for k, v in sets) or "default"
        inv = last_stat(open(f"{d}/{b}.stat").read()).get("INV", 0)
        print(f"BENCH synth_block board={board} block={b} params={params} lut={luts} "
              f"ff={ffs} bram36={bram:g} inv_yosys={raw_inv(f'{d}/{b}.stat')} inv_counted={inv} "
              f"fmax_est_mhz={f} fmax_model=logic_levels_estimate")
        tl, tf, tb = tl + luts, tf + ffs, tb + bram
        fmin = f if fmin is None else min(fmin, f)
    lu, bu = tl / int(luts_dev), tb / int(bram_dev)
    kind = os.environ.get("BLOCKS_ENGINE", "small")
    print(f"BENCH synth_blocks_sum board={board} part={part} engines={engines} engine={kind} flows={flows} "
          f"lut={tl} lut_util={lu:.3f} ff={tf} bram36={tb:g} bram_util={bu:.3f} fmax_est_mhz={fmin} "
          f"fmax_model=logic_levels_estimate_slowest_block whole_card_synth=no")
    over_budget("synth-card-blocks", board, lu, bu)


if __name__ == "__main__":
    main()
