#!/usr/bin/env bash
# Installs what is missing, builds a Release binary and starts the gateway on port 3000
# (PORT overrides) with its SQLite database in ./data/.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DGW_BUILD_TESTS=OFF >/dev/null
cmake --build build-release

mkdir -p data
export SQLITE_PATH="${SQLITE_PATH:-$PWD/data/one-api.db}"
export PLUGIN_DIR="${PLUGIN_DIR:-$PWD/build-release/bin/plugins}"
export WEB_DIR="${WEB_DIR:-$PWD/web/dist}"
exec build-release/bin/new-api --config config/new-api.xml "$@"
