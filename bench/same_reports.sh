#!/bin/sh
# Do two builds of agentdup write the same reports, byte for byte?
# Runs bench/all_reports.sh with each and compares the two folders.
# Exit 0 when they are the same, 1 (with the differences) when not.
#
# usage: bench/same_reports.sh OLD_AGENTDUP NEW_AGENTDUP
# An old build to compare with: git worktree add /tmp/old REV, then
# cmake -S /tmp/old -B /tmp/old/build -DAD_TESTS=OFF && cmake --build
# /tmp/old/build.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 OLD_AGENTDUP NEW_AGENTDUP" >&2; exit 2; }
here=$(dirname "$0")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
sh "$here/all_reports.sh" "$1" "$out/old"
sh "$here/all_reports.sh" "$2" "$out/new"
if diff -r "$out/old" "$out/new" >"$out/diff"; then
	echo "same: $(ls "$out/old" | wc -l) files, $(cat "$out/old"/* | wc -c) bytes"
else
	head -200 "$out/diff"
	echo "differ: $(grep -c '^diff\|^Only' "$out/diff") files" >&2
	exit 1
fi
