#!/usr/bin/env bash
# Restores an archive written by backup.sh.
#   ./scripts/restore-backup.sh postgres latest|DATE [--yes]
#   ./scripts/restore-backup.sh files latest|DATE [--yes]
#   ./scripts/restore-backup.sh redis latest|DATE
# DATE: 2026-11-26 (newest that day) or 20261126-033000 (that run). The archive is decrypted
# and verified first: a modified archive or a wrong key restores nothing. PostgreSQL is
# restored in one transaction: on any error the database stays as it was.
# Stop the backend first (docker-compose -f docker-compose.prod.yml stop backend).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/backup-common.sh
source "$(dirname "$0")/lib/backup-common.sh"

usage() {
  echo "usage: $(basename "$0") postgres|redis|files latest|DATE [--yes]" >&2
  exit 2
}
[[ $# -ge 2 && $# -le 3 ]] || usage
kind=$1 when=$2 assume_yes=false
[[ $kind =~ ^(postgres|redis|files)$ ]] || usage
if [[ $# -eq 3 ]]; then
  [[ $3 == --yes ]] || usage
  assume_yes=true
fi
delegate_to_container restore-backup.sh "$@"

load_credentials
make_workdir
archive=$(find_archive "$kind" "$when")

confirm() {
  $assume_yes && return 0
  [[ -t 0 ]] || die "not a terminal: pass --yes to confirm"
  local answer
  read -r -p "$1 [y/N] " answer
  [[ $answer =~ ^[yY] ]] || die "cancelled"
}

case $kind in
  postgres)
    confirm "Replace the contents of database '${PGDATABASE:-}' with $(basename "$archive")?"
    decrypt_archive "$archive" "$WORK/db.dump"
    pg_restore --clean --if-exists --no-owner --no-acl --single-transaction --exit-on-error \
      -d "${PGDATABASE:?PGDATABASE is not set}" "$WORK/db.dump"
    log "postgres: restored $(basename "$archive") into $PGDATABASE"
    ;;
  files)
    [[ -n ${FILES_DIR:-} && -d ${FILES_DIR:-} ]] || die "FILES_DIR is not set or missing"
    confirm "Replace the files in $FILES_DIR with $(basename "$archive")?"
    decrypt_archive "$archive" "$WORK/files.tar.gz"
    # Unpack beside first so a broken archive leaves the current files alone.
    mkdir "$WORK/files"
    tar -C "$WORK/files" -xzf "$WORK/files.tar.gz"
    find "$FILES_DIR" -mindepth 1 -delete
    cp -a "$WORK/files/." "$FILES_DIR/"
    log "files: restored $(basename "$archive") into $FILES_DIR"
    ;;
  redis)
    # Redis loads its snapshot only at start, from its own volume, so the file is prepared
    # here and swapped in with the redis container stopped (docs/DEPLOYMENT.md).
    out="$BACKUP_DIR/redis/restore/dump.rdb"
    mkdir -p "$(dirname "$out")"
    decrypt_archive "$archive" "$out"
    log "redis: $(basename "$archive") decrypted to $out; to load it:"
    log "  docker-compose -f docker-compose.prod.yml stop redis"
    log "  docker run --rm -v medianest_redis-data:/data -v \"\$PWD/backups/redis/restore:/restore:ro\" redis:7.4-alpine sh -c 'rm -f /data/appendonly* && rm -rf /data/appendonlydir && cp /restore/dump.rdb /data/dump.rdb && chown redis /data/dump.rdb'"
    log "  docker-compose -f docker-compose.prod.yml start redis"
    ;;
esac
