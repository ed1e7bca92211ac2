#!/bin/sh
# The checker's own cases. Each folder tests/layers/cases/<case>/ holds a
# tiny source tree (tree/) and:
#   cmd     a shell snippet run inside the case folder; $CHECK is the checker
#   stdout  the expected standard output (exact bytes)
#   status  the expected exit status
# usage: run.sh CHECK_LAYERS CASES_DIR
set -u
CHECK=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$(cd "$2" && pwd)
export CHECK LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for d in "$dir"/*/; do
	c=$(basename "$d")
	(cd "$d" && sh ./cmd) >"$tmp/out" 2>"$tmp/err" </dev/null
	got=$?
	want=$(cat "$d/status")
	if [ "$got" = "$want" ] && cmp -s "$tmp/out" "$d/stdout"; then
		pass=$((pass + 1))
		continue
	fi
	fail=$((fail + 1))
	echo "FAIL $c: exit status $got, expected $want"
	diff -u "$d/stdout" "$tmp/out" | head -40
	echo "--- stderr of $c:"
	head -20 "$tmp/err"
done
echo "layers cases: $pass passed, $fail failed"
[ $fail = 0 ]
