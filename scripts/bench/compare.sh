#!/usr/bin/env bash
# Benchmarks this checkout against an earlier commit on the same machine in the same run:
#   scripts/bench/compare.sh REF [seconds] [connections]
# builds REF (a git worktree under build-ref/) and this tree in Release, runs bench.mjs on each in
# turn, and prints both result tables (each with its gateway/direct ratios) for comparison.
set -euo pipefail
cd "$(dirname "$0")/../.."
ref=${1:?usage: compare.sh REF [seconds] [connections]}
seconds=${2:-10}
conns=${3:-64}
scripts/setup.sh
command -v wrk >/dev/null && command -v nginx >/dev/null || apt-get install -y -qq wrk nginx-light >/dev/null
sha=$(git rev-parse --short "$ref")
tree="build-ref/$sha"
[ -d "$tree/src" ] || git worktree add -f "$tree/src" "$sha" >/dev/null
(cd "$tree/src/web" && [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error)
(cd "$tree/src/scripts/tokenizer" && [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error)
cmake -S "$tree/src" -B "$tree/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGW_BUILD_TESTS=OFF >/dev/null
cmake --build "$tree/build"
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DGW_BUILD_TESTS=OFF >/dev/null
cmake --build build-release
ulimit -n "$(ulimit -Hn)"
echo "== $sha (reference)"
node scripts/bench/bench.mjs "$tree/build/bin/new-api" "$seconds" "$conns"
echo "== $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes') (this tree)"
node scripts/bench/bench.mjs build-release/bin/new-api "$seconds" "$conns"
