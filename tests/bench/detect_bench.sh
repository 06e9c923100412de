#!/usr/bin/env bash
# Detector benchmark: all detectors together on >= 100 MB of mixed French mail text
# (tests/bench/make_mail_text.py, deterministic), one body at a time, on one core; then
# the same per detector. Run by hand: bash tests/bench/detect_bench.sh [SIZE_MB]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
size="${1:-100}"
text="/tmp/breachkit-bench/mail-${size}.txt"
mkdir -p /tmp/breachkit-bench
[ -f "$text" ] || python3 "$root/tests/bench/make_mail_text.py" "$text" "$size"
BENCH_EACH=1 "$root/build/tests/breachkit_eval" --bench-file "$text"
