#!/bin/sh
# Benchmark: agentdup scan of the development corpus against the
# scikit-learn peer, wall time and peak memory, median of RUNS runs each
# (/usr/bin/time -v), then the cluster quality of both (score_clusters.py).
#
# usage: bench/bench_scan.sh [CORPUS] [RUNS]
# needs: a built build/agentdup, GNU time (package time), Debian's
# python3-sklearn and python3-snowballstemmer for the peer.
set -eu
cd "$(dirname "$0")/.."
CORPUS=${1:-../shared/corpus}
RUNS=${2:-5}
AGENTDUP=${AGENTDUP:-build/agentdup}
PEER=${PEER:-../shared/bench/peer_sklearn.py}
SCORE=${SCORE:-../shared/eval/score_clusters.py}
T=${T:-}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# median wall seconds and median peak RSS (MiB) of RUNS runs of "$@"
measure() {
	name=$1; shift
	: >"$out/$name.times"
	i=0
	while [ $i -lt "$RUNS" ]; do
		/usr/bin/time -v "$@" >"$out/$name.json" 2>"$out/$name.err" || true
		wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/$name.err")
		rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/$name.err")
		echo "$wall $rss" >>"$out/$name.times"
		i=$((i + 1))
	done
	python3 - "$name" "$out/$name.times" <<'PY'
import sys
def sec(s):
    p = s.split(':'); v = 0.0
    for x in p: v = v * 60 + float(x)
    return v
rows = [l.split() for l in open(sys.argv[2]) if l.strip()]
w = sorted(sec(r[0]) for r in rows); m = sorted(int(r[1]) for r in rows)
print(f"{sys.argv[1]:<28} wall median {w[len(w)//2]:7.3f} s  (min {w[0]:.3f}, max {w[-1]:.3f})"
      f"   peak RSS median {m[len(m)//2]/1024:7.1f} MiB")
PY
}

thr=""
[ -n "$T" ] && thr="--threshold $T"
echo "corpus: $CORPUS   runs: $RUNS   machine: $(nproc) cores"
measure agentdup "$AGENTDUP" scan "$CORPUS" --format json -q $thr
measure agentdup-1-thread "$AGENTDUP" scan "$CORPUS" --format json -q -j 1 $thr
if /usr/bin/python3 -c 'import sklearn' 2>/dev/null; then
	measure sklearn-nostem /usr/bin/python3 "$PEER" "$CORPUS" --threshold 0.8
	measure sklearn-stem /usr/bin/python3 "$PEER" "$CORPUS" --threshold 0.8 --stem
else
	echo "python3-sklearn is not installed: peer skipped"
fi
if [ -f "$CORPUS/LABELS.tsv" ]; then
	for name in agentdup sklearn-stem; do
		[ -f "$out/$name.json" ] || continue
		echo "quality of $name:"
		python3 "$SCORE" "$out/$name.json" "$CORPUS/LABELS.tsv" \
			"$CORPUS/LABEL-PAIRS.tsv" | sed 's/^/  /'
	done
fi
"$AGENTDUP" scan "$CORPUS" --format json -q --stats $thr 2>&1 >/dev/null | sed 's/^agentdup: /  /'
