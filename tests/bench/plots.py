#!/usr/bin/env python3
"""make plots: pictures of the BENCH lines of a `make bench` run, drawn with gnuplot.

Reads build/bench-results/results.txt (written by tests/bench/run_all.sh)
and writes SVG files into the output folder, one per figure:
  datapath_size.svg      BENCH datapath mbps (each way) against packet size, per sessions and mode
  datapath_sessions.svg  BENCH datapath mbps against sessions, per packet size (stateless)
  datapath_threads.svg   BENCH datapath mbps against pnsd worker threads (1400 bytes, 1 session)
  memory_sessions.svg    BENCH pptp_idle_mem bytes per session against sessions, with the target
  card_engines.svg       BENCH rtl_mppe bytes per clock against engines (1400 bytes)
A figure whose lines are missing from the run is not drawn (and says so);
each picture names the run's date and load average in its title.
  usage: plots.py RESULTS OUTDIR
"""
import os
import subprocess
import sys
import time


def parse(path):
    rows = []
    for line in open(path):
        if not line.startswith("BENCH "):
            continue
        toks = line.split()
        kv = {"name": toks[1]}
        for t in toks[2:]:
            if "=" in t:
                k, v = t.split("=", 1)
                kv[k] = v
        rows.append(kv)
    return rows


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def plot(out, name, title, xlabel, ylabel, series, logx=False, extra=""):
    """series: [(label, [(x, y), ...])]; draws lines with points."""
    series = [(l, sorted(p)) for l, p in series if p]
    if not series:
        print(f"plots: {name}: no results in this run, not drawn")
        return
    data = os.path.join(out, name + ".dat")
    with open(data, "w") as f:
        for _, pts in series:
            for x, y in pts:
                f.write(f"{x} {y}\n")
            f.write("\n\n")
    script = [
        'set terminal svg size 720,440 dynamic font "sans,12"',
        f'set output "{os.path.join(out, name + ".svg")}"',
        f'set title "{title}"',
        f'set xlabel "{xlabel}"',
        f'set ylabel "{ylabel}"',
        "set key outside right",
        "set grid",
        "set yrange [0:*]",
    ]
    if logx:
        script.append("set logscale x")
    if extra:
        script.append(extra)
    plots = [f'"{data}" index {i} with linespoints title "{l}"' for i, (l, _) in enumerate(series)]
    script.append("plot " + ", ".join(plots))
    subprocess.run(["gnuplot"], input="\n".join(script), text=True, check=True)
    os.remove(data)
    print(f"plots: {name}.svg")


def main():
    rows = parse(sys.argv[1])
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    when = time.strftime("%Y-%m-%d", time.gmtime(os.path.getmtime(sys.argv[1])))
    load = ""
    lp = os.path.join(os.path.dirname(sys.argv[1]), "load.txt")
    if os.path.exists(lp):
        load = ", load " + open(lp).read().strip()
    sub = f"\\n(make bench {when}{load}, 2 cores)"

    dp = [r for r in rows if r["name"] == "datapath"]
    ser = []
    for mode in ("stateless", "stateful"):
        for n in sorted({int(r["sessions"]) for r in dp}):
            pts = [(int(r["size"]), num(r["mbps"])) for r in dp
                   if r.get("mode") == mode and int(r["sessions"]) == n and r.get("threads", "1") == "1"
                   and r.get("workers", "1") == "1"]
            ser.append((f"{n} sessions {mode}", pts))
    plot(out, "datapath_size", f"pnsd data path, both ways, loss <= 0.1% {sub}", "IP packet size (bytes)",
         "Mbit/s each way", ser)

    ser = []
    for size in sorted({int(r["size"]) for r in dp}):
        pts = [(int(r["sessions"]), num(r["mbps"])) for r in dp
               if int(r["size"]) == size and r.get("mode") == "stateless" and r.get("threads", "1") == "1"
               and r.get("workers", "1") == "1"]
        ser.append((f"{size} bytes", pts))
    plot(out, "datapath_sessions", f"pnsd data path against sessions, stateless {sub}", "sessions",
         "Mbit/s each way", ser, logx=True)

    pts = [(int(r.get("threads", "1")), num(r["mbps"])) for r in dp
           if int(r["size"]) == 1400 and int(r["sessions"]) == 1 and r.get("mode") == "stateless"
           and r.get("workers", "1") == "1"]
    if len({x for x, _ in pts}) < 2:
        pts = []            # one thread count only: nothing to compare
    plot(out, "datapath_threads", f"pnsd data path against worker threads, 1400 bytes {sub}", "threads",
         "Mbit/s each way", [("1 session stateless", pts)], extra="set xtics 1; set xrange [0.5:4.5]")

    mem = [r for r in rows if r["name"] == "pptp_idle_mem"]
    pts = [(int(r["sessions"]), num(r["bytes_per_session"])) for r in mem]
    tgt = [(int(r["sessions"]), num(r.get("target"))) for r in mem if num(r.get("target"))]
    plot(out, "memory_sessions", f"pnsd memory per idle session {sub}", "sessions", "bytes per session",
         [("measured (RSS growth / sessions)", pts), ("target", tgt)], logx=True)

    rtl = [r for r in rows if r["name"] == "rtl_mppe" and r.get("size") == "1400"]
    ser = []
    for mode in sorted({r.get("mode") for r in rtl}):
        ser.append((mode, [(int(r["engines"]), num(r["bytes_per_clk"])) for r in rtl if r.get("mode") == mode]))
    plot(out, "card_engines", f"card RTL (Verilator): bytes per clock against engines, 1400 bytes {sub}",
         "engines", "bytes per clock", ser, extra="set xtics 1")


if __name__ == "__main__":
    main()
