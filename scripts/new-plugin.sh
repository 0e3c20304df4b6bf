#!/usr/bin/env bash
# Scaffolds a provider plugin project that builds against the installed SDK and passes its own
# golden test unchanged.
#   scripts/new-plugin.sh NAME [--dir DIR] [--id ID] [--type CHANNEL_TYPE]
# NAME: lowercase letters, digits and dashes (the library is NAME.so). The project lands in
# DIR/NAME (default ./NAME); ID defaults to com.example.NAME; CHANNEL_TYPE to 9100 (pick an id
# New API does not use).
set -euo pipefail
# The source tree's template, or the installed SDK's (bin/gw-new-plugin beside share/gw-sdk).
root=$(cd "$(dirname "$0")/.." && pwd)
template="$root/sdk/templates/provider"
[ -d "$template" ] || template="$root/share/gw-sdk/templates/provider"

usage() { sed -n '2,8p' "$0" >&2; exit 2; }
[ $# -ge 1 ] || usage
name=$1; shift
dir=.; id=""; type=9100
while [ $# -gt 0 ]; do
  case $1 in
    --dir) dir=$2; shift 2 ;;
    --id) id=$2; shift 2 ;;
    --type) type=$2; shift 2 ;;
    *) usage ;;
  esac
done
[[ $name =~ ^[a-z][a-z0-9-]*$ ]] || { echo "NAME must be lowercase letters, digits and dashes: $name" >&2; exit 2; }
[[ $type =~ ^[0-9]+$ ]] || { echo "--type must be a number: $type" >&2; exit 2; }
id=${id:-com.example.$name}
target="$dir/$name"
[ -e "$target" ] && { echo "$target already exists" >&2; exit 1; }

mkdir -p "$target"
cp -r "$template"/. "$target"/
name_id=${name//-/_}
find "$target" -type f -print0 | xargs -0 sed -i \
  -e "s/@NAME_ID@/$name_id/g" -e "s/@NAME@/$name/g" -e "s/@PLUGIN_ID@/$id/g" -e "s/@TYPE@/$type/g"
echo "created $target (plugin $id, channel type $type)"
echo "build: cmake -S $target -B $target/build -DCMAKE_PREFIX_PATH=<SDK prefix> && cmake --build $target/build && ctest --test-dir $target/build"
