#!/bin/sh
# Set up, build, and run every test; then build again with
# AddressSanitizer + UndefinedBehaviorSanitizer and run them all again.
set -eu
cd "$(dirname "$0")/.."
# the HTML test must run here, not be skipped: set-up installs Chromium
export AD_WITH_CHROMIUM=1 AD_REQUIRE_CHROMIUM=1
# and the man page test renders it with groff (setup installs it)
export AD_WITH_GROFF=1
sh scripts/setup.sh build
(cd build && ctest --output-on-failure -j"$(nproc)")
sh scripts/setup.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DAD_SANITIZE=ON \
	-DAD_SHARED_CORE=ON
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure -j"$(nproc)")
echo "all tests passed, plain and under ASan+UBSan"
