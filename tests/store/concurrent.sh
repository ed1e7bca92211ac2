#!/bin/sh
# Two `snapshot`s writing one store at once, 20 rounds: both succeed every
# time. The first round starts without a store (both create it). In the
# first two rounds a third connection holds the write lock for 7 s as they
# start, longer than a writer once waited (5 s), so that waiting is tested
# whatever the machine's speed: on a new database (the switch to WAL
# waits) and on a store (the write transaction waits). AD_TEST_LOAD=N adds N busy loops on the CPUs while it runs.
# usage: concurrent.sh AGENTDUP SOURCE_DIR
# Needs the sqlite3 command; exit 77 (skipped) without it.
set -u
AGENTDUP=$1
SRC=$2
if ! command -v sqlite3 >/dev/null; then
	echo "concurrent: no sqlite3 command"
	exit 77
fi
tmp=$(mktemp -d)
burners=""
cleanup() {
	for p in $burners; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
for w in a b; do
	for k in 1 2 3 4; do
		mkdir -p "$tmp/$w/copy$k"
		cp -r "$SRC/corpus/core" "$SRC/corpus/fork-acme" \
			"$SRC/corpus/team-notes" "$tmp/$w/copy$k/"
	done
done
for i in $(seq 1 "${AD_TEST_LOAD:-0}"); do
	sh -c 'while :; do :; done' &
	burners="$burners $!"
done
db="$tmp/store.db"
fail=0
for i in $(seq 1 20); do
	# new contents for both, so each writes a lot
	for f in "$tmp"/[ab]/*/*/*.md; do
		printf -- '- round %s\n' "$i" >>"$f"
	done
	ph=""
	if [ "$i" -le 2 ]; then
		printf 'BEGIN IMMEDIATE;\n.shell sleep 7\nCOMMIT;\n' |
			sqlite3 "$db" >"$tmp/h.out" 2>&1 &
		ph=$!
		sleep 0.5
	fi
	"$AGENTDUP" snapshot -q --db "$db" --label "a$i" "$tmp/a" \
		>"$tmp/a.out" 2>&1 &
	pa=$!
	"$AGENTDUP" snapshot -q --db "$db" --label "b$i" "$tmp/b" \
		>"$tmp/b.out" 2>&1 &
	pb=$!
	if [ -n "$ph" ] && { ! wait "$ph" || [ -s "$tmp/h.out" ]; }; then
		echo "FAIL round $i: the lock was not held:"
		cat "$tmp/h.out"
		fail=1
	fi
	wait "$pa"; ra=$?
	wait "$pb"; rb=$?
	if [ $ra -ne 0 ] || [ $rb -ne 0 ]; then
		echo "FAIL round $i: exit $ra and $rb"
		cat "$tmp/a.out" "$tmp/b.out"
		fail=1
	fi
done
n=$(sqlite3 "$db" "select count(*) from snapshot")
[ "$n" -eq 40 ] || { echo "FAIL: $n snapshots, not 40"; fail=1; }
[ "$(sqlite3 "$db" "pragma integrity_check")" = ok ] ||
	{ echo "FAIL: integrity_check"; fail=1; }
[ $fail -eq 0 ] && echo "concurrent: 20 rounds of two writers, 40 snapshots"
exit $fail
