#!/bin/sh
# The tests need nothing outside the repository: no test program, CLI case
# or script of tests/ names a path of ../shared; only the quality tests
# (tests/quality, AD_QUALITY) read it, through AD_SHARED_DIR.
# usage: self_contained.sh SOURCE_DIR
set -u
cd "$1" || exit 1
hits=$(grep -rlE '\.\./shared|shared/(seeds|corpus)' tests \
	--exclude-dir=quality --exclude-dir=fixtures --exclude=stdout \
	--exclude=stderr --exclude=self_contained.sh)
if [ -n "$hits" ]; then
	echo "FAIL these read outside the repository (move them to tests/quality):"
	echo "$hits"
	exit 1
fi
echo "ok   no test outside tests/quality reads ../shared"
