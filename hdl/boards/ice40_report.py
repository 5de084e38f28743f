#!/usr/bin/env python3
"""The BENCH line of an iCE40 board build, from nextpnr-ice40's report.

usage: ice40_report.py BOARD CLK_MHZ NEXTPNR_LOG [REPORT_JSON]

With the JSON report (placed and routed): prints
  BENCH bitstream board=B lc=N lc_util=P fmax_mhz=F clk_mhz=C
and exits 1 if nextpnr's Fmax of the board clock is below CLK_MHZ.
Without it (nextpnr failed): prints what the log says the design needs
against the device and exits 1.
"""
import json
import re
import sys


def main():
    board, clk_mhz, log_path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    log = open(log_path, encoding="utf-8", errors="replace").read()
    if len(sys.argv) < 5:
        # "Info:          ICESTORM_LC: 12345/ 5280   233%" (after packing, before placement)
        m = re.findall(r"ICESTORM_LC:\s*(\d+)/\s*(\d+)", log)
        errs = [l for l in log.splitlines() if l.startswith("ERROR")]
        if m:
            used, avail = int(m[-1][0]), int(m[-1][1])
            print(f"bitstream {board}: does not fit: {used} logic cells needed, the device has {avail} "
                  f"({100.0 * used / avail:.0f}%)", file=sys.stderr)
        r = re.findall(r"ICESTORM_RAM:\s*(\d+)/\s*(\d+)", log)
        if r:
            print(f"  block RAM: {r[-1][0]} EBR needed, the device has {r[-1][1]}", file=sys.stderr)
        for l in errs[:3]:
            print(f"  nextpnr-ice40: {l}", file=sys.stderr)
        return 1
    rep = json.load(open(sys.argv[4]))
    lc = rep["utilization"]["ICESTORM_LC"]
    used, avail = lc["used"], lc["available"]
    fmax = min(v["achieved"] for v in rep["fmax"].values())
    print(f"BENCH bitstream board={board} lc={used} lc_util={100.0 * used / avail:.1f} "
          f"fmax_mhz={fmax:.2f} clk_mhz={clk_mhz:g}")
    if fmax < clk_mhz:
        print(f"bitstream {board}: timing not met: {fmax:.2f} MHz < {clk_mhz:g} MHz", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
