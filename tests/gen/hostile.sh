#!/bin/sh
# Hostile frontmatter read in linear time: files written at run time by
# hostile_frontmatter.py (nothing large is committed) must be scanned
# within a time bound that is generous (some ten times what a sanitizer
# build needs) but that quadratic work would overrun many times: 300,000
# keys took over 120 s when each key was compared with every earlier one,
# and 100,000 nested '[' took libyaml 18 s.
# usage: hostile.sh AGENTDUP GEN_DIR
# Exit 77 (skipped) without python3 or timeout.
set -u
AGENTDUP=$1
GEN=$2
for tool in python3 timeout; do
	if ! command -v $tool >/dev/null; then
		echo "hostile: no $tool"
		exit 77
	fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# case MODE N SECONDS EXPECT: the scan finishes in time, recovers the
# name, and its JSON holds EXPECT
check() {
	python3 "$GEN/hostile_frontmatter.py" "$1" "$2" "$tmp/$1.md" || exit 1
	start=$(date +%s)
	timeout "$3" "$AGENTDUP" scan -q -f json -o "$tmp/$1.json" "$tmp/$1.md"
	status=$?
	took=$(($(date +%s) - start))
	if [ $status -ne 0 ]; then
		echo "FAIL $1 $2: status $status after ${took}s (bound $3 s)"
		fail=1
		return
	fi
	if ! grep -q '"name": "hostile"' "$tmp/$1.json" ||
	   ! grep -q "$4" "$tmp/$1.json"; then
		echo "FAIL $1 $2: no name or no '$4' in the report"
		fail=1
		return
	fi
	echo "ok $1 $2 (${took}s)"
}

check keys 300000 60 'over the bound of'
check dupkeys 300000 60 'over the bound of'
check keys 40000 20 '"warnings": \[\]'
check dupkeys 40000 20 "duplicate frontmatter key 'again' (first on line 4)"
check flow 100000 10 'nests deeper than the bound of'
check block 100000 10 'nests deeper than the bound of'
exit $fail
