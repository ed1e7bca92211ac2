#!/bin/sh
# Incremental scans (scan --cache): a copy of a collection, scanned cold,
# warm with nothing changed, and warm after N files changed; each the
# median of RUNS whole processes (wall seconds). The changed files are
# chosen deterministically (every k-th file in sorted path order), and
# each gets one line appended, so that they are parsed again. The warm
# and the cold scans of the changed copy take turns, and their speed-up
# is the median of the turns' ratios.
#
# The warm report after the change is compared byte for byte with a cold
# scan of the changed copy.
#
# usage: bench/cache_bench.sh AGENTDUP [CORPUS [N [RUNS]]]
#   defaults: ../shared/corpus, 30 files, 5 runs.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 AGENTDUP [CORPUS [N [RUNS]]]" >&2; exit 2; }
AD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
CORPUS=${2:-$(dirname "$0")/../../shared/corpus}
N=${3:-30}
RUNS=${4:-5}
work=$(mktemp -d /tmp/cache_bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -R "$CORPUS" "$work/c"
# A file whose status changed less than three seconds before the scan
# that wrote the cache began is read again by every warm scan (README,
# "Incremental scans"); collections are older than their caches.
sleep 4

# seconds of one whole scan
one() {
	s=$(date +%s.%N)
	# a collection with unreadable files exits 3: timed all the same
	"$AD" scan -q -f json -o "$work/out.json" "$@" "$work/c" || true
	e=$(date +%s.%N)
	echo "$e - $s" | bc
}

# the median of the RUNS figures in file $1
mid() { sort -n "$1" | sed -n "$(((RUNS + 1) / 2))p"; }
# the median of RUNS scans; before each, "$prep" runs (untimed)
median() {
	i=0
	: >"$work/times"
	while [ $i -lt "$RUNS" ]; do
		eval "$prep"
		one "$@" >>"$work/times"
		i=$((i + 1))
	done
	mid "$work/times"
}

# change N files: one line appended to every k-th file (from the pristine
# copies kept in $work/orig, so each run changes the same files the same
# way against the same cache)
find "$work/c" -type f -name '*.md' | LC_ALL=C sort >"$work/files"
total=$(wc -l <"$work/files")
step=$((total / N))
awk -v s="$step" -v n="$N" 'NR % s == 0 && c < n { print; c++ }' \
	"$work/files" >"$work/changed"
mkdir -p "$work/orig"
i=0
while read -r f; do cp "$f" "$work/orig/$i"; i=$((i + 1)); done <"$work/changed"
restore() { # its own counter: median's runs count in i
	j=0
	while read -r f; do cp "$work/orig/$j" "$f"; j=$((j + 1)); done <"$work/changed"
}
change() {
	while read -r f; do
		printf '\n- Check the change log before you answer.\n' >>"$f"
	done <"$work/changed"
}

prep=:
cold=$(median)
prep="rm -f $work/cache"
first=$(median --cache "$work/cache")
prep=:
warm_same=$(median --cache "$work/cache")
# each run: the cache of the unchanged copy, then the change, then the
# timed warm scan
restore
"$AD" scan -q -f json -o /dev/null --cache "$work/cache" "$work/c" || true
cp "$work/cache" "$work/cache.base"
# the warm and the cold scan of the changed copy take turns, so that a
# change in the machine's pace falls on both; the speed-up is the median
# of the runs' ratios
: >"$work/t_warm"
: >"$work/t_cold"
: >"$work/t_ratio"
i=0
while [ $i -lt "$RUNS" ]; do
	restore
	cp "$work/cache.base" "$work/cache"
	change
	w=$(one --cache "$work/cache")
	cp "$work/out.json" "$work/warm.json"
	c=$(one)
	echo "$w" >>"$work/t_warm"
	echo "$c" >>"$work/t_cold"
	echo "scale=4; $c / $w" | bc >>"$work/t_ratio"
	i=$((i + 1))
done
warm_changed=$(mid "$work/t_warm")
cold_changed=$(mid "$work/t_cold")
ratio=$(mid "$work/t_ratio")
if cmp -s "$work/out.json" "$work/warm.json"; then same=yes; else same=NO; fi
echo "files: $total, changed: $(wc -l <"$work/changed"), runs: $RUNS (medians, wall s)"
echo "cold scan (no cache):          $cold"
echo "first scan writing the cache:   $first"
echo "warm, nothing changed:          $warm_same"
echo "warm, $N files changed:         $warm_changed"
echo "cold, $N files changed:         $cold_changed"
echo "speed-up, $N changed (median of the turns' ratios): ${ratio}x; unchanged: $(echo "scale=2; $cold / $warm_same" | bc)x"
echo "warm report = cold report of the changed copy: $same"
