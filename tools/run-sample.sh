#!/usr/bin/env bash
# The main job on the sample leak shipped in the repository: installs what is
# missing, builds (which generates the sample leak into build/sample-leak/), and runs
# `breachkit run` on it into ./out/sample.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
breachkit_setup "$BREACHKIT_ROOT/build"
cd "$BREACHKIT_ROOT"
exec "$BREACHKIT_ROOT/build/tools/breachkit" run \
  --org schemas/examples/organisation.xml \
  -o out/sample \
  "$@" \
  build/sample-leak/hr-rejection.mbox
