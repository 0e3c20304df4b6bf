#!/usr/bin/env bash
# Installs the SDK from a build tree into a temporary prefix, builds the out-of-tree plugin
# against that prefix alone, and checks that the host's loader accepts it.
# Usage: run.sh <gateway build dir> <plugin_check binary>
set -euo pipefail
build_dir=$1
plugin_check=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/gw-sdk-consumer-XXXXXX)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --component sdk --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/include/gw/abi/entry.h"
test -f "$work/prefix/lib/cmake/GwSdk/GwSdkConfig.cmake"
cp -r "$here" "$work/src"   # outside the gateway's tree
cmake -S "$work/src" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
test -f "$work/build/plugins/acme-provider.xml"
"$plugin_check" "$work/build/plugins" com.acme.provider
