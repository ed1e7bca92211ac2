#!/bin/sh
# Every report agentdup writes, of the demo collection, the seeds and the
# development corpus, into one folder: scan in all six formats (and its
# outline, verbose and baseline variants), compare, query, snapshot,
# snapshots, drift (text, JSON, HTML, timeline) and history, from folder
# snapshots and from a git import of ../shared/drift. Standard error is
# kept beside each report, since warnings are part of what a user reads.
#
# Two builds that write the same folder byte for byte report the same:
#   bench/all_reports.sh OLD_AGENTDUP /tmp/before
#   bench/all_reports.sh build/agentdup /tmp/after
#   diff -r /tmp/before /tmp/after
# or, in one go, bench/same_reports.sh OLD_AGENTDUP NEW_AGENTDUP.
#
# Snapshot times and the seconds a run took are the only things that
# differ between two runs of one build; they are masked (an ISO time
# becomes <time>, "in 0.14s" becomes "in <s>").
#
# usage: bench/all_reports.sh AGENTDUP OUTDIR
# needs: ../shared (corpus, seeds, drift) and git.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 AGENTDUP OUTDIR" >&2; exit 2; }
AD=$(cd "$(dirname "$1")" 2>/dev/null && pwd || :)/$(basename "$1")
# a wrong path would still fill OUTDIR, with the errors as "reports"
[ -f "$AD" ] && [ -x "$AD" ] ||
	{ echo "$0: $1: not an executable file" >&2; exit 2; }
OUT=$2
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mask() {
	sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z/<time>/g' \
		-e 's/ in [0-9]+\.[0-9]+s/ in <s>/g'
}

# r NAME CMD...: run agentdup with CMD, keep stdout, stderr and status
r() {
	name=$1; shift
	status=0
	"$AD" "$@" >"$work/out" 2>"$work/err" || status=$?
	mask <"$work/out" >"$OUT/$name.out"
	# stderr names the temporary folder; keep it stable
	sed "s|$work|<work>|g" "$work/err" | mask >"$OUT/$name.err"
	echo "$status" >"$OUT/$name.status"
}

# rf NAME FILE CMD...: as r, for a report written to FILE by -o
rf() {
	name=$1; file=$2; shift 2
	r "$name" "$@"
	if [ -f "$file" ]; then
		mask <"$file" >"$OUT/$name.file"
		rm -f "$file"
	fi
}

seeds="$SHARED/seeds"
corpus="$SHARED/corpus"
for set in demo seeds corpus; do
	case $set in
	demo) p=corpus; inc= ;;
	seeds) p=$seeds; inc="--include *.txt" ;;
	corpus) p=$corpus; inc= ;;
	esac
	for f in text json html markdown sarif csv; do
		# shellcheck disable=SC2086
		r "scan-$set-$f" scan $inc -f "$f" "$p"
	done
	# shellcheck disable=SC2086
	r "scan-$set-outline" scan $inc --outline "$p"
	# shellcheck disable=SC2086
	r "scan-$set-outline-json" scan $inc --outline -f json "$p"
	# shellcheck disable=SC2086
	r "scan-$set-verbose" scan $inc -v "$p"
	# shellcheck disable=SC2086
	rf "scan-$set-baseline" "$work/base.json" scan $inc -q \
		--write-baseline "$work/base.json" "$p"
done
# a baseline of the demo collection held against the corpus and the seeds
"$AD" scan -q --write-baseline "$work/demo-base.json" corpus >/dev/null || true
r scan-corpus-vs-demo-baseline scan -q -f json \
	--baseline "$work/demo-base.json" "$corpus"
r scan-seeds-thresholds scan --include '*.txt' -t 0.3 \
	--section-threshold 0.4 --rule-threshold 0.4 "$seeds"
r scan-corpus-links-body scan --links body -f json "$corpus"

