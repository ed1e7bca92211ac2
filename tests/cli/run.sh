#!/bin/sh
# CLI tests as data. Each folder tests/cli/<case>/ holds:
#   cmd       a shell snippet; $AGENTDUP is the binary, $FIXTURES the
#             tests/fixtures folder (or the FIXTURES given; the quality
#             cases also have $SHARED); it runs inside the case folder
#   stdout    the expected standard output (exact bytes)
#   status    the expected exit status (default 0)
#   stderr    optional: the expected standard error (exact bytes)
#   needs     optional: a path outside the repository the case reads
#             ($FIXTURES expanded); without it the case is skipped
#   width     optional: the most columns a line of stdout may take
# usage: run.sh AGENTDUP CLI_DIR [--update] [CASE...]
# --update rewrites stdout/stderr/status from the current behaviour, to
# re-approve after an intended change (review the diff before committing).
set -u
AGENTDUP=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$(cd "$2" && pwd)
shift 2
update=0
if [ "${1:-}" = "--update" ]; then update=1; shift; fi
FIXTURES=${FIXTURES:-$(cd "$dir/../fixtures" && pwd)}
export AGENTDUP FIXTURES
export NO_COLOR=1 LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 skipped=0
cases=${*:-$(cd "$dir" && ls -d */ | tr -d /)}
for c in $cases; do
	d="$dir/$c"
	[ -f "$d/cmd" ] || continue
	if [ -f "$d/needs" ]; then
		need=$(sed "s|\$FIXTURES|$FIXTURES|" "$d/needs")
		if [ ! -e "$need" ]; then
			echo "skip $c: no $need"
			skipped=$((skipped + 1))
			continue
		fi
	fi
	want_status=0
	[ -f "$d/status" ] && want_status=$(cat "$d/status")
	(cd "$d" && sh ./cmd) >"$tmp/out" 2>"$tmp/err" </dev/null
	got_status=$?
	if [ $update = 1 ]; then
		cp "$tmp/out" "$d/stdout"
		echo "$got_status" >"$d/status"
		[ -f "$d/stderr" ] && cp "$tmp/err" "$d/stderr"
		echo "updated $c"
		continue
	fi
	ok=1
	if [ "$got_status" != "$want_status" ]; then
		echo "FAIL $c: exit status $got_status, expected $want_status"
		ok=0
	fi
	if ! cmp -s "$tmp/out" "$d/stdout"; then
		echo "FAIL $c: stdout differs"
		diff -u "$d/stdout" "$tmp/out" | head -40
		ok=0
	fi
	if [ -f "$d/width" ]; then
		w=$(LC_ALL=C.UTF-8 wc -L <"$tmp/out")
		if [ "$w" -gt "$(cat "$d/width")" ]; then
			echo "FAIL $c: a line of $w columns, more than $(cat "$d/width")"
			ok=0
		fi
	fi
	if [ -f "$d/stderr" ] && ! cmp -s "$tmp/err" "$d/stderr"; then
		echo "FAIL $c: stderr differs"
		diff -u "$d/stderr" "$tmp/err" | head -40
		ok=0
	fi
	if [ $ok = 1 ]; then pass=$((pass + 1)); else
		fail=$((fail + 1))
		echo "--- stderr of $c:"; head -20 "$tmp/err"
	fi
done
echo "cli: $pass passed, $fail failed, $skipped skipped"
[ $fail = 0 ]
