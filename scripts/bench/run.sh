#!/usr/bin/env bash
# Builds a Release gateway and benchmarks it against a direct call (see bench.mjs).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/setup.sh
command -v wrk >/dev/null && command -v nginx >/dev/null || apt-get install -y -qq wrk nginx-light >/dev/null
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DGW_BUILD_TESTS=OFF >/dev/null
cmake --build build-release
ulimit -n "$(ulimit -Hn)"
node scripts/bench/bench.mjs build-release/bin/new-api "${1:-10}" "${2:-64}"
node scripts/bench/media.mjs "$PWD/build-release/bin/new-api"
node scripts/bench/realtime.mjs "$PWD/build-release/bin/new-api"
