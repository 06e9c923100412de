#!/usr/bin/env bash
# The product (tests off) configures without Python and without mimalloc: the generated test
# data is the tests' business, and mimalloc is a speed-up, not a requirement.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if ! cmake -S "$root" -B "$tmp/b" "${generator[@]}" -DBREACHKIT_BUILD_TESTS=OFF \
    -DCMAKE_DISABLE_FIND_PACKAGE_Python3=ON -DCMAKE_DISABLE_FIND_PACKAGE_mimalloc=ON \
    >"$tmp/out" 2>&1; then
  cat "$tmp/out" >&2
  echo "FAIL: the product does not configure without Python and mimalloc" >&2
  exit 1
fi
grep -q "mimalloc not found" "$tmp/out" || { cat "$tmp/out" >&2; echo "FAIL: no note that mimalloc is missing" >&2; exit 1; }
if grep -rqi "python" "$tmp/b"/build.ninja "$tmp/b"/Makefile 2>/dev/null; then
  echo "FAIL: the product's build runs Python" >&2
  exit 1
fi
echo "product_configure_test: ok"
