#!/bin/sh
# Screenshots of every view of the scan page of a collection, at 1400 and
# 800 px wide, light and dark: bench/html_shots.py does the work.
# usage: bench/html_shots.sh AGENTDUP [COLLECTION [OUTDIR]]
# (COLLECTION: default ../shared/corpus; OUTDIR: default
# /tmp/agentdup-shots). Builds nothing; not part of the tests.
set -eu
AGENTDUP=$1
COLLECTION=${2:-../shared/corpus}
OUT=${3:-/tmp/agentdup-shots}
here=$(cd "$(dirname "$0")" && pwd)
py=python3
python3 -c 'import selenium' 2>/dev/null || py=/usr/bin/python3
mkdir -p "$OUT"
"$AGENTDUP" scan -q -f html -o "$OUT/page.html" "$COLLECTION" || true
"$py" "$here/html_shots.py" "$OUT/page.html" "$OUT"
