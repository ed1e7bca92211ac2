#!/bin/sh
# The README's examples, run again. A code block right after a line
#   <!-- example: SNIPPET -->
# (a comment: the rendered README does not show it) must be, byte for
# byte, the standard output of SNIPPET: a shell snippet run from the
# repository's top folder, in which `agentdup` is the binary under test.
# Its exit status and standard error are not compared (the demo scan
# exits 3 on purpose). A README with no marker fails: the check would
# check nothing.
# usage: run.sh AGENTDUP SOURCE_DIR
set -u
AGENTDUP=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
export AGENTDUP NO_COLOR=1 LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Each example as $tmp/N.cmd (the snippet), N.line (the marker's line)
# and N.want (the block); the fences' lines are left out.
awk -v dir="$tmp" '
	function out(name) { return dir "/" n "." name }
	state == 0 && /^<!-- example: .* -->$/ {
		n++
		cmd = $0
		sub(/^<!-- example: /, "", cmd)
		sub(/ -->$/, "", cmd)
		print cmd > out("cmd")
		print NR > out("line")
		printf "" > out("want")
		close(out("cmd")); close(out("line"))
		state = 1
		next
	}
	state == 1 && /^```/ { state = 2; next }
	state == 1 {
		print "README.md:" NR ": no code block after the example" \
			> "/dev/stderr"
		bad = 1
		exit
	}
	state == 2 && /^```$/ { close(out("want")); state = 0; next }
	state == 2 { print > out("want") }
	END {
		if (bad)
			exit 1
		if (state)
			print "README.md: an example block is not closed" \
				> "/dev/stderr"
		exit state != 0
	}
' "$src/README.md" || exit 1

pass=0 fail=0
for c in "$tmp"/*.cmd; do
	[ -e "$c" ] || break
	k=${c%.cmd}
	line=$(cat "$k.line")
	(cd "$src" && sh -c "agentdup() { \"\$AGENTDUP\" \"\$@\"; }
$(cat "$c")") >"$k.got" 2>/dev/null
	if cmp -s "$k.want" "$k.got"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL README.md:$line: $(cat "$c")"
		diff "$k.want" "$k.got" | head -20
	fi
done
echo "readme: $pass examples as shown, $fail not"
[ $((pass + fail)) -gt 0 ] && [ "$fail" -eq 0 ]
