#!/usr/bin/env bash
# Installs what is missing, builds everything with tests, and runs every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGW_BUILD_TESTS=ON >/dev/null
cmake --build build
cd build
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # the concurrency suite holds ~2000 sockets in one process
ctest --output-on-failure --timeout 600 -j "$(nproc)"
