#!/usr/bin/env bash
# Entrypoint of the postgres stand-in, written to the official image's rules (see Dockerfile).
set -Eeuo pipefail

# NAME or NAME_FILE (a Docker secret), never both.
file_env() {
  local name=$1 file_name="${1}_FILE" default=${2:-}
  if [[ -n ${!name:-} && -n ${!file_name:-} ]]; then
    echo "error: both $name and $file_name are set" >&2
    exit 1
  fi
  local value=$default
  if [[ -n ${!name:-} ]]; then value=${!name}; elif [[ -n ${!file_name:-} ]]; then value=$(<"${!file_name}"); fi
  export "$name"="$value"
  unset "$file_name"
}

if [[ ${1:0:1} == - ]]; then set -- postgres "$@"; fi

if [[ $1 == postgres && $(id -u) == 0 ]]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  chown postgres:postgres /var/run/postgresql
  chmod 3777 /var/run/postgresql
  # The password secret is readable by root only; read it before giving up root.
  file_env POSTGRES_PASSWORD
  exec gosu postgres "${BASH_SOURCE[0]}" "$@"
fi

if [[ $1 == postgres && ! -s $PGDATA/PG_VERSION ]]; then
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  if [[ -z $POSTGRES_PASSWORD ]]; then
    echo "error: database is uninitialized and POSTGRES_PASSWORD is not set" >&2
    exit 1
  fi
  # shellcheck disable=SC2086 # extra initdb options, split on purpose
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") ${POSTGRES_INITDB_ARGS:-}
  printf '\nhost all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  # Temporary server on the socket only, with the same -c options as the real one.
  shift
  PGUSER=$POSTGRES_USER pg_ctl -D "$PGDATA" -w -o "$(printf '%q ' -c listen_addresses='' "$@")" start
  set -- postgres "$@"
  export PGPASSWORD=$POSTGRES_PASSWORD
  if [[ $POSTGRES_DB != postgres ]]; then
    psql -v ON_ERROR_STOP=1 --no-psqlrc -U "$POSTGRES_USER" -d postgres -q \
      -c "CREATE DATABASE \"$POSTGRES_DB\""
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    # shellcheck source=/dev/null
    case $f in
      *.sh) echo "running $f"; if [[ -x $f ]]; then "$f"; else . "$f"; fi ;;
      *.sql) echo "running $f"; psql -v ON_ERROR_STOP=1 --no-psqlrc -U "$POSTGRES_USER" -d "$POSTGRES_DB" -f "$f" ;;
      *) [[ -e $f ]] && echo "ignoring $f" ;;
    esac
  done
  PGUSER=$POSTGRES_USER pg_ctl -D "$PGDATA" -m fast -w stop
  unset PGPASSWORD
  echo "PostgreSQL init process complete; ready for start up."
fi
unset POSTGRES_PASSWORD
exec "$@"
