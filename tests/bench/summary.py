#!/usr/bin/env python3
"""The summary table at the end of `make bench`: one row per BENCH line.

Each BENCH line is `BENCH name key=value ...`. A key is a parameter (what
was measured: size, sessions, ...), an anchor (anything compared against:
anchor*, vs_*, raw_*, ratio, target) or else a result. The legend below the
table says what the units and the loss figures mean.
  usage: summary.py RESULTS_FILE [LOAD_AT_START LOAD_AT_END]
"""
import sys

PARAMS = {"size", "sessions", "engines", "mode", "queues", "bits", "dir", "engine", "threads", "workers",
          "tunnels", "calls_per_tunnel", "where", "cmd", "lib", "board", "part", "flows",
          "family", "method", "mppe", "server", "octets", "forged", "anchor_sessions", "kind",
          "proto", "count", "n", "loss_max", "limit"}
ANCHOR_PREFIXES = ("anchor", "vs_", "raw_", "ratio", "linear_ratio", "target", "lib_", "relay_")

LEGEND = """\
Units: throughput in mbps (10^6 bits of IP packet per second, packet sizes are IP packet
sizes); rates in *_per_s; times in ms (us_per_pkt: microseconds of CPU per packet); the card
in bytes_per_clk (simulated RTL) and clk (card clocks); memory in bytes or kb (1024 bytes).
loss: of the packets offered at the reported rate, the fraction that did not come back,
  counted end to end (sent by the load generator, received by it after pnsd); the datapath
  rate is the highest offered rate whose loss stayed at or below loss_max.
vs_* / ratio: the result divided by the anchor named in the same line (same run, same machine).
Per-part logs: build/bench-results/<part>.log; every line: build/bench-results/results.txt."""


def split(line):
    toks = line.split()
    name, kv, extra = toks[1], [], []
    for t in toks[2:]:
        if "=" in t:
            k, v = t.split("=", 1)
            kv.append((k, v))
        else:
            extra.append(t)
    return name, kv, extra


def is_num(v):
    try:
        float(v.rstrip("%"))
        return True
    except ValueError:
        return False


def main():
    lines = [l.rstrip("\n") for l in open(sys.argv[1]) if l.startswith("BENCH ")]
    rows = []
    for l in lines:
        name, kv, extra = split(l)
        p, r, a = [], [], []
        for k, v in kv:
            if k.startswith(ANCHOR_PREFIXES):
                a.append(f"{k}={v}")
            elif k in PARAMS or not is_num(v):
                p.append(f"{k}={v}")
            else:
                r.append(f"{k}={v}")
        if extra:
            p.append(" ".join(extra))
        rows.append((name, " ".join(p), " ".join(r), " ".join(a)))
    head = ("benchmark", "parameters", "result", "anchor / comparison")
    w = [max([len(head[i])] + [len(x[i]) for x in rows]) for i in range(3)]
    print("Summary (%d results)" % len(rows))
    fmt = "%-*s | %-*s | %-*s | %s"
    print(fmt % (w[0], head[0], w[1], head[1], w[2], head[2], head[3]))
    print("-+-".join("-" * x for x in w) + "-+-" + "-" * 20)
    for x in rows:
        print(fmt % (w[0], x[0], w[1], x[1], w[2], x[2], x[3]))
    if len(sys.argv) > 3:
        print("load average (1, 5, 15 min): at start %s, at end %s (2 cores)" % (sys.argv[2], sys.argv[3]))
    print(LEGEND)


if __name__ == "__main__":
    main()
