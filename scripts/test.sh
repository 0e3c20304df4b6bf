#!/usr/bin/env bash
# Installs what is missing, builds everything with tests, and runs every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
# The real coding clients the compatibility suite drives (large, so not part of setup.sh).
clients=tests/node/clients
if [ ! -d "$clients/node_modules" ] || [ "$clients/package-lock.json" -nt "$clients/node_modules" ]; then
  (cd "$clients" && npm ci --no-audit --no-fund --loglevel=error)
fi
scripts/services.sh
# The store suite and the database-backed relay suites run on these servers too.
export GW_TEST_PG_DSN="postgres://gw:gwpass@127.0.0.1:5432/gw_test?sslmode=disable"
export GW_TEST_ODBC_PG_DSN="odbc:DRIVER={PostgreSQL Unicode};SERVER=127.0.0.1;PORT=5432;DATABASE=gw_test;UID=gw;PWD=gwpass;"
export GW_TEST_MYSQL_DSN="gw:gwpass@tcp(127.0.0.1:3306)/gw_test?charset=utf8mb4&parseTime=True"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGW_BUILD_TESTS=ON >/dev/null
cmake --build build
cd build
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # the concurrency suite holds ~2000 sockets in one process
ctest --output-on-failure --timeout 600 -j "$(nproc)"
