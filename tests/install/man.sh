#!/bin/sh
# The man page renders without a warning (groff -man -ww), and names every
# long option that each command's --help lists, so that the two agree.
# usage: man.sh AGENTDUP MANPAGE
# Exit 77 (skipped) without groff, unless AD_WITH_GROFF is set
# (scripts/test.sh sets it: its set-up installs groff-base).
set -u
AGENTDUP=$1
page=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C
fail=0 nogroff=0
if command -v groff >/dev/null 2>&1; then
	warnings=$(groff -man -ww -z "$page" 2>&1)
	if [ $? -ne 0 ] || [ -n "$warnings" ]; then
		echo "FAIL $page does not render cleanly:"
		echo "$warnings"
		fail=1
	else
		echo "ok   $page renders without warnings"
	fi
else
	echo "man: no groff found, the page is not rendered"
	[ -n "${AD_WITH_GROFF:-}" ] && exit 1
	nogroff=1
fi
# the long options the page names, and those each --help lists
grep -o -- '\\-\\-[a-z][a-z\\-]*' "$page" | sed 's/\\-/-/g' | sort -u >"$tmp/page"
for c in scan compare query route snapshot snapshots drift history; do
	"$AGENTDUP" "$c" --help | grep -o -- '--[a-z][a-z-]*' | sort -u |
		comm -23 - "$tmp/page" | sed "s/^/FAIL $c: not in the man page: /"
done >"$tmp/missing"
if [ -s "$tmp/missing" ]; then
	cat "$tmp/missing"
	fail=1
fi
[ $fail = 0 ] && echo "ok   every option of every --help is in the man page"
[ $fail = 0 ] && [ $nogroff = 1 ] && exit 77
exit $fail
