#!/bin/sh
# Same rules as the official redis image's entrypoint: a first argument that is an option or
# a *.conf file means redis-server; started as root, it gives /data to the redis user and
# re-executes itself as redis through gosu; a default umask of 0022 becomes 0077.
set -e
case $1 in
  -* | *.conf) set -- redis-server "$@" ;;
esac
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec gosu redis "$0" "$@"
fi
if [ "$(umask)" = 0022 ]; then umask 0077; fi
exec "$@"