# compare: seeds pairwise, and two demo agents
set -- "$seeds"/*.txt
i=0
for a in "$@"; do
	i=$((i + 1))
	j=0
	for b in "$@"; do
		j=$((j + 1))
		[ $j -gt $i ] || continue
		r "compare-seeds-$i-$j" compare "$a" "$b"
		r "compare-seeds-$i-$j-json" compare -f json "$a" "$b"
	done
done
r compare-demo compare corpus/core/code-reviewer.md \
	corpus/fork-acme/acme-code-reviewer.md
r compare-demo-json compare -f json corpus/core/backend-developer.md \
	corpus/team-notes/backend-lite.md

# query: each seed against the corpus, and a text query
i=0
for s in "$seeds"/*.txt; do
	i=$((i + 1))
	r "query-seed-$i" query -k 10 "$s" "$corpus"
	r "query-seed-$i-json" query -k 10 -f json "$s" "$corpus"
done
r query-text query --text "Review pull requests for security issues" corpus
r query-demo-self query corpus/core/api-designer.md corpus

# snapshots of the drift sequence, folder by folder
db=$work/drift.db
for d in "$SHARED"/drift/*/*/; do
	label=$(basename "$d")
	r "snapshot-$label" snapshot --db "$db" --label "$label" "$d"
done
r snapshots snapshots --db "$db"
first=$(basename "$(ls -d "$SHARED"/drift/*/*/ | head -1)")
last=$(basename "$(ls -d "$SHARED"/drift/*/*/ | tail -1)")
r drift-text drift --db "$db"
r drift-json drift --db "$db" -f json
r drift-first-last drift --db "$db" --from "$first" --to "$last"
r drift-first-last-json drift --db "$db" --from "$first" --to "$last" \
	-f json --timeline
r drift-timeline drift --db "$db" --timeline
r drift-no-clusters drift --db "$db" --no-clusters --from "$first"
rf drift-html "$work/drift.html" drift --db "$db" --from "$first" \
	-f html -o "$work/drift.html"
for agent in backend-developer code-reviewer security-auditor; do
	r "history-$agent" history --db "$db" "$agent"
	r "history-$agent-json" history --db "$db" -f json "$agent"
	r "history-$agent-verbose" history --db "$db" -v "$agent"
done

# scan --db: the demo collection twice, then drift between the two
sdb=$work/scan.db
r scan-db-1 scan --db "$sdb" --label one corpus
r scan-db-2 scan --db "$sdb" --label two -f json "$seeds" --include '*.txt'
r scan-db-drift drift --db "$sdb" -f json

# snapshot of folders with broken files, of a missing path, and of a
# file named directly; scan --db of a missing path
edb=$work/edge.db
r snapshot-demo snapshot --db "$edb" --label demo corpus
r snapshot-demo-again snapshot --db "$edb" --label demo-again corpus
r snapshot-missing snapshot --db "$edb" --label missing /nonexistent/agents
r snapshot-file snapshot --db "$edb" --label file corpus/core/api-designer.md
r snapshot-mixed snapshot --db "$edb" --label mixed corpus/broken \
	/nonexistent/agents corpus/core/api-designer.md
r scan-db-missing scan --db "$edb" --label scan-missing /nonexistent/agents
r snapshots-edge snapshots --db "$edb"
r drift-edge drift --db "$edb" --from demo --to mixed -f json

# the drift sequence as a git repository, imported with snapshot --git
repo=$work/repo
git init -q "$repo"
n=0
for d in "$SHARED"/drift/*/*/; do
	n=$((n + 1))
	find "$repo" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
	cp -R "$d". "$repo"/
	day=$(basename "$d" | cut -d_ -f2)
	(cd "$repo" && git add -A &&
		GIT_AUTHOR_DATE="${day}T12:00:00Z" \
		GIT_COMMITTER_DATE="${day}T12:00:00Z" \
		git -c user.name=t -c user.email=t@t commit -q -m "snapshot $n")
done
gdb=$work/git.db
r snapshot-git snapshot --db "$gdb" --git "$repo"
r snapshot-git-again snapshot --db "$gdb" --git "$repo"
r snapshots-git snapshots --db "$gdb"
r drift-git drift --db "$gdb" --timeline -f json
echo "reports written to $OUT ($(ls "$OUT" | wc -l) files)"
