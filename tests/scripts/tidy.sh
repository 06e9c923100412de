#!/usr/bin/env bash
# clang-tidy 19 with the checks of .clang-tidy over the product's sources (core, reports,
# tools), from a build folder's compile_commands.json. Fails on any warning.
#   bash tests/scripts/tidy.sh [BUILD_DIR]     default: build
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$root/build}"
[ -f "$build/compile_commands.json" ] || { echo "tidy: no $build/compile_commands.json (build first)" >&2; exit 1; }
command -v run-clang-tidy-19 >/dev/null || { echo "tidy: clang-tidy-19 is missing" >&2; exit 1; }
run-clang-tidy-19 -quiet -p "$build" -j "$(nproc)" "$root/(core|reports|tools)/.*\.cc$" >"$build/tidy.log" 2>&1 || {
  grep -E "warning:|error:" "$build/tidy.log" | sort -u | head -50
  echo "tidy: failed (whole log: $build/tidy.log)" >&2
  exit 1
}
echo "tidy: $(grep -c '^\[' "$build/tidy.log" || true) files checked, no warning"
