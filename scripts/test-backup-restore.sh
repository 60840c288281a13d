#!/usr/bin/env bash
# Proves an archive restores completely: restores a PostgreSQL archive into a scratch
# database beside the real one, then compares every table's row count and a checksum of its
# rows with the data inside the archive. The scratch database is dropped afterwards; the
# real database is never touched.
#   ./scripts/test-backup-restore.sh [latest|DATE]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/backup-common.sh
source "$(dirname "$0")/lib/backup-common.sh"

usage() {
  echo "usage: $(basename "$0") [latest|DATE]" >&2
  exit 2
}
[[ $# -le 1 ]] || usage
[[ ${1:-} != -* ]] || usage
when=${1:-latest}
delegate_to_container test-backup-restore.sh "$@"

load_credentials
make_workdir
archive=$(find_archive postgres "$when")
scratch="medianest_restore_check_$(date -u +%Y%m%d%H%M%S)_$$"
# COPY output must be formatted as pg_dump formats it, so both sides compare byte for byte.
export PGOPTIONS="-c datestyle=ISO -c intervalstyle=postgres -c extra_float_digits=3"

drop_scratch() {
  psql -X -q -d "${PGDATABASE:-postgres}" -c "DROP DATABASE IF EXISTS \"$scratch\"" >/dev/null 2>&1 || true
  cleanup_workdir
}
trap drop_scratch EXIT

decrypt_archive "$archive" "$WORK/db.dump"
log "restoring $(basename "$archive") into scratch database $scratch"
psql -X -q -v ON_ERROR_STOP=1 -d "${PGDATABASE:-postgres}" -c "CREATE DATABASE \"$scratch\"" >/dev/null
pg_restore --no-owner --no-acl --exit-on-error -d "$scratch" "$WORK/db.dump"

# Split the archive's table data into one file per COPY block (header + rows).
mkdir "$WORK/tables"
pg_restore --data-only -f - "$WORK/db.dump" | awk -v dir="$WORK/tables" '
  /^COPY .* FROM stdin;$/ { n++; file = sprintf("%s/%05d", dir, n); print > (file ".header"); printf "" > file; copying = 1; next }
  copying && $0 == "\\." { copying = 0; close(file); next }
  copying { print > file }
'

checked=0 failed=0
for header in "$WORK"/tables/*.header; do
  [[ -e $header ]] || break
  rows=${header%.header}
  spec=$(sed -E 's/^COPY (.*) FROM stdin;$/\1/' "$header")
  expected_count=$(wc -l <"$rows")
  expected_sum=$(sort "$rows" | md5sum | cut -d' ' -f1)
  psql -X -q -v ON_ERROR_STOP=1 -d "$scratch" -c "COPY $spec TO STDOUT" >"$rows.restored"
  actual_count=$(wc -l <"$rows.restored")
  actual_sum=$(sort "$rows.restored" | md5sum | cut -d' ' -f1)
  table=${spec%% (*}
  if [[ $expected_count -eq $actual_count && $expected_sum == "$actual_sum" ]]; then
    printf 'ok      %-45s %8d rows\n' "$table" "$actual_count"
  else
    printf 'FAILED  %-45s %8d rows in archive, %d restored (checksum %s)\n' "$table" "$expected_count" "$actual_count" \
      "$([[ $expected_sum == "$actual_sum" ]] && echo same || echo differs)"
    failed=$((failed + 1))
  fi
  checked=$((checked + 1))
done

[[ $checked -gt 0 ]] || die "the archive holds no table data"
[[ $failed -eq 0 ]] || die "$failed of $checked tables differ after restore"
log "restore test passed: $checked tables of $(basename "$archive") restored intact"
