#!/usr/bin/env bash
# Installs what is missing, builds everything with tests, and runs every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGW_BUILD_TESTS=ON >/dev/null
cmake --build build
cd build
ctest --output-on-failure --timeout 600 -j "$(nproc)"
