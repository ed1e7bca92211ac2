#!/bin/sh
# A snapshot killed at random points (SIGKILL, 24 times) never leaves the
# store unreadable or half-written: after each kill, PRAGMA integrity_check
# says ok and the store holds the snapshots it held before, or one more.
# usage: kill.sh AGENTDUP SOURCE_DIR
# Needs the sqlite3 command (scripts/test.sh's set-up installs it); exit
# 77 (skipped) without it unless AD_REQUIRE_CHROMIUM is set, as the other
# test-only tools.
set -u
AGENTDUP=$1
SRC=$2
if ! command -v sqlite3 >/dev/null; then
	echo "kill: no sqlite3 command"
	[ -n "${AD_REQUIRE_CHROMIUM:-}" ] && exit 1
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# a collection big enough for a snapshot to take a while: the demo
# corpus, 24 times over
for k in $(seq 1 24); do
	mkdir -p "$tmp/c/copy$k"
	cp -r "$SRC/corpus/core" "$SRC/corpus/fork-acme" "$SRC/corpus/team-notes" \
		"$tmp/c/copy$k/"
done
db="$tmp/store.db"
"$AGENTDUP" snapshot -q --db "$db" --label base "$tmp/c" || exit 1
fail=0 committed=0 rolled=0
for i in $(seq 1 24); do
	# new content everywhere, so the snapshot parses and writes a lot
	for f in "$tmp"/c/*/*/*.md; do
		printf -- '- edit %s\n' "$i" >>"$f"
	done
	before=$(sqlite3 "$db" "select count(*) from snapshot")
	"$AGENTDUP" snapshot -q --db "$db" --label "k$i" "$tmp/c" &
	pid=$!
	# a different moment each time: 0 to 0.2 s into the run
	sleep "$(awk -v i="$i" 'BEGIN { srand(i * 7919); printf "%.3f", rand() * 0.2 }')"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	check=$(sqlite3 "$db" "pragma integrity_check")
	after=$(sqlite3 "$db" "select count(*) from snapshot")
	if [ "$check" != "ok" ]; then
		echo "FAIL kill $i: integrity_check says: $check"
		fail=1
	elif [ "$after" -eq "$before" ]; then
		rolled=$((rolled + 1))
	elif [ "$after" -eq $((before + 1)) ]; then
		committed=$((committed + 1))
	else
		echo "FAIL kill $i: $before snapshots before, $after after"
		fail=1
	fi
	# the store still opens and lists
	"$AGENTDUP" snapshots --db "$db" >/dev/null || { echo "FAIL kill $i: store does not open"; fail=1; }
done
echo "kill: 24 kills: $rolled left the store as it was, $committed after the commit"
exit $fail
