#!/usr/bin/env bash
# tools/setup.sh's breachkit_build configures again when its cmake arguments change (and only
# then), so that a changed option is applied on re-run. cmake is replaced by a stub that logs
# its calls; nothing is built.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
cat >"$tmp/bin/cmake" <<'STUB'
#!/usr/bin/env bash
echo "$*" >>"$STUB_LOG"
if [ "$1" = "-S" ]; then mkdir -p "$4"; echo "args: $*" >"$4/CMakeCache.txt"; fi
STUB
chmod +x "$tmp/bin/cmake"
export PATH="$tmp/bin:$PATH" STUB_LOG="$tmp/log"
unset BREACHKIT_CMAKE_ARGS CC CXX
# shellcheck source=/dev/null
source "$root/tools/setup.sh"
build="$tmp/build"
configures() { grep -c -- '^-S' "$STUB_LOG" || true; }
fail() { echo "FAIL: $*" >&2; cat "$STUB_LOG" >&2; exit 1; }

breachkit_build "$build" -DBREACHKIT_SANITIZE=ON 2>/dev/null
[ "$(configures)" = 1 ] || fail "first call does not configure"
breachkit_build "$build" -DBREACHKIT_SANITIZE=ON 2>/dev/null
[ "$(configures)" = 1 ] || fail "same arguments configure again"
breachkit_build "$build" -DBREACHKIT_SANITIZE=OFF 2>"$tmp/err"
[ "$(configures)" = 2 ] || fail "a changed option is not applied"
grep -q "configuring .* afresh" "$tmp/err" || fail "no word of the new configuration"
grep -q "SANITIZE=OFF" "$build/CMakeCache.txt" || fail "the old cache was kept"
BREACHKIT_CMAKE_ARGS="-DBREACHKIT_MIMALLOC=OFF" breachkit_build "$build" -DBREACHKIT_SANITIZE=OFF 2>/dev/null
[ "$(configures)" = 3 ] || fail "BREACHKIT_CMAKE_ARGS is not applied"
tail -n 2 "$STUB_LOG" | grep -q -- "-DBREACHKIT_MIMALLOC=OFF" || fail "BREACHKIT_CMAKE_ARGS not passed"
breachkit_build "$build" 2>/dev/null
[ "$(configures)" = 4 ] || fail "an option left out is not reset"
breachkit_build "$build" 2>/dev/null
[ "$(configures)" = 4 ] || fail "no arguments configure again"
echo "setup_test: ok"
