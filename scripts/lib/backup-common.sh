# shellcheck shell=bash
# Shared by backup.sh, restore-backup.sh and test-backup-restore.sh (sourced, not run).
#
# Where they run: inside the backup container (MEDIANEST_BACKUP_CONTAINER=1), or anywhere
# PGHOST is set (tests, a host with the PostgreSQL client). Run on the Docker host without
# PGHOST, they re-run themselves inside the backup container, which has pg_dump, gpg and the
# secrets.
#
# Settings (environment):
#   BACKUP_DIR                  archives: $BACKUP_DIR/{postgres,redis,files}/ (default ./backups)
#   BACKUP_ENCRYPTION_KEY_FILE  passphrase file (secrets/backup_encryption_key)
#   PGHOST PGPORT PGUSER PGDATABASE, POSTGRES_PASSWORD_FILE
#   REDIS_HOST REDIS_PORT, REDIS_PASSWORD_FILE   (no REDIS_HOST: Redis is skipped)
#   FILES_DIR                   the backend's data folder (no FILES_DIR: files are skipped)
#   BACKUP_RETENTION_DAYS       archives older than this are deleted (default 14)

MEDIANEST_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BACKUP_DIR=${BACKUP_DIR:-$MEDIANEST_ROOT/backups}
# shellcheck disable=SC2034 # used by the scripts that source this file
BACKUP_KINDS=(postgres redis files)

log() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# delegate_to_container SCRIPT ARGS...: on the Docker host, run SCRIPT in the backup container.
delegate_to_container() {
  [[ -n ${MEDIANEST_BACKUP_CONTAINER:-} || -n ${PGHOST:-} ]] && return 0
  command -v docker-compose >/dev/null ||
    die "set PGHOST (and the other settings in scripts/lib/backup-common.sh) or run this where docker-compose is"
  local tty=(-T)
  [[ -t 0 && -t 1 ]] && tty=()
  cd "$MEDIANEST_ROOT" || exit 1
  exec docker-compose -f docker-compose.prod.yml exec "${tty[@]}" backup "/scripts/$1" "${@:2}"
}

# Credentials come from the Docker secrets; they are exported for pg_* and redis-cli only.
load_credentials() {
  if [[ -n ${POSTGRES_PASSWORD_FILE:-} ]]; then
    PGPASSWORD=$(<"$POSTGRES_PASSWORD_FILE")
    export PGPASSWORD
  fi
  if [[ -n ${REDIS_PASSWORD_FILE:-} ]]; then
    REDISCLI_AUTH=$(<"$REDIS_PASSWORD_FILE")
    export REDISCLI_AUTH
  fi
  [[ -n ${BACKUP_ENCRYPTION_KEY_FILE:-} && -s ${BACKUP_ENCRYPTION_KEY_FILE} ]] ||
    die "BACKUP_ENCRYPTION_KEY_FILE must name a non-empty key file"
}

# A private scratch folder on the backup disk (not tmpfs: a dump may be larger than RAM) and
# a private GnuPG home; both removed on exit.
make_workdir() {
  mkdir -p "$BACKUP_DIR/.work"
  WORK=$(mktemp -d "$BACKUP_DIR/.work/run.XXXXXX")
  GNUPGHOME=$(mktemp -d "${TMPDIR:-/tmp}/medianest-gnupg.XXXXXX")
  export GNUPGHOME
  trap cleanup_workdir EXIT
}
cleanup_workdir() {
  gpgconf --kill gpg-agent >/dev/null 2>&1 || true
  rm -rf "${WORK:?}" "${GNUPGHOME:?}"
}

gpg_args=(--batch --yes --quiet --no-symkey-cache --pinentry-mode loopback)

# encrypt_stream OUT: stdin -> OUT, AES-256 with an integrity check (OpenPGP MDC); written
# under a temporary name so a half-written archive is never mistaken for a backup.
encrypt_stream() {
  gpg "${gpg_args[@]}" --passphrase-file "$BACKUP_ENCRYPTION_KEY_FILE" \
    --symmetric --cipher-algo AES256 --compress-algo none -o "$1.partial" &&
    mv "$1.partial" "$1"
}

# decrypt_archive IN OUT: verifies and decrypts the whole archive before anything uses it;
# a modified archive or a wrong key fails here, and nothing is restored.
decrypt_archive() {
  if ! gpg "${gpg_args[@]}" --passphrase-file "$BACKUP_ENCRYPTION_KEY_FILE" \
    --decrypt -o "$2" "$1" 2>"$WORK/gpg.err"; then
    rm -f "$2"
    die "refusing $1: it does not decrypt with this key or was modified ($(tr '\n' ' ' <"$WORK/gpg.err"))"
  fi
}

# find_archive KIND latest|DATE: prints the newest archive of KIND, or the newest one taken
# at DATE (2026-11-26, 20261126, 20261126-033000, ...).
find_archive() {
  local kind=$1 when=$2 prefix archives=()
  prefix=$(tr -cd '0-9' <<<"$when")
  [[ $when == latest || -n $prefix ]] || die "DATE must be latest or a date like 2026-11-26 (got '$when')"
  shopt -s nullglob
  for f in "$BACKUP_DIR/$kind/$kind-"*.gpg; do
    if [[ $when == latest ]] || [[ $(basename "$f" | tr -cd '0-9') == "$prefix"* ]]; then
      archives+=("$f")
    fi
  done
  shopt -u nullglob
  [[ ${#archives[@]} -gt 0 ]] || die "no $kind archive in $BACKUP_DIR/$kind matching '$when'"
  printf '%s\n' "${archives[@]}" | sort | tail -n 1
}
