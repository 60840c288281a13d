#!/bin/sh
# Same contract as the official nginx image's entrypoint: when the command is nginx, run the
# executable *.sh files of /docker-entrypoint.d/ in version order (source *.envsh), then exec.
set -e
if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
  for script in $(find /docker-entrypoint.d/ -follow -type f -print | sort -V); do
    # shellcheck source=/dev/null
    case $script in
      *.envsh) if [ -x "$script" ]; then . "$script"; fi ;;
      *.sh) if [ -x "$script" ]; then "$script"; else echo "$0: ignoring $script (not executable)"; fi ;;
    esac
  done
fi
exec "$@"
