#!/usr/bin/env python3
"""Every option a program takes is in its man page, and every option the man
page lists is one the program takes.

The program side is read from its source, not from its --help text (which is
written by hand like the man page): the option strings of getopt() and
getopt_long(), the names of its struct option table, and the "-x" / "--word"
literals a hand-written parser compares argv with (strcmp). The man side is
every \\-x or \\-\\-word at the start of a .TP item under .SH OPTIONS.

  usage: check_man_options.py   (from the top of the tree; exit 1 on a mismatch)
"""
import re
import sys

# program -> (man page, sources of its argument parsing)
PROGRAMS = {
    "pnsd": ("dist/man/pnsd.8", ["host/pnsd/pnsd.c"]),
    "pnsctl": ("dist/man/pnsctl.8", ["host/cli/pnsctl.c"]),
    "pptp-client": ("dist/man/pptp-client.1", ["host/client/pptp_client.c"]),
    "mppecardctl": ("dist/man/mppecardctl.8", ["driver/cardctl/mppecardctl.c", "driver/cardctl/cardctl.c"]),
}


def source_options(paths):
    opts = set()
    for p in paths:
        src = open(p, encoding="utf-8").read()
        for m in re.finditer(r'getopt(?:_long(?:_only)?)?\s*\([^,]+,[^,]+,\s*"([^"]*)"', src):
            for ch in m.group(1):
                if ch not in ":+-":
                    opts.add("-" + ch)
        for m in re.finditer(r'\{\s*"([a-z0-9][a-z0-9-]*)"\s*,\s*(?:no|required|optional)_argument', src):
            opts.add("--" + m.group(1))
        # hand-written parsers: strcmp(argv[i], "-s"), !strcmp(arg, "--json") ...
        for m in re.finditer(r'str(?:n)?cmp\s*\(\s*[a-z_]*(?:argv|arg)[^,]*,\s*"(--?[A-Za-z][A-Za-z0-9-]*)"', src):
            opts.add(m.group(1))
    return opts


def man_options(path):
    text = open(path, encoding="utf-8").read()
    m = re.search(r'^\.SH OPTIONS\n(.*?)(?=^\.SH )', text, re.M | re.S)
    if not m:
        return None
    opts = set()
    lines = m.group(1).split("\n")
    for i, line in enumerate(lines):
        if line.startswith(".TP") or line.startswith(".TQ"):
            tag = lines[i + 1] if i + 1 < len(lines) else ""
            # the tag line: .B \-x, .BI \-\-word " arg", .BR \-h ", " \-\-help
            for o in re.findall(r'(?:^|[\s"])((?:\\-){1,2}[A-Za-z0-9](?:[A-Za-z0-9]|\\-)*)', tag):
                opts.add(o.replace("\\-", "-"))
    return opts


def main():
    bad = 0
    for prog, (page, srcs) in PROGRAMS.items():
        want = source_options(srcs)
        have = man_options(page)
        if have is None:
            print(f"{page}: no .SH OPTIONS section")
            bad += 1
            continue
        if not want:
            print(f"{prog}: found no options in {', '.join(srcs)} (has its parser changed?)")
            bad += 1
        for o in sorted(want - have):
            print(f"{page}: {prog} takes {o} ({', '.join(srcs)}) but its man page does not list it")
            bad += 1
        for o in sorted(have - want):
            print(f"{page}: lists {o}, which {prog} does not take")
            bad += 1
        if not (want - have) and not (have - want):
            print(f"{prog}: {len(want)} options, man page agrees: {' '.join(sorted(want))}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
