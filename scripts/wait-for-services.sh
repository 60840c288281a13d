#!/usr/bin/env bash
# Waits until the stack is up.
#   ./scripts/wait-for-services.sh [--timeout SECONDS] [SERVICE...]
#       every (or the named) service of docker-compose.prod.yml healthy (or, without a
#       healthcheck, running); a service that exits or turns unhealthy fails at once
#   ./scripts/wait-for-services.sh [--timeout SECONDS] --tcp HOST:PORT --http URL ...
#       the given TCP ports open / URLs answering 2xx (for use outside compose)
#       (--cacert FILE / --insecure apply to https URLs)
set -euo pipefail

usage() {
  echo 'usage:' >&2
  sed -n '2,9s/^# \{0,1\}//p' "$0" >&2
  exit 2
}
timeout=300 services=() tcp=() urls=() curl_opts=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --timeout) timeout=${2:?}; shift ;;
    --tcp) tcp+=("${2:?}"); shift ;;
    --http) urls+=("${2:?}"); shift ;;
    --cacert) curl_opts+=(--cacert "${2:?}"); shift ;;
    --insecure) curl_opts+=(--insecure) ;;
    -h | --help | -*) usage ;;
    *) services+=("$1") ;;
  esac
  shift
done
[[ $timeout =~ ^[0-9]+$ ]] || usage
deadline=$((SECONDS + timeout))

tcp_ready() { (exec 3<>"/dev/tcp/${1%:*}/${1##*:}") 2>/dev/null; }
http_ready() { curl -fsS -o /dev/null --max-time 5 "${curl_opts[@]}" "$1" 2>/dev/null; }

wait_targets() {
  local pending=("$@") still target
  while :; do
    still=()
    for target in "${pending[@]}"; do
      case $target in
        tcp:*) tcp_ready "${target#tcp:}" || still+=("$target") ;;
        http:*) http_ready "${target#http:}" || still+=("$target") ;;
      esac
    done
    [[ ${#still[@]} -eq 0 ]] && { echo "all ready: ${*#*:}"; return 0; }
    ((SECONDS < deadline)) || { echo "timed out after ${timeout}s waiting for: ${still[*]#*:}" >&2; return 1; }
    pending=("${still[@]}")
    sleep 2
  done
}

# Health as Docker reports it: healthy | unhealthy | starting, or the plain state.
container_state() {
  local id
  id=$(docker-compose -f docker-compose.prod.yml ps -q "$1" 2>/dev/null)
  [[ -n $id ]] || { echo missing; return; }
  docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id"
}

wait_compose() {
  cd "$(dirname "$0")/.."
  [[ ${#services[@]} -gt 0 ]] || mapfile -t services < <(docker-compose -f docker-compose.prod.yml config --services)
  local service state waiting
  while :; do
    waiting=()
    for service in "${services[@]}"; do
      state=$(container_state "$service")
      case $state in
        healthy | running) ;;
        unhealthy | exited | dead) echo "$service is $state; see: docker-compose -f docker-compose.prod.yml logs $service" >&2; return 1 ;;
        *) waiting+=("$service($state)") ;;
      esac
    done
    [[ ${#waiting[@]} -eq 0 ]] && { echo "all services healthy: ${services[*]}"; return 0; }
    ((SECONDS < deadline)) || { echo "timed out after ${timeout}s; still waiting for: ${waiting[*]}" >&2; return 1; }
    echo "waiting for: ${waiting[*]}"
    sleep 5
  done
}

if [[ ${#tcp[@]} -gt 0 || ${#urls[@]} -gt 0 ]]; then
  [[ ${#services[@]} -eq 0 ]] || usage
  wait_targets "${tcp[@]/#/tcp:}" "${urls[@]/#/http:}"
else
  wait_compose
fi
