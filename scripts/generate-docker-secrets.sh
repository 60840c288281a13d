#!/usr/bin/env bash
# Creates every secret docker-compose.prod.yml mounts, in ./secrets (or SECRETS_DIR).
# Idempotent: an existing non-empty value is kept unless --force is given, and values you
# fill in yourself (plex_token, overseerr_api_key, smtp_password) are never touched. Files are mode 600.
set -euo pipefail

usage() {
  cat >&2 <<USAGE
usage: $(basename "$0") [--force] [--dir DIR]
  Generates the Docker secrets of the production stack (see secrets/README.md).
  --force   regenerate generated secrets that already exist
  --dir     secrets folder (default: \$SECRETS_DIR or ./secrets next to this script's parent)
USAGE
  exit 2
}

force=false
dir=${SECRETS_DIR:-$(cd "$(dirname "$0")/.." && pwd)/secrets}
while [[ $# -gt 0 ]]; do
  case $1 in
    --force) force=true ;;
    --dir) [[ $# -ge 2 ]] || usage; dir=$2; shift ;;
    -h | --help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
  shift
done

command -v openssl >/dev/null || { echo "error: openssl is required" >&2; exit 1; }
umask 077
mkdir -p "$dir"
chmod 700 "$dir"

hex() { openssl rand -hex "$1"; }
password() { openssl rand -base64 32 | tr -d '/+=\n' | cut -c1-32; }
uuid() {
  local h
  h=$(hex 16)
  printf '%s-%s-4%s-a%s-%s\n' "${h:0:8}" "${h:8:4}" "${h:13:3}" "${h:17:3}" "${h:20:12}"
}
read_value() { tr -d '\n' <"$dir/$1"; }

created=()
kept=()
# write NAME VALUE: keeps an existing non-empty value unless --force.
write() {
  local name=$1 value=$2 file="$dir/$1"
  if [[ -s $file && $force == false ]]; then
    kept+=("$name")
  else
    printf '%s\n' "$value" >"$file.tmp"
    mv "$file.tmp" "$file"
    created+=("$name")
  fi
  chmod 600 "$file"
}
# placeholder NAME: an empty file for a value the operator may fill in; never overwritten.
placeholder() {
  local file="$dir/$1"
  [[ -e $file ]] || : >"$file"
  chmod 600 "$file"
}

write postgres_password "$(hex 24)"
write redis_password "$(hex 24)"
# Hex passwords need no URL escaping. The URLs are rebuilt whenever a password changed.
pg=$(read_value postgres_password)
rd=$(read_value redis_password)
[[ " ${created[*]} " == *" postgres_password "* ]] && rm -f "$dir/database_url"
[[ " ${created[*]} " == *" redis_password "* ]] && rm -f "$dir/redis_url"
write database_url "postgresql://medianest:${pg}@postgres:5432/medianest"
write redis_url "redis://:${rd}@redis:6379/0"
write jwt_secret "$(hex 32)"
write encryption_key "$(hex 32)"
write metrics_token "$(hex 32)"
write overseerr_webhook_secret "$(hex 32)"
write backup_encryption_key "$(hex 32)"
write admin_password "$(password)"
write plex_client_id "$(uuid)"
placeholder plex_token
placeholder overseerr_api_key
placeholder smtp_password
placeholder encryption_key_previous

# The containers run as 1001:1001 and compose mounts these files as they are.
if [[ $(id -u) -eq 0 ]]; then
  chown 1001:1001 "$dir" "$dir"/*
elif [[ $(id -u) -ne 1001 ]]; then
  echo "note: the containers run as uid 1001; run: sudo chown 1001:1001 $dir $dir/*" >&2
fi

echo "secrets in $dir"
[[ ${#created[@]} -eq 0 ]] || echo "  created: ${created[*]}"
[[ ${#kept[@]} -eq 0 ]] || echo "  kept (use --force to regenerate): ${kept[*]}"
echo "  the first admin is 'admin'; its password: cat $dir/admin_password"
echo "  back up $dir/backup_encryption_key somewhere else: archives cannot be restored without it"
