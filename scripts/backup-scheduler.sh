#!/usr/bin/env bash
# Entrypoint of the backup service: runs `backup.sh full` whenever BACKUP_CRON (five cron
# fields, in TZ) matches. A small loop instead of crond because crond needs root to switch
# users and this container runs as 1001.
#   backup-scheduler.sh                 run forever
#   backup-scheduler.sh --health        healthcheck: loop alive, last backup not failed
#   backup-scheduler.sh --matches "CRON" EPOCH   exit 0 when CRON matches that minute
set -euo pipefail

heartbeat=${BACKUP_HEARTBEAT_FILE:-/tmp/medianest-backup-scheduler.heartbeat}
status_file=${BACKUP_STATUS_FILE:-/tmp/medianest-backup.status}

usage() {
  echo "usage: $(basename "$0") [--health | --matches \"CRON\" EPOCH]" >&2
  exit 2
}

# field_matches FIELD VALUE MIN: one cron field (*, N, A-B, */S, A-B/S, lists of those).
field_matches() {
  local field=$1 value=$2 min=$3 part range step lo hi
  IFS=, read -r -a parts <<<"$field"
  for part in "${parts[@]}"; do
    range=${part%%/*} step=1
    [[ $part == */* ]] && step=${part#*/}
    if [[ $range == '*' ]]; then
      lo=$min hi=$value
      [[ $step == 1 ]] && return 0
    elif [[ $range == *-* ]]; then
      lo=${range%-*} hi=${range#*-}
    else
      lo=$range hi=$range
      [[ $part == */* ]] && hi=$value
    fi
    [[ $lo =~ ^[0-9]+$ && $hi =~ ^[0-9]+$ && $step =~ ^[1-9][0-9]*$ ]] || return 2
    if ((10#$value >= 10#$lo && 10#$value <= 10#$hi && (10#$value - 10#$lo) % step == 0)); then
      return 0
    fi
  done
  return 1
}

# cron_matches "M H DOM MON DOW" EPOCH. As in cron, when both day fields are restricted a
# day matching either one counts; DOW 7 is Sunday like 0.
cron_matches() {
  local minute hour dom month dow m h d mo w
  read -r minute hour dom month dow <<<"$1"
  [[ -n $dow ]] || return 2
  read -r m h d mo w <<<"$(date -d "@$2" '+%M %H %d %m %w')"
  field_matches "$minute" "$m" 0 && field_matches "$hour" "$h" 0 && field_matches "$month" "$mo" 1 || return 1
  if [[ $dom != '*' && $dow != '*' ]]; then
    field_matches "$dom" "$d" 1 || dow_matches "$dow" "$w"
  else
    field_matches "$dom" "$d" 1 && dow_matches "$dow" "$w"
  fi
}
dow_matches() {
  field_matches "$1" "$2" 0 || { [[ $2 == 0 ]] && field_matches "$1" 7 0; }
}

health() {
  [[ -n $(find "$heartbeat" -mmin -3 2>/dev/null) ]] || { echo "scheduler not running"; return 1; }
  if [[ -f $status_file ]] && grep -q '^failed' "$status_file"; then
    echo "last backup failed: $(cat "$status_file")"
    return 1
  fi
  echo "ok"
}

case ${1:-} in
  --health) health; exit ;;
  --matches) [[ $# -eq 3 ]] || usage; cron_matches "$2" "$3"; exit ;;
  "") ;;
  *) usage ;;
esac

schedule=${BACKUP_CRON:-30 3 * * *}
cron_matches "$schedule" "$(date +%s)" || [[ $? -eq 1 ]] || { echo "invalid BACKUP_CRON: $schedule" >&2; exit 2; }
echo "backup scheduler: running backup.sh full on '$schedule' (TZ=${TZ:-UTC})"
trap 'exit 0' TERM INT
while :; do
  touch "$heartbeat"
  now=$(date +%s)
  sleep $((60 - now % 60)) &
  wait $!
  minute=$(date +%s)
  touch "$heartbeat"
  if cron_matches "$schedule" "$minute"; then
    "$(dirname "$0")/backup.sh" full || echo "backup failed; see the lines above" >&2
  fi
done
