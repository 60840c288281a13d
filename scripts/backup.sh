#!/usr/bin/env bash
# Encrypted, timestamped backups of PostgreSQL, Redis and the backend's files, with a
# retention policy. Run by the backup service on BACKUP_CRON; by hand:
#   ./scripts/backup.sh [full|postgres|redis|files]
# Archives: backups/postgres/postgres-YYYYMMDD-HHMMSS.dump.gpg (pg_dump custom format),
# backups/redis/redis-*.rdb.gpg (RDB snapshot), backups/files/files-*.tar.gz.gpg.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/backup-common.sh
source "$(dirname "$0")/lib/backup-common.sh"

usage() {
  echo "usage: $(basename "$0") [full|postgres|redis|files]   (default: full)" >&2
  exit 2
}
kind=${1:-full}
[[ $kind =~ ^(full|postgres|redis|files)$ && $# -le 1 ]] || usage
delegate_to_container backup.sh "$@"

status_file=${BACKUP_STATUS_FILE:-/tmp/medianest-backup.status}
record_status() {
  local rc=$?
  printf '%s %s %s\n' "$([[ $rc -eq 0 ]] && echo ok || echo failed)" "$kind" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$status_file" || true
  cleanup_workdir
}

load_credentials
mkdir -p "${BACKUP_KINDS[@]/#/$BACKUP_DIR/}"
make_workdir
trap record_status EXIT

# One run at a time: a scheduled run and a manual one must not interleave.
exec 9>"$BACKUP_DIR/.lock"
if command -v flock >/dev/null; then
  flock -n 9 || die "another backup is running"
fi

stamp=$(date -u +%Y%m%d-%H%M%S)

backup_postgres() {
  local out="$BACKUP_DIR/postgres/postgres-$stamp.dump.gpg"
  # Plain data never touches the disk: pg_dump streams straight into gpg.
  pg_dump --format=custom --compress=6 | encrypt_stream "$out"
  log "postgres: $out ($(du -h "$out" | cut -f1))"
}

backup_redis() {
  if [[ -z ${REDIS_HOST:-} ]]; then
    log "redis: skipped (REDIS_HOST not set)"
    return
  fi
  local out="$BACKUP_DIR/redis/redis-$stamp.rdb.gpg"
  redis-cli -h "$REDIS_HOST" -p "${REDIS_PORT:-6379}" --no-auth-warning --rdb "$WORK/dump.rdb" >/dev/null
  encrypt_stream "$out" <"$WORK/dump.rdb"
  rm -f "$WORK/dump.rdb"
  log "redis: $out ($(du -h "$out" | cut -f1))"
}

backup_files() {
  if [[ -z ${FILES_DIR:-} || ! -d ${FILES_DIR:-} ]]; then
    log "files: skipped (FILES_DIR not set or missing)"
    return
  fi
  local out="$BACKUP_DIR/files/files-$stamp.tar.gz.gpg"
  tar -C "$FILES_DIR" -czf - . | encrypt_stream "$out"
  log "files: $out ($(du -h "$out" | cut -f1))"
}

# Deletes archives older than BACKUP_RETENTION_DAYS, but never the newest of a kind.
apply_retention() {
  local days=${BACKUP_RETENTION_DAYS:-14} k newest
  [[ $days =~ ^[0-9]+$ && $days -ge 1 ]] || die "BACKUP_RETENTION_DAYS must be a whole number >= 1"
  for k in "${BACKUP_KINDS[@]}"; do
    newest=$(find "$BACKUP_DIR/$k" -maxdepth 1 -name "$k-*.gpg" | sort | tail -n 1)
    find "$BACKUP_DIR/$k" -maxdepth 1 -name "$k-*.gpg" -mtime +"$((days - 1))" ! -path "$newest" -print |
      while read -r old; do
        rm -f "$old"
        log "retention: removed $old"
      done
  done
}

case $kind in
  full) backup_postgres && backup_redis && backup_files ;;
  postgres) backup_postgres ;;
  redis) backup_redis ;;
  files) backup_files ;;
esac
apply_retention
log "backup ($kind) done"
