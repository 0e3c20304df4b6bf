#!/usr/bin/env bash
# Builds the container image with podman from a Debian 12 base made by debootstrap (no registry is
# reachable here) and runs it: console, /readyz, /metrics, and a plugin dropped into the plugins
# volume loading without a restart. Usage: scripts/container/test.sh BUILD_DIR
#
# This machine runs containers with three adjustments, all in a private containers.conf (none
# changes the image or the compose files):
#   - runtime runc: crun refuses the hybrid cgroup v1/v2 hierarchy ("cgroups in hybrid mode not supported");
#   - no_pivot_root: pivot_root(2) fails with EBUSY on this machine's root filesystem;
#   - default_ulimits within this shell's hard limits (descriptors) and 4096 processes: the
#     defaults cannot be set (setrlimit EPERM).
# When podman cannot start even a trivial container, the image's root filesystem is tested by
# running the server in it with chroot instead, and the refusal is printed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: test.sh BUILD_DIR}" && pwd)
work="$build/container"
mkdir -p "$work"
base="$work/debian-base"
runtime_libs=ca-certificates,tzdata,libcurl4,libjemalloc2,libpcre2-8-0,libpistache0,libpugixml1v5,libssl3,zlib1g,libpocofoundation80,libpoconet80,libpocodata80,libpocodatasqlite80,libpocodatamysql80,libpocodatapostgresql80,libpocodataodbc80,libpocoredis80

fail() { echo "container test: $*" >&2; exit 1; }
port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
url="http://127.0.0.1:$port"
token="container-metrics-token"

