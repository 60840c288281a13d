#!/bin/sh
# certbot renews certificates in its own container; reload nginx periodically so a renewed
# certificate is served without a restart. Runs in the background for the container's life.
set -eu
interval="${NGINX_RELOAD_INTERVAL:-6h}"
conf="${NGINX_ENVSUBST_OUTPUT_DIR:?}/nginx.conf"
(
  while sleep "$interval"; do
    nginx -c "$conf" -s reload || true
  done
) &
