#!/usr/bin/env bash
# Configures and builds the tree into ${LINCAO_BUILD_DIR:-build} (Release,
# Ninja when present, -j2 by default: the reference machine has two cores).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${LINCAO_BUILD_DIR:-build}"
jobs="${LINCAO_JOBS:-2}"
generator=()
if [ ! -f "$build_dir/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then
  generator=(-G Ninja)
fi
cmake -S . -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE="${LINCAO_BUILD_TYPE:-Release}" >/dev/null
cmake --build "$build_dir" -j "$jobs" "$@"
