#!/bin/sh
# Benchmark: agentdup scan of the development corpus against the
# scikit-learn peer: wall time and peak memory (GNU time), median of RUNS
# runs each, then the cluster quality of both (score_clusters.py).
#
# The tools take turns within each round (agentdup, agentdup -j 1, the
# peer, ...), so that a slow spell of a shared machine falls on all of
# them alike rather than on whichever ran then.
#
# usage: bench/bench_scan.sh [CORPUS] [RUNS]
#   STEM=0   leave out the stemmed peer (about 90 s a run)
#   T=0.8    threshold passed to agentdup (default: its own)
# needs: a built build/agentdup, GNU time (package time), Debian's
# python3-sklearn and python3-snowballstemmer for the peer.
set -eu
cd "$(dirname "$0")/.."
CORPUS=${1:-../shared/corpus}
RUNS=${2:-5}
AGENTDUP=${AGENTDUP:-build/agentdup}
PEER=${PEER:-../shared/bench/peer_sklearn.py}
SCORE=${SCORE:-../shared/eval/score_clusters.py}
STEM=${STEM:-1}
T=${T:-}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# one timed run of "$@", appending "wall rss" to $out/NAME.times
run() {
	name=$1; shift
	/usr/bin/time -v "$@" >"$out/$name.json" 2>"$out/$name.err" || true
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/$name.err")
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/$name.err")
	echo "$wall $rss" >>"$out/$name.times"
}

# median, min and max wall seconds and median peak RSS (MiB) of NAME
report() {
	python3 - "$1" "$out/$1.times" <<'PY'
import sys
def sec(s):
    v = 0.0
    for x in s.split(':'): v = v * 60 + float(x)
    return v
rows = [l.split() for l in open(sys.argv[2]) if l.strip()]
w = sorted(sec(r[0]) for r in rows); m = sorted(int(r[1]) for r in rows)
print(f"{sys.argv[1]:<20} wall median {w[len(w)//2]:7.3f} s  (min {w[0]:.3f}, max {w[-1]:.3f})"
      f"   peak RSS median {m[len(m)//2]/1024:7.1f} MiB")
PY
}

thr=""
[ -n "$T" ] && thr="--threshold $T"
peer=0
/usr/bin/python3 -c 'import sklearn' 2>/dev/null && peer=1
[ $peer = 1 ] || echo "python3-sklearn is not installed: peer skipped"
echo "corpus: $CORPUS   runs: $RUNS   machine: $(nproc) cores"
names="agentdup agentdup-j1"
i=0
while [ $i -lt "$RUNS" ]; do
	run agentdup "$AGENTDUP" scan "$CORPUS" --format json -q $thr
	run agentdup-j1 "$AGENTDUP" scan "$CORPUS" --format json -q -j 1 $thr
	if [ $peer = 1 ]; then
		run sklearn /usr/bin/python3 "$PEER" "$CORPUS" --threshold 0.8
		[ "$STEM" = 1 ] && run sklearn-stem /usr/bin/python3 "$PEER" \
			"$CORPUS" --threshold 0.8 --stem
	fi
	i=$((i + 1))
done
[ $peer = 1 ] && names="$names sklearn"
[ $peer = 1 ] && [ "$STEM" = 1 ] && names="$names sklearn-stem"
for n in $names; do report "$n"; done
if [ -f "$CORPUS/LABELS.tsv" ]; then
	for name in agentdup sklearn-stem; do
		[ -f "$out/$name.json" ] || continue
		echo "quality of $name:"
		python3 "$SCORE" "$out/$name.json" "$CORPUS/LABELS.tsv" \
			"$CORPUS/LABEL-PAIRS.tsv" | sed 's/^/  /'
	done
fi
"$AGENTDUP" scan "$CORPUS" --format json -q --stats $thr 2>&1 >/dev/null |
	sed 's/^agentdup: /  /'
