#!/bin/sh
# Quality: the tests and measurements that read agents kept outside the
# repository, in ../shared (or AD_SHARED_DIR): the parse and overlap tests
# again on the five seed agents and every corpus file (ctest -L quality),
# then the scorer's figures on ../shared/corpus against its labels.
# usage: scripts/quality.sh [BUILD_DIR]   (after scripts/setup.sh)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
shared=${AD_SHARED_DIR:-$(cd .. && pwd)/shared}
cmake -S . -B "$build" -DAD_QUALITY=ON -DAD_SHARED_DIR="$shared" >/dev/null
cmake --build "$build" -j"$(nproc)" --target quality
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$build/agentdup" scan -q -f json -o "$out" "$shared/corpus" || [ $? -le 3 ]
python3 "$shared/eval/score_clusters.py" "$out" \
	"$shared/corpus/LABELS.tsv" "$shared/corpus/LABEL-PAIRS.tsv"
python3 bench/mixed_clusters.py "$out" "$shared/corpus/LABELS.tsv"
