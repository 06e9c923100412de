#!/usr/bin/env bash
# Every C and C++ file of the repository is as clang-format 19 writes it (.clang-format).
#   bash tests/scripts/format_check.sh          check (exit 1 and the files that differ)
#   bash tests/scripts/format_check.sh --fix    rewrite them
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
format=clang-format-19
command -v "$format" >/dev/null || { echo "format_check: $format is missing (apt-get install clang-format-19)" >&2; exit 1; }
mapfile -t files < <(git ls-files '*.cc' '*.h' '*.c' 2>/dev/null || find core reports tools tests -name '*.cc' -o -name '*.h' -o -name '*.c')
if [ "${1:-}" = "--fix" ]; then
  "$format" -i "${files[@]}"
  exit 0
fi
bad=0
for f in "${files[@]}"; do
  if ! "$format" --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "format_check: $f differs from clang-format's layout (bash tests/scripts/format_check.sh --fix)"
    bad=1
  fi
done
[ "$bad" = 0 ] && echo "format_check: ${#files[@]} files ok"
exit "$bad"