wait_ready() {
  for _ in $(seq 1 300); do
    curl -fsS "$url/readyz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

metrics() { curl -fsS -H "Authorization: Bearer $token" "$url/metrics"; }

check_serving() {
  [[ "$(curl -fsS "$url/")" == *'<script type="module"'* ]] || fail "no console at /"
  [[ "$(curl -fsS "$url/api/status")" == *'"success":true'* ]] || fail "/api/status"
  [[ "$(curl -fsS "$url/readyz")" == *'"status":"ready"'* ]] || fail "/readyz"
  [[ "$(metrics)" == *'gw_plugin_loaded{id="org.newapi.provider.openai"'* ]] || fail "/metrics shows no openai plugin"
}

# A plugin (library, then manifest) copied into the plugins folder loads while the server runs.
check_hot_load() {
  local dir=$1 lib="$build/test-plugins/fixture_good.so"
  cp "$lib" "$dir/good.so"
  printf '<plugin id="org.test.good" version="1.0.0" kind="provider" abi="1.0"><library>good.so</library><sha256>%s</sha256></plugin>' \
    "$(sha256sum "$lib" | cut -d' ' -f1)" >"$dir/good.xml"
  for _ in $(seq 1 100); do
    [[ "$(metrics)" == *'gw_plugin_loaded{id="org.test.good"'* ]] && return 0
    sleep 0.2
  done
  fail "a plugin dropped into the plugins volume did not load"
}

# The base: Debian 12 from the mirror, with the runtime libraries (the image installs them again,
# which then only checks).
if [ ! -f "$base/.complete" ]; then
  rm -rf "$base"
  debootstrap --variant=minbase --include="$runtime_libs" bookworm "$base" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 ||
    fail "debootstrap failed (see $work/debootstrap.log)"
  touch "$base/.complete"
fi

# The server tree the image carries.
context="$work/context"
rm -rf "$context" && mkdir -p "$context/scripts"
cmake --install "$build" --component server --prefix "$context/stage" --strip >/dev/null
cp -r "$root/scripts/container" "$context/scripts/"

export CONTAINERS_CONF="$work/containers.conf"
cat >"$CONTAINERS_CONF" <<CONF
[engine]
runtime = "runc"
no_pivot_root = true
[containers]
cgroupns = "host"
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=4096:4096"]
CONF

if ! probe=$(tar -C "$base" --exclude=./.complete -c . | podman import -q - localhost/debian:bookworm-base 2>&1 &&
             podman run --rm --network host localhost/debian:bookworm-base true 2>&1); then
  echo "container test: podman cannot run containers here: $probe" >&2
  echo "container test: testing the image's root filesystem with chroot instead" >&2
  rootfs="$work/rootfs"
  rm -rf "$rootfs" && cp -a "$base" "$rootfs"
  cp -a "$context/stage" "$rootfs/opt/new-api"
  mkdir -p "$rootfs/data/plugins" "$rootfs/proc"
  cp -p "$rootfs"/opt/new-api/lib/new-api/plugins/* "$rootfs/data/plugins/"
  mount -t proc proc "$rootfs/proc"
  trap 'kill $(cat "$work/chroot.pid") 2>/dev/null || true; sleep 1; umount "$rootfs/proc" || true' EXIT
  env -i PORT="$port" SQLITE_PATH=/data/one-api.db PLUGIN_DIR=/data/plugins METRICS_TOKEN="$token" \
    "$(command -v chroot)" "$rootfs" /opt/new-api/bin/new-api >"$work/chroot.log" 2>&1 &
  echo $! >"$work/chroot.pid"
  wait_ready || fail "the server in the root filesystem did not get ready: $(tail -20 "$work/chroot.log")"
  check_serving
  check_hot_load "$rootfs/data/plugins"
  echo "container test: chroot run passed"
  exit 0
fi

podman build -q --network host --build-arg BASE=localhost/debian:bookworm-base --target prebuilt \
  -f "$context/scripts/container/Dockerfile" -t localhost/new-api:test "$context" >"$work/build.log" 2>&1 ||
  fail "podman build failed: $(tail -20 "$work/build.log")"
name="new-api-test-$$"
podman volume rm -f "$name-data" "$name-plugins" >/dev/null 2>&1 || true
trap 'podman rm -f -t 5 "$name" >/dev/null 2>&1 || true; podman volume rm -f "$name-data" "$name-plugins" >/dev/null 2>&1 || true' EXIT
podman run -d --name "$name" --network host -e PORT="$port" -e METRICS_TOKEN="$token" \
  -v "$name-data:/data" -v "$name-plugins:/plugins" localhost/new-api:test >/dev/null
wait_ready || fail "the container did not get ready: $(podman logs "$name" 2>&1 | tail -20)"
check_serving
[ "$(podman exec "$name" id -un)" = newapi ] || fail "the server does not run as the image's own user"
check_hot_load "$(podman volume inspect --format '{{.Mountpoint}}' "$name-plugins")"
podman stop -t 30 "$name" >/dev/null
[[ "$(podman logs "$name" 2>&1)" == *"] "*"| stopped"* ]] || fail "the server did not stop cleanly on SIGTERM"

# The SQLite compose file, on the image just built (the PostgreSQL one needs postgres and redis
# images from a registry: its commands are only planned, with --dry-run).
project="newapi-compose-$$"
compose=(podman-compose -p "$project" -f "$root/scripts/container/docker-compose.yml")
podman tag localhost/new-api:test localhost/new-api:latest
trap 'podman rm -f -t 5 "$name" >/dev/null 2>&1 || true; podman volume rm -f "$name-data" "$name-plugins" >/dev/null 2>&1 || true
      NEW_API_PORT=$port "${compose[@]}" down -v >/dev/null 2>&1 || true
      podman volume rm -f "$project-pg_data" "$project-pg_plugins" "$project-pg_pg_data" "$project-pg_redis_data" >/dev/null 2>&1 || true' EXIT
NEW_API_PORT=$port "${compose[@]}" up -d >"$work/compose.log" 2>&1 || fail "compose up: $(tail -20 "$work/compose.log")"
wait_ready || fail "the compose service did not get ready: $(tail -20 "$work/compose.log")"
[[ "$(curl -fsS "$url/")" == *'<script type="module"'* ]] || fail "no console from the compose service"
plan=$(podman-compose --dry-run -p "$project-pg" -f "$root/scripts/container/docker-compose.postgres.yml" up -d 2>&1)
for want in "--name=$project-pg_postgres_1" "--name=$project-pg_redis_1" "--name=$project-pg_new-api_1" \
            "SQL_DSN=postgres://newapi:" "REDIS_CONN_STRING=redis://redis:6379"; do
  [[ "$plan" == *"$want"* ]] || fail "docker-compose.postgres.yml plans no $want"
done
echo "container test: podman image built and ran, alone and from docker-compose.yml"
