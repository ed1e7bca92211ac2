#!/bin/sh
# The largest source files and functions of a tree, for keeping an eye
# on size: files by line count, and functions by the lines from their
# opening brace to their closing one (the brace at the start of a line,
# as this tree writes them).
#
# usage: bench/code_size.sh [TREE [N]]   (default: this tree, 10 rows)
set -eu
tree=${1:-$(dirname "$0")/..}
n=${2:-10}
files=$(find "$tree/src" "$tree/include" -name '*.[ch]' | sort)
echo "files: $(echo "$files" | wc -l), lines: $(cat $files | wc -l)"
echo "largest files:"
wc -l $files | grep -v ' total$' | sort -rn | head -n "$n" |
	sed "s|$tree/||" | awk '{printf "  %6d  %s\n", $1, $2}'
echo "largest functions:"
for f in $(echo "$files" | grep '\.c$'); do
	awk -v file="$(echo "$f" | sed "s|$tree/||")" '
		/^[A-Za-z_].*\(/ && !/;[ \t]*$/ { sig = $0; sub(/\(.*/, "", sig);
			k = split(sig, w, /[ \t*]+/); name = w[k] }
		/^\{/ { start = NR }
		/^\}/ && start { printf "%d %s:%s\n", NR - start + 1, file, name;
			start = 0 }' "$f"
done | sort -rn | head -n "$n" | awk '{printf "  %6d  %s\n", $1, $2}'
echo "functions: $(for f in $(echo "$files" | grep '\.c$'); do
	grep -c '^{' "$f"; done | awk '{s += $1} END {print s}'), median length: $(
	for f in $(echo "$files" | grep '\.c$'); do
		awk '/^\{/ { s = NR } /^\}/ && s { print NR - s + 1; s = 0 }' "$f"
	done | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')"
