#!/usr/bin/env bash
# Starts PostgreSQL, MariaDB and Redis for the tests, without systemd, idempotently: running
# services are left alone, stopped or killed ones (stale pid files) are started. Creates the test
# role/user "gw" (password gwpass) and database gw_test on both SQL servers.
set -euo pipefail

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
wait_for() {
  local what=$1; shift
  for _ in $(seq 1 120); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "services: $what did not come up" >&2
  return 1
}

# PostgreSQL: the cluster comes from the package; TCP on 127.0.0.1:5432 with password auth.
PGVER=$(ls /etc/postgresql | sort -V | tail -1)
$SUDO pg_ctlcluster "$PGVER" main status >/dev/null 2>&1 || $SUDO pg_ctlcluster "$PGVER" main start
wait_for postgresql pg_isready -h 127.0.0.1 -p 5432 -q
$SUDO su postgres -c "psql -v ON_ERROR_STOP=1 -q" <<'SQL'
DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='gw') THEN CREATE ROLE gw LOGIN CREATEDB PASSWORD 'gwpass'; END IF; END$$;
ALTER ROLE gw CREATEDB;
SELECT 'CREATE DATABASE gw_test OWNER gw' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname='gw_test')\gexec
SQL

# MariaDB: root logs in through the unix socket.
mariadb-admin ping --silent >/dev/null 2>&1 || $SUDO service mariadb start >/dev/null
wait_for mariadb mariadb-admin ping --silent
$SUDO mariadb -uroot <<'SQL'
CREATE DATABASE IF NOT EXISTS gw_test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'gw'@'127.0.0.1' IDENTIFIED BY 'gwpass';
CREATE USER IF NOT EXISTS 'gw'@'localhost' IDENTIFIED BY 'gwpass';
GRANT ALL ON *.* TO 'gw'@'127.0.0.1';
GRANT ALL ON *.* TO 'gw'@'localhost';
SQL

# Redis on 127.0.0.1:6379.
redis-cli -h 127.0.0.1 ping 2>/dev/null | grep -q PONG || $SUDO service redis-server start >/dev/null 2>&1 ||
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no --logfile /tmp/redis-gw.log
wait_for redis sh -c 'redis-cli -h 127.0.0.1 ping | grep -q PONG'

echo "services: postgresql, mariadb and redis ready"
