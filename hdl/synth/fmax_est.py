#!/usr/bin/env python3
"""Fmax ESTIMATE of a flattened yosys synth_xilinx netlist (JSON).

There is no 7-series timing tool here (no Vivado, no nextpnr-xilinx), so this
counts logic levels on every register-to-register path of the mapped netlist
and converts the worst one to a period with a fixed delay per cell type. It is
an estimate, not a timing analysis: real net delays depend on placement.

The model (Artix-7, speed grade -2, numbers rounded from the data sheet
DS181 switching characteristics plus an average routed net):
  LUT1..LUT6            1.00 ns  (0.12 ns LUT + ~0.9 ns net to the next cell)
  MUXF7 / MUXF8         0.30 ns  (inside the slice, no general routing)
  CARRY4                0.35 ns  (per carry block in a chain)
  LUT RAM read          1.20 ns
  path start            0.45 ns  flip-flop clock-to-out, 2.10 ns block RAM
  path end              0.35 ns  flip-flop setup + clock uncertainty,
                        0.60 ns  block RAM address/data setup
Usage: fmax_est.py NETLIST.json -> prints levels, period, fmax, the path.
"""
import json
import re
import sys

LEVEL_NS = {"LUT": 1.00, "MUXF7": 0.30, "MUXF8": 0.30, "CARRY4": 0.35, "LUTRAM": 1.20,
            "INV": 1.00, "BUF": 0.0}
START_NS = {"FF": 0.45, "BRAM": 2.10, "PORT": 0.0}
END_NS = {"FF": 0.35, "BRAM": 0.60, "PORT": 0.0}


def kind(t):
    if re.match(r"LUT\d$", t):
        return "LUT"
    if t in ("MUXF7", "MUXF8", "CARRY4", "INV"):
        return t
    if re.match(r"RAM(32|64|128|256)", t):
        return "LUTRAM"       # asynchronous read: combinational from the address
    if t.startswith("FD") or t.startswith("SRL"):
        return "FF"
    if t.startswith("RAMB") or t.startswith("DSP"):
        return "BRAM"
    if t in ("BUFG", "IBUF", "OBUF", "IOBUF", "BUF"):
        return "BUF"
    return "FF"               # anything unknown: treat as a register (optimistic)


def main():
    with open(sys.argv[1]) as f:
        nl = json.load(f)
    mods = nl["modules"]
    top = next(n for n, m in mods.items() if m.get("attributes", {}).get("top"))
    cells = mods[top]["cells"]
    driver = {}               # net bit -> cell name (combinational drivers only)
    start_of = {}             # net bit -> start delay (register outputs)
    comb = {}
    for name, c in cells.items():
        k = kind(c["type"])
        dirs = c.get("port_directions", {})
        for port, bits in c["connections"].items():
            if dirs.get(port) != "output":
                continue
            for b in bits:
                if isinstance(b, str):
                    continue
                if k in ("FF", "BRAM"):
                    start_of[b] = START_NS[k]
                else:
                    driver[b] = name
        if k not in ("FF", "BRAM"):
            comb[name] = k
    # arrival time at each combinational cell's output (longest path), memoised
    arrival = {}
    via = {}

    def inputs(name):
        c = cells[name]
        dirs = c.get("port_directions", {})
        for port, bits in c["connections"].items():
            if dirs.get(port) == "input":
                # a LUT RAM's write side (WE, D, clock) is a register input
                if comb[name] == "LUTRAM" and not re.match(r"ADDR|A\d|DPRA|ADDR[A-D]", port):
                    continue
                for b in bits:
                    if not isinstance(b, str):
                        yield b

    sys.setrecursionlimit(1000000)
    onstack = set()

    def arr(name):
        if name in arrival:
            return arrival[name]
        onstack.add(name)
        best, best_from = 0.0, None
        for b in inputs(name):
            if b in driver and driver[b] in comb:
                d = driver[b]
                if d in onstack:
                    continue      # a combinational loop through a mux select: not a real path
                t = arr(d)
                if t > best:
                    best, best_from = t, d
            elif b in start_of and start_of[b] > best:
                best, best_from = start_of[b], None
        onstack.discard(name)
        arrival[name] = best + LEVEL_NS[comb[name]]
        via[name] = best_from
        return arrival[name]

    worst, worst_end, worst_cell = 0.0, None, None
    for name, c in cells.items():
        k = kind(c["type"])
        if k not in ("FF", "BRAM", "LUTRAM"):
            continue
        dirs = c.get("port_directions", {})
        for port, bits in c["connections"].items():
            if dirs.get(port) != "input":
                continue
            for b in bits:
                if isinstance(b, str) or b not in driver or driver[b] not in comb:
                    continue
                t = arr(driver[b]) + END_NS["BRAM" if k == "BRAM" else "FF"]
                if t > worst:
                    worst, worst_end, worst_cell = t, driver[b], name
    path = []
    n = worst_end
    while n is not None:
        path.append(n)
        n = via.get(n)
    path.reverse()
    levels = sum(1 for p in path if comb[p] == "LUT")
    print(f"period_ns={worst:.2f} fmax_est_mhz={1000.0 / worst:.1f} lut_levels={levels} "
          f"cells_on_path={len(path)}")
    print("endpoint: " + (worst_cell or "-"))
    for p in path:
        print(f"  {cells[p]['type']:7s} {p}")


if __name__ == "__main__":
    main()
