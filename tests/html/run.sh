#!/bin/sh
# End-to-end tests of the HTML pages in headless Chromium, driven through
# chromedriver by Selenium: the scan page's views typed into, filtered,
# sorted, paged and compared (views.py), the hostile fixture's page with
# every view visited (hostile.py), the drift page (drift.py).
# usage: run.sh AGENTDUP FIXTURES_DIR SUITE     (SUITE: views, hostile, drift)
# Exit 77 (skipped) when Chromium, chromedriver or Selenium is missing,
# unless AD_REQUIRE_CHROMIUM is set (scripts/test.sh sets it: its set-up
# installs them). AD_TEST_PAGE=PAGE tests PAGE (say one tests/html/devpage.py
# made with the app's current script) instead of the page the binary writes.
set -u
AGENTDUP=$1
FIXTURES=$2
SUITE=$3
here=$(cd "$(dirname "$0")" && pwd)
skip() {
	echo "html: $1"
	[ -n "${AD_REQUIRE_CHROMIUM:-}" ] && exit 1
	exit 77
}
command -v chromium >/dev/null 2>&1 || command -v chromium-browser \
	>/dev/null 2>&1 || skip "no chromium found"
[ -x "${AD_CHROMEDRIVER:-/usr/bin/chromedriver}" ] || skip "no chromedriver found"
# Debian's python3-selenium is in the system Python, which may not be the
# first python3 on the PATH
py=""
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import selenium' 2>/dev/null; then
		py=$p
		break
	fi
done
[ -n "$py" ] || skip "no python3 with selenium found"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
AGENTDUP=$(cd "$(dirname "$AGENTDUP")" && pwd)/$(basename "$AGENTDUP")
FIXTURES=$(cd "$FIXTURES" && pwd)
"$py" -B "$here/$SUITE.py" "$AGENTDUP" "$FIXTURES" "$tmp"
