#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz for a bounded time each, with ASan + UBSan + LSan.
# Fails (exit 1) on any crash, leak, timeout or sanitizer report; the input that caused it is
# kept in build-fuzz/artifacts/<target>/ (replay it: build/tests/fuzz/fuzz_<target>_replay FILE,
# under gdb or valgrind if need be). Keep a fixed crash's input in tests/fuzz/regressions/.
#
#   bash tests/fuzz/run.sh [SECONDS] [TARGET...]    default: 60 s each, targets message mbox xml address msg pst vault
#
# Needs clang 19 (Debian's clang-19 + libclang-rt-19-dev, installed if missing): g++ 12
# has no libFuzzer, and clang 14 cannot compile std::expected with libstdc++ 12.
set -euo pipefail
export BREACHKIT_EXTRA_PACKAGES="clang-19 libclang-rt-19-dev llvm-19"
source "$(dirname "${BASH_SOURCE[0]}")/../../tools/setup.sh"

seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(message mbox xml address msg pst vault)

build_dir="$BREACHKIT_ROOT/build-fuzz"
breachkit_install_packages
CC=clang-19 CXX=clang++-19 breachkit_build "$build_dir" -DBREACHKIT_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo

export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1"
# Stacks with function names (llvm-19's symbolizer): reports say where, and tests/lsan.supp's
# function names match.
export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-19/bin/llvm-symbolizer
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$BREACHKIT_ROOT/tests/lsan.supp:print_suppressions=0"

status=0
for t in "${targets[@]}"; do
  corpus="$build_dir/corpus/$t"
  artifacts="$build_dir/artifacts/$t/"
  mkdir -p "$corpus" "$artifacts"
  log="$build_dir/fuzz-$t.log"
  # A PST is at least a few hundred KB (the seeds: 265 KB); other inputs stay under 256 KB.
  max_len=262144
  asan="$ASAN_OPTIONS"
  if [ "$t" = pst ]; then
    max_len=524288
  fi
  if [ "$t" = pst ] || [ "$t" = msg ]; then
    # libpff and libgsf are built without frame pointers: the slow unwinder gives their leaks
    # a full stack, so that tests/lsan.supp names their own (libpff_table_read,
    # gsf_infile_msole_new) and no leak of ours.
    asan="$ASAN_OPTIONS:fast_unwind_on_malloc=0"
  fi
  # The working corpus grows across runs (new inputs go to the first folder); the seeds and
  # the kept regressions are read too.
  if ASAN_OPTIONS="$asan" "$build_dir/tests/fuzz/fuzz_$t" "$corpus" "$BREACHKIT_ROOT/tests/fuzz/seeds/$t" \
      "$BREACHKIT_ROOT/tests/fuzz/regressions/$t" \
      -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 -max_len="$max_len" \
      -artifact_prefix="$artifacts" -print_final_stats=1 >"$log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    cov=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -1 | sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\).*/cov \1 edges, ft \2 features/p')
    echo "fuzz $t: ok, $execs executions in ${seconds} s, $cov, corpus $(ls "$corpus" | wc -l) inputs"
  else
    status=1
    echo "fuzz $t: FAILED — see $log; inputs in $artifacts" >&2
    grep -E '^==[0-9]+==ERROR|SUMMARY|runtime error' "$log" | head -5 >&2 || true
  fi
done
exit $status
