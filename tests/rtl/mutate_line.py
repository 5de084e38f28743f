#!/usr/bin/env python3
"""Write a copy of an RTL file with one whole line replaced: the mutation of
the mutant scripts (tests/rtl/*_mutants.sh).

    mutate_line.py SRC DST ORIGINAL REPLACEMENT

ORIGINAL is a fixed string, the whole line (indentation included). It must
occur exactly once in SRC: a line that moved or was edited, or that is now
written twice, stops the script that asked for it instead of leaving a
mutant that mutates nothing (and so "survives") or the wrong place.
"""
import sys


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    src, dst, orig, repl = argv
    lines = open(src).read().split('\n')
    hits = [i for i, line in enumerate(lines) if line == orig]
    if len(hits) != 1:
        sys.exit(f"mutate_line: the line to mutate occurs {len(hits)} times in {src} (for {dst}); "
                 "update the mutant script")
    lines[hits[0]] = repl
    with open(dst, 'w') as f:
        f.write('\n'.join(lines))


if __name__ == '__main__':
    main(sys.argv[1:])
