#!/bin/sh
# Benchmark: how agentdup scan grows with the collection. Grows copies of
# the development corpus with ../shared/bench/grow_corpus.py (each agent
# with N edited near-copies, as forks make them) and scans each size:
# wall and CPU seconds, peak memory (GNU time) and the size of the JSON
# report, median of RUNS runs each (wall and memory medians; the JSON
# size does not vary). 1x is ../shared/corpus itself.
#
# usage: bench/scale.sh [RUNS [SIZE...]]
#   RUNS   runs per size (default 3)
#   SIZE   1 is the corpus itself; N > 1 is N edited copies of each of
#          its agents (default: 1 2 5 10 33; 33 makes the 100,000-file
#          collection)
#   WORK=DIR        where grown copies are kept between calls
#                   (default /tmp/agentdup-scale; 1.3 GB for 33)
#   AGENTDUP=PATH   the binary (default build/agentdup)
#   ARGS="..."      more options for scan (e.g. "--detail full")
# Prints one Markdown table row per size. Not part of CI: it needs
# ../shared and minutes of two cores.
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-3}
[ $# -gt 0 ] && shift
SIZES=${*:-1 2 5 10 33}
AGENTDUP=${AGENTDUP:-build/agentdup}
WORK=${WORK:-/tmp/agentdup-scale}
ARGS=${ARGS:-}
SHARED=${SHARED:-../shared}
mkdir -p "$WORK"

# The collection of SIZE copies: the corpus itself for 1.
collection() {
	if [ "$1" = 1 ]; then
		echo "$SHARED/corpus"
		return
	fi
	dir="$WORK/grow$1"
	if [ ! -f "$dir/.complete" ]; then
		rm -rf "$dir"
		python3 "$SHARED/bench/grow_corpus.py" --copies "$1" \
			"$SHARED/corpus" "$dir" >/dev/null
		touch "$dir/.complete"
	fi
	echo "$dir"
}

# The median of the numbers on standard input.
median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2];
		else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# One timed scan: "wall cpu rss_kib json_bytes" appended to $2.
run() {
	err="$WORK/time.err"
	# shellcheck disable=SC2086
	/usr/bin/time -f 'TIME %e %U %S %M' "$AGENTDUP" scan -q -f json \
		-o "$WORK/report.json" $ARGS "$1" 2>"$err" || true
	line=$(grep '^TIME ' "$err" | tail -1)
	[ -n "$line" ] || { cat "$err" >&2; exit 1; }
	echo "$line $(wc -c <"$WORK/report.json")" |
		awk '{ printf "%s %.2f %s %s\n", $2, $3 + $4, $5, $6 }' >>"$2"
}

echo "| size | files | MB | wall s | cpu s | peak MiB | JSON MB | wall / 1x |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
base=""
for n in $SIZES; do
	dir=$(collection "$n")
	files=$(find "$dir/" -type f -name '*.md' | wc -l)
	mb=$(du -sm "$dir/" | cut -f1)
	times="$WORK/times.$n"
	: >"$times"
	i=0
	while [ $i -lt "$RUNS" ]; do
		run "$dir" "$times"
		i=$((i + 1))
	done
	wall=$(cut -d' ' -f1 "$times" | median)
	cpu=$(cut -d' ' -f2 "$times" | median)
	rss=$(cut -d' ' -f3 "$times" | median)
	json=$(cut -d' ' -f4 "$times" | median)
	[ -n "$base" ] || base=$wall
	awk -v n="$n" -v f="$files" -v mb="$mb" -v w="$wall" -v c="$cpu" \
		-v r="$rss" -v j="$json" -v b="$base" 'BEGIN {
		printf "| %sx | %d | %d | %.2f | %.2f | %.0f | %.1f | %.2f |\n",
			n, f, mb, w, c, r / 1024, j / 1e6, w / b }'
done
rm -f "$WORK/report.json" "$WORK/time.err"
