#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs every test (ctest).
#   bash tests/run.sh              normal build in ./build
#   bash tests/run.sh --sanitize   AddressSanitizer + UBSan build in ./build-asan
set -euo pipefail
# The test tooling's own packages (the format check, clang-tidy for .ci/run, and the two
# Python libraries that edit a review sheet as a DPO's spreadsheet would: tests/review_sheet_test.cc).
export BREACHKIT_EXTRA_PACKAGES="${BREACHKIT_EXTRA_PACKAGES:-} clang-format-19 clang-tidy-19 python3-openpyxl python3-odf"
source "$(dirname "${BASH_SOURCE[0]}")/../tools/setup.sh"

build_dir="$BREACHKIT_ROOT/build"
cmake_args=()
if [ "${1:-}" = "--sanitize" ]; then
  build_dir="$BREACHKIT_ROOT/build-asan"
  cmake_args=(-DBREACHKIT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  export LSAN_OPTIONS="suppressions=$BREACHKIT_ROOT/tests/lsan.supp:print_suppressions=0"
fi
breachkit_setup "$build_dir" "${cmake_args[@]}"
cd "$build_dir"
ctest --output-on-failure -j "$(nproc)"
