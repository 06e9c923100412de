#!/usr/bin/env bash
# Valgrind memcheck over the test suite (by hand: it takes tens of minutes):
#   1. the GoogleTest binary, in process (the cases that run the breachkit binary check
#      their children's exit codes; the children are covered by 2 and 3);
#   2. the main job, `breachkit run` on the sample leak, and the letters with --eml;
#   3. the fuzz targets' replay binaries over their seeds and kept crash inputs.
# Fails on any memory error or any definite/indirect leak. tests/valgrind.supp lists the
# suppressions, each explained; "still reachable" and "possibly lost" blocks are GLib's,
# fontconfig's and pango's caches kept until exit on purpose and are not counted.
#
#   bash tests/valgrind.sh [GTEST_FILTER]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../tools/setup.sh"
export BREACHKIT_EXTRA_PACKAGES="valgrind"
breachkit_setup "$BREACHKIT_ROOT/build"
build="$BREACHKIT_ROOT/build"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# GLib: plain malloc for every allocation, and memory cleared when freed.
export G_SLICE=always-malloc G_DEBUG=gc-friendly
# The breachkit binary's malloc is mimalloc's: memcheck puts its own in its place. mimalloc's
# operator delete calls its free, which memcheck then reports as a mismatched free for every
# C++ object: that one check is off here (the ASan build, without mimalloc, makes it).
vg=(valgrind --tool=memcheck --error-exitcode=99 --leak-check=full
    --soname-synonyms=somalloc=libmimalloc.so.2 --show-mismatched-frees=no
    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
    --suppressions="$BREACHKIT_ROOT/tests/valgrind.supp" --num-callers=30 --quiet)
status=0
step() {
  local name="$1"; shift
  local log="$work/$name.log"
  local t0=$SECONDS
  if "${vg[@]}" --log-file="$log" "$@" >"$work/$name.out" 2>&1; then
    echo "valgrind $name: clean ($((SECONDS - t0)) s)"
  else
    local rc=$?
    # Exit 3 (partial) of breachkit is not a memory error; 99 is.
    if [ "$rc" -ne 99 ] && [ ! -s "$log" ]; then
      echo "valgrind $name: clean, exit $rc ($((SECONDS - t0)) s)"
    else
      status=1
      echo "valgrind $name: FAILED (exit $rc)"; head -60 "$log"; tail -20 "$work/$name.out"
    fi
  fi
}
step tests "$build/tests/breachkit_tests" --gtest_brief=1 ${1:+--gtest_filter="$1"}
step run "$build/tools/breachkit" -q run --org "$BREACHKIT_ROOT/schemas/examples/organisation.xml" \
  -o "$work/out" "$build/sample-leak/hr-rejection.mbox"
step letters-eml "$build/tools/breachkit" --db "$work/out/incident.db" letters -o "$work/eml" --eml
for t in message mbox xml address; do
  step "replay-$t" "$build/tests/fuzz/fuzz_${t}_replay" "$BREACHKIT_ROOT/tests/fuzz/seeds/$t" \
    "$BREACHKIT_ROOT/tests/fuzz/regressions/$t"
done
exit $status
