#!/usr/bin/env bash
# The scaffold from the installed SDK: gw-new-plugin writes a project that configures against the
# SDK prefix alone, builds, passes its own golden test unchanged, and loads in the host's loader.
# Usage: scaffold.sh <gateway build dir> <plugin_check binary>
set -euo pipefail
build_dir=$1
plugin_check=$2
work=$(mktemp -d /tmp/gw-sdk-scaffold-XXXXXX)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --component sdk --prefix "$work/prefix" >/dev/null
"$work/prefix/bin/gw-new-plugin" acme-llm --dir "$work" --type 9100
cmake -S "$work/acme-llm" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
ctest --test-dir "$work/build" --output-on-failure
"$plugin_check" "$work/build/plugins" com.example.acme-llm
