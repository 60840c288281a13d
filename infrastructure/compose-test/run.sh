#!/usr/bin/env bash
# The production stack, built and booted for real (npm run test:compose; root, Debian 12).
# Installs Debian's Docker engine when missing, starts a private dockerd under a temp folder,
# builds stand-in base images (standins/, cached in $COMPOSE_TEST_CACHE), then follows
# docs/DEPLOYMENT.md step by step in a fresh copy of the repository: .env from the template,
# secrets, validate-env, a throwaway certificate, build, database, start. Then it checks the
# running stack (lib/checks.sh) and tears everything down: containers, networks, volumes, the
# daemon, its iptables chains and bridges, even when something failed.
#   COMPOSE_TEST_CACHE   cache folder (default /var/cache/medianest-compose-test)
#   COMPOSE_TEST_KEEP=1  on failure, keep the stack running for a look (then clean up by hand)
# `npm run test:compose` bounds it: after COMPOSE_TEST_TIMEOUT seconds (default 1200) it gets
# SIGTERM and cleans up (compose commands run in the background so the trap fires at once).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
STANDINS=$here/standins
CACHE_DIR=${COMPOSE_TEST_CACHE:-/var/cache/medianest-compose-test}
started_at=$SECONDS
log() { printf '\n== %s (%ss)\n' "$*" "$((SECONDS - started_at))"; }

if [[ $(id -u) -ne 0 ]]; then
  echo "error: the compose test starts dockerd and changes iptables: run it as root" >&2
  exit 1
fi
WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/medianest-compose-test.XXXXXX")
ENGINE_DIR=$WORK_DIR/engine
STACK=$WORK_DIR/medianest
export WORK_DIR ENGINE_DIR STACK

# shellcheck source-path=SCRIPTDIR source=lib/engine.sh
source "$here/lib/engine.sh"
# shellcheck source-path=SCRIPTDIR source=lib/standins.sh
source "$here/lib/standins.sh"
# shellcheck source-path=SCRIPTDIR source=lib/checks.sh
source "$here/lib/checks.sh"

# The guide's docker-compose commands, with the test's override file added. In the
# background plus `wait`, so that SIGTERM/SIGINT reach the cleanup at once (bash runs traps
# only after a foreground command ends).
dc() {
  (cd "$STACK" && exec timeout "${DC_TIMEOUT:-900}" docker-compose -f docker-compose.prod.yml \
    -f infrastructure/compose-test/compose.override.yml "$@") &
  wait "$!"
}
# set_env NAME VALUE: the operator's "$EDITOR .env".
set_env() {
  if grep -q "^$1=" "$STACK/.env"; then sed -i "s|^$1=.*|$1=$2|" "$STACK/.env"; else echo "$1=$2" >>"$STACK/.env"; fi
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  # Commands still running in the background (an interrupted build) go first.
  local job
  for job in $(jobs -p); do [[ $job == "${ENGINE_PID:-}" ]] || kill -TERM "$job" 2>/dev/null; done
  if [[ -n ${ENGINE_PID:-} ]] && kill -0 "$ENGINE_PID" 2>/dev/null; then
    if [[ $rc -ne 0 && -f $STACK/.env ]]; then
      log "failed; state of the stack"
      dc ps 2>&1
      print_unhealthy_logs
      if [[ ${COMPOSE_TEST_KEEP:-} == 1 ]]; then
        echo "COMPOSE_TEST_KEEP=1: left running; DOCKER_HOST=$DOCKER_HOST, stack in $STACK"
        echo "clean up: kill $ENGINE_PID, then remove docker's iptables chains and bridges"
        exit "$rc"
      fi
    fi
    [[ -f $STACK/.env ]] && DC_TIMEOUT=180 dc down -v --remove-orphans >/dev/null 2>&1
  fi
  log "stopping dockerd, removing its network rules and $WORK_DIR"
  engine_stop
  rm -rf "$WORK_DIR"
  engine_assert_clean || rc=1
  log "compose test $([[ $rc -eq 0 ]] && echo passed || echo FAILED) in $((SECONDS - started_at)) s"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "Docker engine"
engine_install
engine_start
standins_ensure

log "guide 1: a fresh copy of the repository, host folders"
mkdir -p "$STACK"
(cd "$repo" && git ls-files -z -co --exclude-standard | tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -C "$STACK" -xf -
(cd "$STACK" && ./scripts/prepare-host-dirs.sh)

log "guide 2: configuration and secrets"
HTTP_PORT=$(free_port)
HTTPS_PORT=$(free_port)
BASE_URL="https://localhost:$HTTPS_PORT"
cp "$STACK/BACKEND_ENVIRONMENT_TEMPLATE.env" "$STACK/.env"
set_env DOMAIN localhost
set_env CERTBOT_EMAIL ci@example.com
set_env LETSENCRYPT_DIR ./letsencrypt
set_env PUBLISH_ADDRESS 127.0.0.1
set_env HTTP_PORT "$HTTP_PORT"
set_env HTTPS_PORT "$HTTPS_PORT"
set_env CORS_ORIGINS "$BASE_URL"
set_env VERSION v1.0.0
# No registry here: BuildKit would fetch its Dockerfile frontend; the classic builder does not.
set_env COMPOSE_DOCKER_CLI_BUILD 0
set_env DOCKER_BUILDKIT 0
# The rolling update sends a few hundred requests a minute from one address.
set_env RATE_LIMIT_API_PER_MINUTE 100000
(cd "$STACK" && ./scripts/generate-docker-secrets.sh && ls -la secrets/)
(cd "$STACK" && ./scripts/validate-env.js)

log "guide 3: TLS certificate (self-signed: no public DNS here)"
(cd "$STACK" && ./infrastructure/scripts/setup-ssl-enhanced.sh localhost ci@example.com --self-signed)
CA="$STACK/letsencrypt/live/localhost/fullchain.pem"
export CA HTTP_PORT HTTPS_PORT BASE_URL

log "guide 4: build"
build_started=$SECONDS
dc build
export BUILD_SECONDS=$((SECONDS - build_started))
docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^medianest/' | sort

log "guide 5: database"
dc up -d postgres redis
(cd "$STACK" && ./scripts/wait-for-services.sh --timeout 120 postgres redis)
dc exec -T postgres pg_isready -U medianest
run_check "the operator CLI answers plainly on the unmigrated database" "postgres" check_cli_unmigrated
dc run --rm backend node dist/cli.js migrate
dc exec -T postgres psql -U medianest -d medianest -c '\dt'

log "guide 6: start"
up_started=$SECONDS
dc up -d
(cd "$STACK" && ./scripts/wait-for-services.sh --timeout 300)
export UP_SECONDS=$((SECONDS - up_started))
dc ps

log "checks against the running stack"
run_all_checks

log "teardown: down -v leaves nothing behind"
run_check "docker-compose down -v leaves no container, network or volume" "" check_down_leaves_nothing
report_checks
