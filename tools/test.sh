#!/usr/bin/env bash
# README command two: install what is missing, build, run every test through
# ctest. Extra arguments go to ctest (e.g. `tools/test.sh -L unit`).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/bootstrap.sh
tools/build.sh
cd "${LINCAO_BUILD_DIR:-build}"
exec ctest --output-on-failure -j "${LINCAO_JOBS:-2}" "$@"
