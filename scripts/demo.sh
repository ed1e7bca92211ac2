#!/bin/sh
# The main job: set up, build, and scan the demo collection in corpus/.
# Writes reports/corpus.txt, .json and .html and shows the text.
set -eu
cd "$(dirname "$0")/.."
# Only the binary is built: the tests are scripts/test.sh's business.
AD_TARGET=agentdup sh scripts/setup.sh build
mkdir -p reports
# Exit status 3 means some files could not be read: corpus/broken/ holds
# such files on purpose, so that status is expected here.
status=0
build/agentdup scan corpus -o reports/corpus.txt || status=$?
build/agentdup scan corpus --format json -o reports/corpus.json -q || true
build/agentdup scan corpus --format html -o reports/corpus.html -q || true
[ $status -le 3 ] || exit $status
cat reports/corpus.txt
echo
echo "reports written: reports/corpus.txt reports/corpus.json reports/corpus.html"
