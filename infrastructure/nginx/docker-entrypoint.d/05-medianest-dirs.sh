#!/bin/sh
# Runs before the official 20-envsubst-on-templates.sh, which renders only into an existing,
# writable directory: create the render and runtime folders inside the tmpfs.
set -eu
mkdir -p "${NGINX_ENVSUBST_OUTPUT_DIR:?}" "${NGINX_RUN_DIR:?}"
