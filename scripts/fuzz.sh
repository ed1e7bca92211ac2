#!/bin/sh
# Build the libFuzzer targets of tests/fuzz with clang and run each one.
# usage: scripts/fuzz.sh [SECONDS [TARGET...]]
#   SECONDS  how long each target runs (default 30)
#   TARGET   parse, frontmatter, audit, baseline, store, cache (default: all)
# Seeds come from tests/fixtures (agent files; for the audit, also the
# files of each fixture folder four to a seed), and from agentdup itself
# for the baseline (of tests/fixtures/scan and tests/fixtures/roles) and
# the store (two snapshots: tests/fixtures/scan, then tests/fixtures/compare)
# and the cache (scan --cache of tests/fixtures/scan, which fuzz_cache loads);
# what a run finds new stays in build-fuzz/corpus.
# A crash stops the script with status 1 and leaves its input in
# build-fuzz/ (crash-*), to be kept as a regression test. AD_FUZZ_BUILD
# names another build folder (default build-fuzz).
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-30}
[ $# -gt 0 ] && shift
targets=${*:-parse frontmatter audit baseline store cache}
build=${AD_FUZZ_BUILD:-build-fuzz}
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo -DAD_FUZZ=ON -DAD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
bin="$build/agentdup"
seeds="$build/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/md" "$seeds/baseline" "$seeds/store" "$seeds/cache" \
	"$seeds/audit"
# every fixture file an agent could be, as one seed each
find tests/fixtures -type f \( -name '*.md' -o -name '*.mdc' -o -name '*.txt' \) \
	-size -64k | while read -r f; do
	cp "$f" "$seeds/md/$(echo "$f" | tr '/' '_')"
done
# for the audit, also the agents of each fixture folder four at a time,
# joined as fuzz_audit cuts them: pairs to join, link and query
for d in tests/fixtures/*/; do
	name=$(basename "$d")
	find "$d" -type f -name '*.md' -size -16k | sort | {
		n=0
		while read -r f; do
			out="$seeds/audit/$name-$((n / 4))"
			[ $((n % 4)) -eq 0 ] || printf '\n#~~~\n' >>"$out"
			cat "$f" >>"$out"
			n=$((n + 1))
		done
	}
done
"$bin" scan -q --write-baseline "$seeds/baseline/scan.baseline" \
	-o /dev/null tests/fixtures/scan || true
"$bin" scan -q --write-baseline "$seeds/baseline/roles.baseline" \
	-o /dev/null tests/fixtures/roles || true
db="$seeds/store/two.db"
"$bin" snapshot -q --db "$db" --label one tests/fixtures/scan >/dev/null || true
"$bin" snapshot -q --db "$db" --label two tests/fixtures/compare >/dev/null || true
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null 2>&1 || true
rm -f "$db-wal" "$db-shm"
"$bin" scan -q --cache "$seeds/cache/scan.cache" -o /dev/null \
	tests/fixtures/scan || true
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in $targets; do
	maxlen=65536
	more=
	case $t in
	baseline) seed="$seeds/baseline" ;;
	store) seed="$seeds/store" maxlen=262144 ;;
	cache) seed="$seeds/cache" ;;
	audit) seed="$seeds/md" more=seeds/audit ;;
	*) seed="$seeds/md" ;;
	esac
	corpus="$build/corpus/$t"
	mkdir -p "$corpus"
	log="$build/fuzz_$t.log"
	# the inputs that once crashed, replayed under clang's sanitizers
	if ! "$build/tests/fuzz/fuzz_$t" tests/fuzz/regressions/$t/* \
		>"$log" 2>&1; then
		tail -40 "$log"
		echo "fuzz_$t: a kept input fails again"
		exit 1
	fi
	echo "fuzz_$t: $seconds s"
	if ! (cd "$build" && "tests/fuzz/fuzz_$t" -max_total_time="$seconds" \
		-dict=../tests/fuzz/agent.dict -max_len=$maxlen -timeout=20 \
		-rss_limit_mb=2048 -print_final_stats=1 \
		"corpus/$t" "seeds/${seed##*/}" $more) >"$log" 2>&1; then
		tail -40 "$log"
		echo "fuzz_$t: FAILED (input in $build/crash-* or $build/timeout-*)"
		exit 1
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	echo "fuzz_$t: $runs runs, $cov edges, no crash"
done
