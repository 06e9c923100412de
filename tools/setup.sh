#!/usr/bin/env bash
# Shared by tools/run-sample.sh and tests/run.sh: installs the Debian packages that
# are missing (apt-get as root, through sudo otherwise) and builds breachkit.
# Re-running is fast: it asks dpkg once, and cmake rebuilds only what changed.
#
#   source tools/setup.sh; breachkit_setup [build-dir] [extra cmake args...]
set -euo pipefail

BREACHKIT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

breachkit_missing_packages() {
  local wanted
  wanted=$(grep -v '^\s*#' "$BREACHKIT_ROOT/tools/debian-packages.txt" | grep -v '^\s*$')
  # Callers with needs of their own (tests/fuzz/run.sh: clang) add them here.
  wanted="$wanted ${BREACHKIT_EXTRA_PACKAGES:-}"
  # shellcheck disable=SC2086
  dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' $wanted 2>/dev/null |
    awk '$2 != "ii" {print $1}'
  # Packages dpkg has never heard of are not printed above: find them too.
  local known
  known=$(dpkg-query -W -f='${Package}\n' $wanted 2>/dev/null || true)
  for p in $wanted; do
    grep -qx "$p" <<<"$known" || echo "$p"
  done
}

breachkit_install_packages() {
  local missing
  missing=$(breachkit_missing_packages | sort -u | tr '\n' ' ')
  [ -z "${missing// /}" ] && return 0
  echo "breachkit: installing Debian packages: $missing" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "breachkit: need root or sudo to install: $missing" >&2; return 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >&2
}

# Configures (when needed) and builds. The cmake arguments of the last configuration are kept
# in the build folder: when they differ from this call's (a flag of tests/run.sh, or
# BREACHKIT_CMAKE_ARGS, e.g. "-DBREACHKIT_MIMALLOC=OFF", or CC/CXX), the cache is configured afresh so that
# the change is applied (an option left out returns to its default).
breachkit_build() {
  local build_dir="${1:-$BREACHKIT_ROOT/build}"
  shift || true
  local args=("$@")
  if [ -n "${BREACHKIT_CMAKE_ARGS:-}" ]; then
    local extra
    read -r -a extra <<<"$BREACHKIT_CMAKE_ARGS"
    args+=("${extra[@]}")
  fi
  local generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  local stamp="$build_dir/breachkit-cmake-args.txt"
  local wanted
  wanted=$(printf '%s\n' "CC=${CC:-}" "CXX=${CXX:-}" "${generator[@]}" "${args[@]}")
  if [ ! -f "$build_dir/CMakeCache.txt" ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    if [ -f "$build_dir/CMakeCache.txt" ]; then
      echo "breachkit: cmake arguments changed: configuring $build_dir afresh" >&2
      rm -f "$build_dir/CMakeCache.txt"
    fi
    cmake -S "$BREACHKIT_ROOT" -B "$build_dir" "${generator[@]}" "${args[@]}" >&2
    printf '%s' "$wanted" >"$stamp"
  fi
  cmake --build "$build_dir" -j "$(nproc)" >&2
}

breachkit_setup() {
  breachkit_install_packages
  breachkit_build "$@"
}
