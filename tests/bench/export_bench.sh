#!/usr/bin/env bash
# Peak memory and time of `export` in each format on a generated leak (tests/bench/make_mbox.py,
# deterministic), side by side with another breachkit binary (a build of an earlier commit)
# when one is given. The XML export is checked to give the same bytes with both binaries.
# Run by hand, never as a unit test.
#
# usage: tests/bench/export_bench.sh [SIZE_MB=10] [BINARY=build/tools/breachkit] [OTHER_BINARY]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
size=${1:-10}
binary=${2:-$here/../../build/tools/breachkit}
other=${3:-}
work=$(mktemp -d /tmp/breachkit-export-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 "$here/make_mbox.py" "$work/leak.mbox" "$size" >/dev/null
"$binary" --db "$work/r.db" -q ingest "$work/leak.mbox" >/dev/null
printf '%-40s %-6s %12s %10s  %s\n' binary format "peak RSS MB" seconds sha256
for bin in "$binary" ${other:+"$other"}; do
  for format in xml json csv; do
    out="$work/out-$format"
    rm -rf "$out" "$out".* 
    /usr/bin/time -f '%M %e' -o "$work/time" "$bin" --db "$work/r.db" -q export --format "$format" \
      -o "$out" >/dev/null
    read -r kb seconds <"$work/time"
    digest=-
    [ "$format" = csv ] || digest=$(sha256sum "$out" | cut -c1-16)
    printf '%-40s %-6s %12d %10s  %s\n' "$bin" "$format" $((kb / 1024)) "$seconds" "$digest"
  done
done
