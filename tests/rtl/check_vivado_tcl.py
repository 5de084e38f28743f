#!/usr/bin/env python3
"""check-board-vivado: a PCIe board's generated Vivado script is what the
board should build, and its file list elaborates (no Vivado runs here).

check_vivado_tcl.py BOARD TCL WORKDIR [-GNAME=VALUE ...]

Parses TCL (hdl/boards/vivado/gen_tcl.py's output) and fails unless
  - part, top, constraints and flash size are the board's flow.mk;
  - the generics are card_top's parameters for the board's BOARD_CARD
    (hdl/boards/card_params.py) and its BOARD_CARD_CLK_DIV, each named once,
    and agree with every -GNAME=VALUE given (make passes the -G flags of the
    simulated card, cardsim-farm for LiteFury: the bitstream's card is the
    card check-card-engine-farm tests);
  - it ends by sourcing hdl/boards/vivado/build.tcl, and every file exists;
  - yosys (read_verilog, hierarchy -top TOP -chparam GENERICS) elaborates
    the file list with nothing missing but Xilinx primitives (yosys' own
    cell library names them) and the IP pcie_7x.tcl generates;
  - the elaborated card has what the generics ask (instances counted through
    every level of hierarchy): with FARM=1, card_farm
    and an mppe_farm of FARM_LANES lanes (mppe_lane cells) and
    FARM_UNITS/FARM_UNIT_CH key units; mppe_top with NUM_ENGINES engines;
    with FARM=0 no farm at all.
Files of the list that the elaborated design does not use (variants for
other parameters, which Vivado ignores) are printed, not failed.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, "hdl/boards")
sys.path.insert(0, "hdl/boards/vivado")
from card_params import board_vars, params  # noqa: E402
from gen_tcl import flow_vars  # noqa: E402

XILINX_CELLS = ("/usr/share/yosys/xilinx/cells_sim.v", "/usr/share/yosys/xilinx/cells_xtra.v")


def fail(msg):
    print(f"check-board-vivado: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def parse_tcl(path):
    """{name: value or [items]} of the script's `set` commands, and its
    commands other than `set` (comments dropped)."""
    sets, cmds = {}, []
    lines = open(path).read().splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r"set (\w+) \{", line)
        if m:
            items = []
            while i < len(lines) and lines[i].strip() != "}":
                if lines[i].strip():
                    items.append(lines[i].strip())
                i += 1
            if i == len(lines):
                fail(f"{path}: set {m.group(1)} {{ is not closed")
            i += 1
            if m.group(1) in sets:
                fail(f"{path}: {m.group(1)} set twice")
            sets[m.group(1)] = items
            continue
        m = re.fullmatch(r"set (\w+) (\S+)", line)
        if m:
            if m.group(1) in sets:
                fail(f"{path}: {m.group(1)} set twice")
            sets[m.group(1)] = m.group(2)
            continue
        cmds.append(line)
    return sets, cmds


def base(module):
    """card_top of `$paramod$HASH\\card_top` or `$paramod\\mppe_lane\\X=1'0`."""
    if module.startswith("$paramod"):
        return module.split("\\")[1]
    return module.lstrip("\\")


def stat_by_module(text):
    """{module: {cell type: count}} of yosys' stat output."""
    out, cur = {}, None
    for line in text.splitlines():
        m = re.match(r"=== (.*) ===$", line.strip())
        if m:
            cur = out.setdefault(m.group(1), {})
            continue
        m = re.match(r"\s{5,}(\S+)\s+(\d+)$", line)
        if m and cur is not None and not line.strip().startswith("Number"):
            cur[m.group(1)] = int(m.group(2))
    return out


def instances(stat, top, name):
    """How many instances of module `name` (any derived variant) the design
    under module `top` holds, through every level of hierarchy between (a
    lane inside a pair of lanes inside the farm counts)."""
    memo = {}

    def under(mod):
        if mod not in memo:
            memo[mod] = 0
            memo[mod] = sum(n if base(t) == name else n * under(t)
                            for t, n in stat.get(mod, {}).items() if t in stat or base(t) == name)
        return memo[mod]
    return under(top)


