#!/usr/bin/env bash
# Installs every Debian package the project needs. Idempotent: a second run only checks.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache git
  libpistache-dev libpoco-dev libpugixml-dev nlohmann-json3-dev libjemalloc-dev
  libboost-dev libssl-dev libcurl4-openssl-dev libcrypt-dev zlib1g-dev libpcre2-dev
  libpq-dev libmariadb-dev libsqlite3-dev unixodbc-dev sqlite3
  libgtest-dev libgmock-dev
  curl openssl
  chromium fonts-wqy-zenhei
  postgresql mariadb-server mariadb-client redis-server
  odbc-postgresql odbc-mariadb libsqliteodbc
  podman runc podman-compose debootstrap file systemd
)

# Node.js (for the web UI, the tokenizer data and the SDK compatibility tests): Debian's packages
# only when the machine has no node of its own, since they conflict with NodeSource's.
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: packages ready"

# npm packages: the BPE rank tables the tokenizer ships, the web console's build tools, the client
# SDKs the relay tests drive and playwright-core for the browser tests.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
for dir in "$here/tokenizer" "$root/web" "$root/tests/node" "$root/tests/web"; do
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
echo "setup: npm packages ready"

# The web console: rebuilt when any of its sources is newer than the last build.
web="$root/web"
if [ ! -f "$web/dist/index.html" ] ||
   [ -n "$(find "$web/src" "$web/index.html" "$web/package-lock.json" "$web/vite.config.ts" -newer "$web/dist/index.html" -print -quit)" ]; then
  (cd "$web" && npm run build --silent >/dev/null)
fi
echo "setup: web console built"
