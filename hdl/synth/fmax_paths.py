#!/usr/bin/env python3
"""The N worst register-to-register paths of a flattened synth_xilinx netlist
(JSON), one per endpoint register (bits of one register together), with the
delay model of hdl/synth/fmax_est.py (an ESTIMATE from logic levels), each
with its LUT levels and the register it starts at: where to cut a block.
Usage (run from the top of the tree): fmax_paths.py NETLIST.json [N]
  e.g. with the netlist of hdl/synth/card_blocks.sh's script before its
  write_json is deleted, or of a yosys run of the same script."""
import json, re, sys
sys.path.insert(0, "hdl/synth")
import fmax_est as fe
nl = json.load(open(sys.argv[1])); N = int(sys.argv[2]) if len(sys.argv) > 2 else 30
mods = nl["modules"]; top = next(n for n, m in mods.items() if m.get("attributes", {}).get("top"))
cells = mods[top]["cells"]; names = {}
for nm, nn in mods[top]["netnames"].items():
    hidden = nn.get("hide_name", 0)
    for i, b in enumerate(nn["bits"]):
        if isinstance(b, str): continue
        if b not in names or (names[b][0] and not hidden):
            names[b] = (hidden, f"{nm}[{i}]" if len(nn["bits"]) > 1 else nm)
def nm(b): return names.get(b, (1, str(b)))[1]
driver, start_of, comb = {}, {}, {}
for name, c in cells.items():
    k = fe.kind(c["type"]); dirs = c.get("port_directions", {})
    for port, bits in c["connections"].items():
        if dirs.get(port) != "output": continue
        for b in bits:
            if isinstance(b, str): continue
            if k in ("FF", "BRAM"): start_of[b] = (fe.START_NS[k], b)
            else: driver[b] = name
    if k not in ("FF", "BRAM"): comb[name] = k
sys.setrecursionlimit(1000000)
arrival, via, src = {}, {}, {}
onstack = set()
def inputs(name):
    c = cells[name]; dirs = c.get("port_directions", {})
    for port, bits in c["connections"].items():
        if dirs.get(port) == "input":
            if comb[name] == "LUTRAM" and not re.match(r"ADDR|A\d|DPRA|ADDR[A-D]", port): continue
            for b in bits:
                if not isinstance(b, str): yield b
def arr(name):
    if name in arrival: return arrival[name]
    onstack.add(name); best, bf, bs = 0.0, None, None
    for b in inputs(name):
        if b in driver and driver[b] in comb:
            d = driver[b]
            if d in onstack: continue
            t = arr(d)
            if t > best: best, bf, bs = t, d, src[d]
        elif b in start_of and start_of[b][0] > best:
            best, bf, bs = start_of[b][0], None, b
    onstack.discard(name)
    arrival[name] = best + fe.LEVEL_NS[comb[name]]; via[name] = bf; src[name] = bs
    return arrival[name]
ends = {}
for name, c in cells.items():
    k = fe.kind(c["type"])
    if k not in ("FF", "BRAM", "LUTRAM"): continue
    dirs = c.get("port_directions", {})
    qb = [b for p, bits in c["connections"].items() if dirs.get(p) == "output" for b in bits if not isinstance(b, str)]
    en = nm(qb[0]) if qb else name
    for port, bits in c["connections"].items():
        if dirs.get(port) != "input": continue
        for b in bits:
            if isinstance(b, str) or b not in driver or driver[b] not in comb: continue
            t = arr(driver[b]) + fe.END_NS["BRAM" if k == "BRAM" else "FF"]
            key = re.sub(r"\[\d+\]$", "", en)
            if key not in ends or t > ends[key][0]: ends[key] = (t, driver[b], en, port)
worst = sorted(ends.values(), key=lambda x: -x[0])
for t, e, en, port in worst[:N]:
    path = []; n = e
    while n is not None: path.append(n); n = via.get(n)
    lv = sum(1 for p in path if comb[p] == "LUT")
    print(f"{t:6.2f} ns {1000/t:6.1f} MHz lut={lv:2d} end={en}.{port} start={nm(src[e]) if src[e] is not None else '?'}")
