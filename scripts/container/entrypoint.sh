#!/bin/sh
# The image's first-party plugins join the plugins volume (replaced when the image's copy is
# newer, so an upgraded image brings its plugins); plugins dropped into the volume stay, and load
# while the server runs.
set -e
mkdir -p "$PLUGIN_DIR"
cp -pu /opt/new-api/lib/new-api/plugins/* "$PLUGIN_DIR"/
exec /opt/new-api/bin/new-api "$@"
