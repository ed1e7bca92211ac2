#!/bin/sh
# End-to-end test of the HTML report in headless Chromium: the report of
# the hostile fixture collection is opened from file://, and the rendered
# DOM must hold every view, the page's own script must have run (under its
# Content-Security-Policy), and nothing from the hostile files may have:
# no title change, no attribute set by an injected handler, their markup
# present only as text.
# usage: run.sh AGENTDUP FIXTURES_DIR
# Exit 77 (skipped) when Chromium is missing, unless AD_REQUIRE_CHROMIUM
# is set (scripts/test.sh sets it: its set-up installs Chromium).
set -u
AGENTDUP=$1
FIXTURES=$2
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "html: no chromium found"
	[ -n "${AD_REQUIRE_CHROMIUM:-}" ] && exit 1
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # description, command...
	what=$1
	shift
	if "$@"; then
		echo "ok   $what"
	else
		echo "FAIL $what"
		fail=1
	fi
}
"$AGENTDUP" scan -q -f html -o "$tmp/hostile.html" "$FIXTURES/hostile"
status=$?
check "scan writes the report (status $status)" test -s "$tmp/hostile.html"
# --virtual-time-budget lets the page's script run before the dump
timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
	--virtual-time-budget=5000 --dump-dom "file://$tmp/hostile.html" \
	>"$tmp/dom.html" 2>"$tmp/chromium.log"
check "chromium renders the page" test -s "$tmp/dom.html"
# the shell's views (doc/html-report.md); the script draws them on demand
for view in overview clusters roles templates inventory agents pairs \
	collisions problems agent cluster role compare; do
	check "view #$view is present" grep -q "<section id=\"$view\" class=\"view\"" "$tmp/dom.html"
done
check "the data is in the page" grep -q 'id="ad-data"' "$tmp/dom.html"
# The page's script sets data-ready once the data is decoded and a view
# drawn, data-error when something failed: either says it ran.
check "the page's own script ran" grep -q '<body[^>]* data-\(ready\|error\)=' "$tmp/dom.html"
check "no injected script changed the title" \
	sh -c "! grep -q '<title>PWNED' '$tmp/dom.html'"
check "no injected handler ran" \
	sh -c "! grep -q '<body[^>]*data-pwned' '$tmp/dom.html'"
check "no injected image" sh -c "! grep -q '<img' '$tmp/dom.html'"
check "no hostile text in the page as written" \
	sh -c "! grep -q 'PWNED' '$tmp/hostile.html'"

# The drift page: the hostile files recorded, then one removed and one
# edited (its hostile rules reworded), so their text lands in every list.
mkdir -p "$tmp/v2"
cp "$FIXTURES/hostile/hostile-reviewer.md" "$tmp/v2/"
sed -e 's/^- /- Also: /' -e 's/Writes tests/Writes more tests/' "$FIXTURES/hostile/hostile-tester.md" >"$tmp/v2/hostile-tester.md"
"$AGENTDUP" snapshot -q --db "$tmp/s.db" --label '<b>one</b>' "$FIXTURES/hostile" &&
"$AGENTDUP" snapshot -q --db "$tmp/s.db" --label two "$tmp/v2" &&
"$AGENTDUP" drift --db "$tmp/s.db" -f html -o "$tmp/drift.html"
status=$?
check "drift writes its page (status $status)" test -s "$tmp/drift.html"
# drift_dom VIEW OUT: the page opened at #VIEW, its DOM once the script ran
drift_dom() {
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
		--virtual-time-budget=5000 --dump-dom "file://$tmp/drift.html$1" \
		>"$2" 2>>"$tmp/chromium.log"
}
rows() { grep -o '<tr data-i=' "$1" | wc -l; }
drift_dom '' "$tmp/drift-dom.html"
check "chromium renders the drift page" test -s "$tmp/drift-dom.html"
for view in overview agents clusters away compare; do
	check "drift view #$view is present" grep -q "id=\"$view\"" "$tmp/drift-dom.html"
done
check "the timeline is drawn" grep -q '<svg class="chart"' "$tmp/drift-dom.html"
check "the drift page's own script ran" grep -q 'data-ready="1"' "$tmp/drift-dom.html"
# the lists: every change, a search, a filter by kind
drift_dom '#agents' "$tmp/drift-agents.html"
drift_dom '#agents?q=tester' "$tmp/drift-search.html"
drift_dom '#agents?k=removed' "$tmp/drift-removed.html"
drift_dom '#clusters?ck=dissolved' "$tmp/drift-clusters.html"
check "drift: the agents' list has both changes" test "$(rows "$tmp/drift-agents.html")" -eq 2
check "drift: a search keeps the one match" test "$(rows "$tmp/drift-search.html")" -eq 1
check "drift: a filter by kind keeps the removed" test "$(rows "$tmp/drift-removed.html")" -eq 1
check "drift: the cluster dissolved is listed" test "$(rows "$tmp/drift-clusters.html")" -eq 1
# the compare of the edited agent's two versions, from its link
i=$(grep -o 'href="#compare?i=[0-9]*"' "$tmp/drift-agents.html" | head -1 | tr -dc 0-9)
drift_dom "#compare?i=${i:-none}" "$tmp/drift-compare.html"
check "drift: the compare has both sides" \
	sh -c "grep -q 'class=\"side a\"' '$tmp/drift-compare.html' && grep -q 'class=\"side b\"' '$tmp/drift-compare.html'"
check "drift: the rules reworded are rows side by side" grep -q 'class="row reworded"' "$tmp/drift-compare.html"
check "drift: the frontmatter differences" grep -q 'class="fm-diff"' "$tmp/drift-compare.html"
for page in dom agents search removed clusters compare; do
	f="$tmp/drift-$page.html"
	check "drift ($page): the title is the page's" grep -q 'agentdup drift report</title>' "$f"
	check "drift ($page): no injected handler ran" \
		sh -c "! grep -q '<body[^>]*data-pwned' '$f'"
	check "drift ($page): no injected image" sh -c "! grep -q '<img' '$f'"
	check "drift ($page): no markup from a label" sh -c "! grep -q '<b>one</b>' '$f'"
done
check "drift: hostile markup shows as text" grep -q '&lt;script&gt;' "$tmp/drift-compare.html"
check "drift: a hostile name shows as text" grep -q '&lt;img' "$tmp/drift-agents.html"
if [ $fail -ne 0 ]; then
	echo "--- chromium said:"
	tail -5 "$tmp/chromium.log"
fi
exit $fail
