#!/usr/bin/env bash
# Creates the host folders docker-compose.prod.yml bind-mounts, owned by the user each
# container writes as: logs/{backend,nginx} and backups/ by 1001 (our images), logs/postgres
# by 999 (postgres:*-bookworm), logs/redis by 999 (redis:*-bookworm). Run once as root;
# idempotent.
#   sudo ./scripts/prepare-host-dirs.sh
set -euo pipefail

if [[ $# -gt 0 ]]; then
  echo "usage: sudo $(basename "$0")" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
owners=(logs/backend:1001 logs/nginx:1001 logs/postgres:999 logs/redis:999
  backups:1001 backups/postgres:1001 backups/redis:1001 backups/files:1001)
for entry in "${owners[@]}"; do
  dir="$root/${entry%%:*}"
  mkdir -p "$dir"
  if [[ $(id -u) -eq 0 ]]; then
    chown "${entry##*:}:${entry##*:}" "$dir"
  fi
done
chmod 750 "$root/backups"
if [[ $(id -u) -ne 0 ]]; then
  echo "note: not root, owners unchanged; run with sudo so the containers can write here" >&2
fi
echo "host folders ready under $root/logs and $root/backups"
