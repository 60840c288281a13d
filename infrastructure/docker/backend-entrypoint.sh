#!/bin/sh
# Entrypoint of the backend image. docker-compose.prod.yml passes every documented variable,
# empty when the operator left it blank in .env, and mounts optional secrets (plex_token,
# overseerr_api_key, ...) that may be empty files. The backend rejects empty values as
# malformed, so blank means "not set" here: such variables and *_FILE pointers are dropped,
# and those settings can then be made by an admin in the web app.
set -eu

for name in $(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=$/\1/p'); do
  unset "$name"
done

for name in $(env | sed -n 's/^\([A-Z][A-Z0-9_]*_FILE\)=.*/\1/p'); do
  eval "file=\${$name}"
  # shellcheck disable=SC2154 # assigned by the eval above
  if [ ! -s "$file" ]; then
    unset "$name"
  fi
done

exec "$@"
