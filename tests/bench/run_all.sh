#!/bin/bash
# make bench: every benchmark part, ONE AFTER ANOTHER. At -j2 the parts ran
# side by side on the 2 cores and each measured the other's load. Each part
# is its own sub-make (its programs are built first, quietly: compiler
# lines and the part's own chatter go to build/bench-results/PART.log); the
# console shows the part's BENCH lines as they come, and at the end one
# summary table of every result (tests/bench/summary.py) with the load
# average at the start and end, so a reader can judge how quiet it was.
#   usage: run_all.sh MAKE BUILD_DIR PART...
# BENCH_ONLY="part ..." runs only those parts (e.g. BENCH_ONLY=bench-ppp-datapath).
set -u
MAKE_CMD="$1"; BUILD="$2"; shift 2
OUT="$BUILD/bench-results"   # build/bench holds the benchmark programs
mkdir -p "$OUT"
: > "$OUT/results.txt"
failed=""
parts=("$@")
[ -n "${BENCH_ONLY:-}" ] && read -r -a parts <<< "$BENCH_ONLY"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "make bench: ${#parts[@]} parts, one after another; load average at start: $load_start"
i=0
for part in "${parts[@]}"; do
	i=$((i + 1))
	t0=$(date +%s)
	printf '== %s (%d/%d) ...\n' "$part" "$i" "${#parts[@]}"
	# -s: no recipe lines; build output and the part's own messages go to its log
	set -o pipefail
	$MAKE_CMD -s --no-print-directory "$part" 2>&1 | tee "$OUT/$part.log" |
		grep --line-buffered '^BENCH ' | tee -a "$OUT/results.txt" | sed -u "s/^/  /"
	rc=$?
	set +o pipefail
	if [ "$rc" -ne 0 ]; then
		failed="$failed $part"
		echo "  FAILED ($part): last lines of $OUT/$part.log:"
		grep -v '^BENCH ' "$OUT/$part.log" | tail -n 15 | sed 's/^/    /'
	fi
	printf '   %s: %d s\n' "$part" $(( $(date +%s) - t0 ))
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
echo "$load_start (start), $load_end (end)" > "$OUT/load.txt"
echo
python3 "$(dirname "$0")/summary.py" "$OUT/results.txt" "$load_start" "$load_end"
if [ -n "$failed" ]; then
	echo "make bench: FAILED parts:$failed (logs in $OUT/)"
	exit 1
fi
