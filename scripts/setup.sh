#!/bin/sh
# Install what agentdup needs on Debian 12 (as root), then build it.
# usage: scripts/setup.sh [BUILD_DIR [CMAKE_ARGS...]]
# Packages already installed are not fetched again. AD_TARGET names the
# one target to build (default: all of them, tests included).
set -eu
cd "$(dirname "$0")/.."
PACKAGES="gcc libc6-dev make cmake pkg-config libyaml-dev libcmark-dev \
libsqlite3-dev libstemmer-dev libcmocka-dev nettle-dev libxxhash-dev \
zlib1g-dev"
# `snapshot --git` runs git, and the tests of it (test_gitsrc, the
# snapshot-git CLI cases) fail without it, so it is always installed.
PACKAGES="$PACKAGES git"
# The sarif_schema test validates SARIF reports against the SARIF 2.1.0
# JSON schema (tests/sarif) with Debian's jsonschema, offline.
PACKAGES="$PACKAGES python3-jsonschema"
# The tests also open the HTML report in headless Chromium, driven
# through chromedriver by Selenium (tests/html), and check snapshot
# stores with the sqlite3 command.
[ -n "${AD_WITH_CHROMIUM:-}" ] &&
	PACKAGES="$PACKAGES chromium chromium-driver python3-selenium sqlite3"
# The man page test renders agentdup.1 with groff; CI builds with clang too.
[ -n "${AD_WITH_GROFF:-}" ] && PACKAGES="$PACKAGES groff-base"
[ -n "${AD_WITH_CLANG:-}" ] && PACKAGES="$PACKAGES clang"
missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "setup: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# the downloaded packages are not kept: Chromium and clang alone
	# leave hundreds of MB in apt's cache, where a CI machine's disk ran out
	apt-get install -y -qq --no-install-recommends \
		-o APT::Keep-Downloaded-Packages=false $missing >/dev/null
fi
build=${1:-build}
[ $# -gt 0 ] && shift
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$build" -j"$(nproc)" ${AD_TARGET:+--target "$AD_TARGET"}
