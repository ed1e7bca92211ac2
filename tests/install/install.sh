#!/bin/sh
# `cmake --install` puts the binary, its man page and the licence under
# the prefix, and nothing else (the library is not installed; see the
# README, "Install"); the installed binary runs.
# usage: install.sh CMAKE BUILD_DIR
set -u
CMAKE=$1
build=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$CMAKE" --install "$build" --prefix "$tmp/x" >/dev/null || exit 1
got=$(cd "$tmp/x" && find . ! -type d | sort)
want="./bin/agentdup
./share/doc/agentdup/LICENSE
./share/man/man1/agentdup.1"
if [ "$got" != "$want" ]; then
	echo "FAIL installed files differ:"
	printf '%s\n' "$want" >"$tmp/want"
	printf '%s\n' "$got" >"$tmp/got"
	diff -u "$tmp/want" "$tmp/got"
	exit 1
fi
echo "ok   installed: $(echo $got)"
"$tmp/x/bin/agentdup" --help >/dev/null || { echo "FAIL bin/agentdup --help"; exit 1; }
grep -q '^\.TH AGENTDUP 1 .*"agentdup [0-9]' "$tmp/x/share/man/man1/agentdup.1" ||
	{ echo "FAIL the man page carries no version"; exit 1; }
echo "ok   the installed binary runs"
