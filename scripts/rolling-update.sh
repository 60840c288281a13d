#!/usr/bin/env bash
# Replaces the backend (or frontend) container with the image of $VERSION without dropping a
# request. A second container of the new image joins the service's networks under the same
# DNS name first; nginx resolves the name per request, spreads requests over both and retries
# a refused connection on the other. Then compose recreates the service's own container (the
# old one drains its requests on SIGTERM) and the helper container is removed.
#   ./scripts/rolling-update.sh [backend|frontend] [--timeout SECONDS]
#       VERSION comes from .env (or the environment); build the images first. Takes about
#       a minute: two waits for nginx's 10 s DNS cache (NGINX_DNS_TTL) and two start-ups.
# nginx itself cannot be swapped this way (it owns the published ports): recreating it is a
# restart of a few seconds; a configuration change needs only `nginx -s reload`.
set -euo pipefail

usage() {
  echo 'usage:' >&2
  sed -n '7,8s/^# \{0,1\}//p' "$0" >&2
  exit 2
}
service=backend timeout=300
while [[ $# -gt 0 ]]; do
  case $1 in
    backend | frontend) service=$1 ;;
    --timeout) timeout=${2:?}; shift ;;
    *) usage ;;
  esac
  shift
done
[[ $timeout =~ ^[0-9]+$ ]] || usage
cd "$(dirname "$0")/.."
# COMPOSE_FILE may add override files (the compose test does); the default is the prod file.
export COMPOSE_FILE=${COMPOSE_FILE:-docker-compose.prod.yml}
helper="medianest-$service-next"

# health CONTAINER: healthy | unhealthy | starting | missing
health() { docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$1" 2>/dev/null || echo missing; }
wait_healthy() {
  local deadline=$((SECONDS + timeout)) state
  while :; do
    state=$(health "$1")
    [[ $state == healthy ]] && return 0
    if [[ $state == unhealthy || $state == exited || $state == missing ]] || ((SECONDS >= deadline)); then
      echo "error: $1 is $state; its log:" >&2
      docker logs --tail 40 "$1" >&2 || true
      return 1
    fi
    sleep 1
  done
}
remove_helper() { docker rm -f "$helper" >/dev/null 2>&1 || true; }

version=${VERSION:-$(sed -n 's/^VERSION=//p' .env 2>/dev/null | tail -n 1)}
image="medianest/$service:${version:-latest}"
docker image inspect "$image" >/dev/null 2>&1 || { echo "error: no image $image; run docker-compose build first" >&2; exit 1; }
echo "1/4 starting $helper from $image"
remove_helper
docker-compose run -d --no-deps --use-aliases --name "$helper" "$service" >/dev/null
wait_healthy "$helper" || { remove_helper; exit 1; }
# nginx caches the name's addresses for up to NGINX_DNS_TTL seconds (resolver valid=10s):
# wait until it knows the helper before the service's own container goes away.
ttl=${NGINX_DNS_TTL:-10}
echo "2/4 $helper is healthy; after ${ttl} s (nginx's DNS cache) recreating $service"
sleep "$((ttl + 1))"
if ! docker-compose up -d --no-deps "$service"; then
  echo "error: recreating $service failed; $helper keeps serving until you remove it (docker rm -f $helper)" >&2
  exit 1
fi
echo "3/4 waiting for medianest-$service"
wait_healthy "medianest-$service" || { echo "$helper keeps serving; fix $service, then: docker rm -f $helper" >&2; exit 1; }
sleep "$((ttl + 1))"
echo "4/4 removing $helper (it drains its requests first)"
# Requests nginx still sends to the stopping helper are refused and retried on the other address.
docker stop -t 30 "$helper" >/dev/null
remove_helper
echo "$service now runs $image"
