#!/usr/bin/env bash
# Renders nginx templates the way the official nginx image's 20-envsubst-on-templates.sh does,
# so the same files run outside Docker (tests, a host-installed nginx): every *.template below
# TEMPLATE_DIR becomes OUTPUT_DIR/<same path without .template>, and only variables that are
# defined in the environment are substituted (nginx's own $variables are left alone).
# One addition: a ${NAME} left unrendered is an error here instead of a broken config later.
set -euo pipefail

usage() {
  echo "usage: $(basename "$0") TEMPLATE_DIR OUTPUT_DIR" >&2
  echo "  e.g. NGINX_RUN_DIR=/tmp/nginx ... $(basename "$0") infrastructure/nginx/edge /tmp/nginx/conf" >&2
  exit 2
}
[[ $# -eq 2 ]] || usage
template_dir=${1%/}
output_dir=${2%/}
[[ -d $template_dir ]] || { echo "error: no template folder $template_dir" >&2; exit 2; }
suffix=${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}
filter=${NGINX_ENVSUBST_FILTER:-}

# Same construction as the official script: '${NAME} ' for every defined variable.
# shellcheck disable=SC2016,SC2046
defined_envs=$(printf '${%s} ' $(awk "END { for (name in ENVIRON) { print ( name ~ /${filter}/ ) ? name : \"\" } }" </dev/null))

status=0
while IFS= read -r -d '' template; do
  relative=${template#"$template_dir/"}
  output="$output_dir/${relative%"$suffix"}"
  mkdir -p "$(dirname "$output")"
  envsubst "$defined_envs" <"$template" >"$output"
  if missing=$(grep -oE '\$\{[A-Z][A-Z0-9_]*\}' "$output" | sort -u | tr '\n' ' ') && [[ -n $missing ]]; then
    echo "error: $relative uses undefined variables: $missing" >&2
    status=1
  fi
done < <(find "$template_dir" -follow -type f -name "*$suffix" -print0)
exit "$status"
