#!/bin/sh
# Renders /etc/nginx/templates/**/*.template into $NGINX_ENVSUBST_OUTPUT_DIR (default
# /etc/nginx/conf.d), replacing only ${NAME}s that are set in the environment, like the
# official image. An output folder this user cannot write is skipped with a message.
set -e
template_dir=${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}
suffix=${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}
output_dir=${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}
filter=${NGINX_ENVSUBST_FILTER:-}
[ -d "$template_dir" ] || exit 0
if [ ! -w "$output_dir" ]; then
  echo "$0: $output_dir is not writable, templates not rendered"
  exit 0
fi
# shellcheck disable=SC2016
defined=$(awk "END { for (name in ENVIRON) { if (name ~ /${filter}/) printf \"\${%s} \", name } }" </dev/null)
find "$template_dir" -follow -type f -name "*$suffix" -print | while read -r template; do
  relative=${template#"$template_dir"/}
  output="$output_dir/${relative%"$suffix"}"
  mkdir -p "$(dirname "$output")"
  envsubst "$defined" <"$template" >"$output"
done
