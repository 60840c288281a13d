#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine, in one command (run as root):
#   ./scripts/test.sh
# 1. installs the Debian packages the tests use (only those missing), 2. starts PostgreSQL
# and Redis on loopback when they are not running, 3. npm ci, build, lint, 4. npm test,
# 5. the compose test (npm run test:compose: the production stack built and booted in a
# private Docker engine, about 8 min cold and 7 warm on 2 cores).
#   SKIP_COMPOSE_TEST=1 ./scripts/test.sh    quick local run without step 5
# `npm test` alone is the inner command for a machine that is already prepared.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
log() { printf '\n== %s (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

# Debian packages: browser for the web app's end-to-end tests, nginx for the production
# topology test, docker-compose to validate the compose file, ShellCheck for the operator
# scripts, gnupg for encrypted backups, the PostgreSQL client tools for backup/restore,
# promtool for alert rules, PostgreSQL and Redis themselves when absent.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v nginx >/dev/null 2>&1 || need+=(nginx)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v shellcheck >/dev/null 2>&1 || need+=(shellcheck)
command -v gpg >/dev/null 2>&1 || need+=(gnupg)
command -v pg_dump >/dev/null 2>&1 || need+=(postgresql-client)
[[ -d /etc/postgresql ]] || need+=(postgresql)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v envsubst >/dev/null 2>&1 || need+=(gettext-base)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v yamllint >/dev/null 2>&1 || need+=(yamllint)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v redis-cli >/dev/null 2>&1 || need+=(redis-tools)
python3 -c 'import yaml' >/dev/null 2>&1 || need+=(python3-yaml)
if [[ ${#need[@]} -gt 0 ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "error: missing Debian packages: ${need[*]}; run this as root (or install them)" >&2
    exit 1
  fi
  log "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

log "PostgreSQL and Redis on loopback"
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  pg_version=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n1)
  pg_ctlcluster --skip-systemctl-redirect "$pg_version" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
# The suite connects as postgres over TCP without a password (each test file makes its own
# database). A freshly installed cluster asks for one: trust loopback, nothing else.
if ! psql -X -w -h 127.0.0.1 -U postgres -d postgres -Atc 'SELECT 1' >/dev/null 2>&1; then
  pg_version=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n1)
  sed -i '1i host all postgres 127.0.0.1/32 trust' "/etc/postgresql/$pg_version/main/pg_hba.conf"
  pg_ctlcluster --skip-systemctl-redirect "$pg_version" main reload
  sleep 1
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432
redis-cli -h 127.0.0.1 -p 6379 ping

log "npm ci"
npm ci --no-audit --no-fund

log "npm run build"
npm run build

log "npm run lint"
npm run lint

log "npm test"
npm test

if [[ ${SKIP_COMPOSE_TEST:-} == 1 ]]; then
  log "compose test skipped (SKIP_COMPOSE_TEST=1)"
else
  log "npm run test:compose"
  npm run test:compose
fi
log "done"