def main():
    if len(sys.argv) < 4:
        fail("usage: check_vivado_tcl.py BOARD TCL WORKDIR [-GNAME=VALUE ...]")
    board, tcl, work = sys.argv[1:4]
    expect = {}
    for g in sys.argv[4:]:
        m = re.fullmatch(r"-G(\w+)=(\d+)", g)
        if m:
            expect[m.group(1)] = int(m.group(2))
    sets, cmds = parse_tcl(tcl)
    fl, bv = flow_vars(board), board_vars(board)

    for var, key in (("board", None), ("part", "BOARD_VIVADO_PART"), ("top", "BOARD_TOP"),
                     ("xdc", "BOARD_XDC"), ("flash_mb", "BOARD_FLASH_MB")):
        want = board if key is None else fl.get(key)
        if sets.get(var) != want:
            fail(f"{tcl}: {var} is {sets.get(var)!r}, the board's is {want!r}")
    if cmds != ["source hdl/boards/vivado/build.tcl"]:
        fail(f"{tcl}: commands other than set are {cmds}, not the one source of build.tcl")

    gl = sets.get("generics")
    if not isinstance(gl, list):
        fail(f"{tcl}: no generics list")
    generics = {}
    for g in gl:
        m = re.fullmatch(r"(\w+)=(\d+)", g)
        if not m:
            fail(f"{tcl}: generic {g!r} is not NAME=integer")
        if m.group(1) in generics:
            fail(f"{tcl}: generic {m.group(1)} named twice")
        generics[m.group(1)] = int(m.group(2))
    want = dict(params(board))
    want["CARD_CLK_DIV"] = int(bv.get("BOARD_CARD_CLK_DIV", "40"))
    if generics != want:
        fail(f"{tcl}: generics {generics}, board.mk says {want}")
    for k, v in expect.items():
        if generics.get(k) != v:
            fail(f"{tcl}: generic {k}={generics.get(k)}, the simulated card has {k}={v}")

    sources = sets.get("sources")
    if not isinstance(sources, list) or not sources:
        fail(f"{tcl}: no sources list")
    for f in sources + [sets["xdc"]]:
        if not os.path.isfile(f):
            fail(f"{tcl}: {f} does not exist")
    if fl["BOARD_TOP_FILE"] not in sources:
        fail(f"{tcl}: the board's top {fl['BOARD_TOP_FILE']} is not in the sources")

    # elaborate what Vivado would read, with the generics
    os.makedirs(work, exist_ok=True)
    st, ls = os.path.join(work, "stat.txt"), os.path.join(work, "ls.txt")
    chp = " ".join(f"-chparam {k} {v}" for k, v in generics.items())
    script = (f"read_verilog -DSYNTHESIS -Ihdl -Icontract {' '.join(sources)}\n"
              f"hierarchy -top {sets['top']} {chp}\n"
              f"tee -q -o {st} stat\ntee -q -o {ls} ls\n")
    ys = os.path.join(work, "elab.ys")
    open(ys, "w").write(script)
    log = os.path.join(work, "elab.log")
    r = subprocess.run(["yosys", "-q", "-l", log, ys], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if r.returncode:
        fail(f"yosys could not elaborate {tcl}'s file list (see {log})")
    stat = stat_by_module(open(st).read())
    mods = {l.strip() for l in open(ls).read().splitlines() if l.startswith("  ") and l.strip()}
    prims = set()
    for f in XILINX_CELLS:
        prims |= set(re.findall(r"^\s*module\s+(\w+)", open(f).read(), re.M))
    ip = set(re.findall(r"-module_name\s+(\w+)", open("hdl/boards/vivado/pcie_7x.tcl").read()))
    missing = set()
    for cells in stat.values():
        for t in cells:
            if not t.startswith("$") and t not in mods and t.lstrip("\\") not in prims | ip:
                missing.add(t)
    if missing:
        fail(f"{tcl}: modules instantiated but in no listed file: {sorted(missing)}")
    used_ip = {t for cells in stat.values() for t in cells if t in ip}
    if used_ip != ip:
        fail(f"{tcl}: the top does not instantiate the generated IP {sorted(ip - used_ip)}")

    # the card the generics ask for is the card elaborated
    farm = generics["FARM"]
    top = next((m for m in stat if base(m) == sets["top"]), None)
    if top is None:
        fail(f"{tcl}: yosys' statistics have no module {sets['top']}")
    lanes = instances(stat, top, "mppe_lane")
    units = instances(stat, top, "mppe_keyunit")
    has_farm = any(base(m) in ("card_farm", "mppe_farm") for m in mods)
    engines = instances(stat, top, "mppe_engine")
    if farm:
        if not has_farm or lanes != generics["FARM_LANES"] or \
                units != generics["FARM_UNITS"] // generics["FARM_UNIT_CH"]:
            fail(f"{tcl}: FARM=1 with {generics['FARM_LANES']} lanes, but the elaborated card has "
                 f"{'a' if has_farm else 'no'} farm, {lanes} lanes, {units} key units")
    elif has_farm:
        fail(f"{tcl}: FARM=0, but the elaborated card has a farm")
    if engines != generics["NUM_ENGINES"]:
        fail(f"{tcl}: NUM_ENGINES={generics['NUM_ENGINES']}, the elaborated mppe_top has {engines}")

    defined = {}
    for f in sources:
        for m in re.findall(r"^\s*module\s+(\w+)", open(f).read(), re.M):
            defined[m] = f
    used = {base(m) for m in mods}
    unused = sorted(f for f in sources if not any(defined.get(m) == f for m in used))
    print(f"check-board-vivado: {board}: {tcl}: {sets['top']} on {sets['part']}, "
          + " ".join(f"{k}={v}" for k, v in generics.items())
          + f"; elaborated by yosys: {len(sources)} files, {len(mods)} modules, "
          f"{'farm of ' + str(lanes) + ' lanes and ' + str(units) + ' key units, ' if farm else 'no farm, '}"
          f"{engines} engine(s); outside the files: {sorted(used_ip)} (generated by pcie_7x.tcl) and Xilinx "
          f"primitives; files no module of this card uses: {' '.join(unused) or 'none'}")


if __name__ == "__main__":
    main()
