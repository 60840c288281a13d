# shellcheck shell=bash
# The checks the compose test runs against the running stack. Each check_* function prints
# what it saw and returns non-zero on failure; run_check prints PASS/FAIL and, on failure, the
# logs of the services involved. Sourced by run.sh (dc, set_env, STACK, CA, ports, log).

SERVICES=(postgres redis backend frontend nginx backup certbot)
passed_checks=()
failed_checks=()
failed_details=()

indent() { sed 's/^/        /'; }
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# run_check NAME "SERVICES WHOSE LOGS EXPLAIN A FAILURE" FUNCTION [ARGS...]
run_check() {
  local name=$1 services=$2 out rc=0
  shift 2
  out=$("$@" 2>&1) || rc=$?
  if [[ $rc -eq 0 ]]; then
    printf 'PASS  %s\n' "$name"
    [[ -z $out ]] || indent <<<"$out" | tail -n 8
    passed_checks+=("$name")
  else
    printf 'FAIL  %s\n' "$name"
    indent <<<"$out"
    local service
    for service in $services; do
      printf -- '-------- last log lines of %s\n' "$service"
      dc logs --no-color --tail=60 "$service" 2>&1 | indent
    done
    failed_checks+=("$name")
    # The CI log may be cut in the middle: repeat the first failing lines in the summary.
    local first
    first=$(grep -m 3 '^FAIL' <<<"$out" | tr '\n' ' ')
    failed_details+=("$name${first:+ -- $first}")
  fi
  return 0
}

report_checks() {
  log "${#passed_checks[@]} checks passed, ${#failed_checks[@]} failed (images built in ${BUILD_SECONDS:-?} s, stack healthy ${UP_SECONDS:-?} s after up)"
  [[ ${#failed_checks[@]} -eq 0 ]] && return 0
  printf 'FAILED: %s\n' "${failed_details[@]}"
  return 1
}

print_unhealthy_logs() {
  local service state
  for service in "${SERVICES[@]}"; do
    state=$(container_health "medianest-$service")
    [[ $state == healthy ]] && continue
    printf -- '-------- %s is %s; its last log lines:\n' "$service" "$state"
    dc logs --no-color --tail=80 "$service" 2>&1
  done
}

container_health() {
  local state
  state=$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$1" 2>/dev/null) || state=""
  echo "${state:-missing}"
}
https_get() { curl -sS --max-time 15 --cacert "$CA" "$@"; }
psql_medianest() { dc exec -T postgres psql -X -q -At -v ON_ERROR_STOP=1 -U medianest -d medianest -c "$1"; }

# An access token of the bootstrap admin (password from secrets/admin_password).
admin_token() {
  local password body
  password=$(<"$STACK/secrets/admin_password")
  body=$(https_get -X POST -H 'Content-Type: application/json' \
    --data "{\"username\":\"admin\",\"password\":\"$password\"}" "$BASE_URL/api/v1/auth/login")
  node -e 'const b=JSON.parse(process.argv[1]); if(!b.accessToken){console.error(process.argv[1]);process.exit(1)} console.log(b.accessToken)' "$body"
}

# Rows that must survive updates, rollbacks and restarts: every user, session and audit
# entry that existed at the snapshot, the settings and the applied migrations.
data_fingerprint() {
  psql_medianest "
    SELECT 'users', count(*), md5(coalesce(string_agg(id || username || role::text || created_at::text, ',' ORDER BY id), '')) FROM users WHERE created_at <= '$1'
    UNION ALL SELECT 'sessions', count(*), md5(coalesce(string_agg(id || created_at::text, ',' ORDER BY id), '')) FROM sessions WHERE created_at <= '$1'
    UNION ALL SELECT 'audit_log', count(*), md5(coalesce(string_agg(id || action || created_at::text, ',' ORDER BY id), '')) FROM audit_log WHERE created_at <= '$1'
    UNION ALL SELECT 'settings', count(*), md5(coalesce(string_agg(key || value, ',' ORDER BY key), '')) FROM settings
    UNION ALL SELECT '_prisma_migrations', count(*), md5(coalesce(string_agg(migration_name || checksum, ',' ORDER BY migration_name), '')) FROM _prisma_migrations"
}

running_version() { docker inspect -f '{{index .Config.Labels "org.opencontainers.image.version"}} {{.Image}}' "medianest-$1"; }

wait_stack() { (cd "$STACK" && ./scripts/wait-for-services.sh --timeout 300); }

# --- the checks ---------------------------------------------------------------------------

check_cli_unmigrated() {
  local out
  out=$(dc run --rm backend node dist/cli.js check database 2>&1) || true
  echo "$out"
  grep -q '^Database: Connected' <<<"$out" || return 1
  grep -qi 'not migrated\|pending' <<<"$out" || { echo "no word about the missing migrations"; return 1; }
  out=$(dc run --rm backend node dist/cli.js check plex 2>&1) || true
  echo "$out"
  grep -q '^Plex: ' <<<"$out" && ! grep -qi 'prisma\|invocation' <<<"$out"
}

check_all_healthy() {
  local service state bad=0
  dc ps
  for service in "${SERVICES[@]}"; do
    state=$(container_health "medianest-$service")
    [[ $state == healthy ]] || { echo "$service is $state"; bad=1; }
  done
  [[ $(dc ps | grep -c '(healthy)') -eq ${#SERVICES[@]} ]] || { echo "docker-compose ps does not list every service as healthy"; bad=1; }
  return "$bad"
}

check_https_and_redirect() {
  local body redirect
  body=$(https_get -f "$BASE_URL/api/health") || return 1
  echo "GET $BASE_URL/api/health: $body"
  grep -q '"status":"ok"' <<<"$body" || return 1
  redirect=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code} %{redirect_url}' "http://localhost:$HTTP_PORT/api/health")
  echo "GET http://localhost:$HTTP_PORT/api/health: $redirect"
  [[ $redirect == "301 https://localhost/api/health" ]]
}

check_socketio_wss() {
  (cd "$STACK" && ./scripts/test-websocket-connection.sh "wss://localhost:$HTTPS_PORT/socket.io/" --cacert "$CA" --token "$TOKEN" --samples 3)
}

check_cors_and_headers() {
  local allowed foreign headers name bad=0
  allowed=$(https_get -o /dev/null -D - -X OPTIONS -H "Origin: $BASE_URL" -H 'Access-Control-Request-Method: GET' "$BASE_URL/api/v1/auth/me")
  foreign=$(https_get -o /dev/null -D - -X OPTIONS -H 'Origin: https://evil.example' -H 'Access-Control-Request-Method: GET' "$BASE_URL/api/v1/auth/me")
  grep -qi "^access-control-allow-origin: $BASE_URL" <<<"$allowed" || { echo "preflight from $BASE_URL not allowed"; bad=1; }
  grep -qi '^access-control-allow-origin' <<<"$foreign" && { echo "preflight from https://evil.example allowed"; bad=1; }
  headers=$(https_get -o /dev/null -D - "$BASE_URL/")$'\n'$(https_get -o /dev/null -D - "$BASE_URL/api/health")
  for name in Strict-Transport-Security X-Content-Type-Options X-Frame-Options Referrer-Policy Content-Security-Policy; do
    grep -qi "^$name:" <<<"$headers" || { echo "missing $name"; bad=1; }
  done
  [[ $(grep -ci '^strict-transport-security:' <<<"$headers") -eq 2 ]] || { echo "HSTS missing or duplicated"; bad=1; }
  [[ $bad -eq 0 ]] && echo "CORS: own origin allowed, foreign refused; HSTS, CSP, X-Frame-Options, nosniff, Referrer-Policy present"
  return "$bad"
}

check_rate_limit() {
  local urls=() codes limited body
  # curl's -o applies to one URL: each URL gets its own, or the bodies mix with the codes.
  for _ in $(seq 1 120); do urls+=(-o /dev/null "$BASE_URL/api/v1/health"); done
  codes=$(curl -sS --max-time 30 --cacert "$CA" --parallel --parallel-max 60 -w '%{http_code}\n' "${urls[@]}" 2>/dev/null || true)
  limited=$(grep -c '^429$' <<<"$codes" || true)
  echo "$limited of 120 parallel requests answered 429"
  [[ $limited -gt 0 ]] || return 1
  sleep 5
  body=$(https_get "$BASE_URL/api/v1/health")
  grep -q '"status"' <<<"$body" || { echo "still limited 5 s later: $body"; return 1; }
}

check_verification_script() {
  (cd "$STACK" && ./scripts/final-deployment-verification.sh "$BASE_URL" --http-url "http://localhost:$HTTP_PORT" \
    --cacert "$CA" --token "$TOKEN" --metrics-token-file secrets/metrics_token)
}

check_hardening() {
  local service id bad=0 caps procs
  for service in "${SERVICES[@]}"; do
    id="medianest-$service"
    [[ $(docker inspect -f '{{json .HostConfig.SecurityOpt}}' "$id") == *'no-new-privileges:true'* ]] || { echo "$service: no no-new-privileges"; bad=1; }
    [[ $(docker inspect -f '{{json .HostConfig.CapDrop}}' "$id") == '["ALL"]' ]] || { echo "$service: capabilities not all dropped"; bad=1; }
    [[ $(docker inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$id") == true ]] || { echo "$service: root filesystem writable"; bad=1; }
    caps=$(docker inspect -f '{{join .HostConfig.CapAdd ","}}' "$id")
    # Every process of the container, as the host sees it: none may run as root.
    procs=$(docker top "$id" -eo uid,pid,comm | tail -n +2)
    if awk '$1 == 0 || $1 == "root" { found = 1 } END { exit !found }' <<<"$procs"; then
      echo "$service runs a process as root:"; echo "$procs"; bad=1
    fi
    printf '%-9s user=%-9s caps=%-40s read-only, no-new-privileges, uids: %s\n' "$service" \
      "$(docker inspect -f '{{.Config.User}}' "$id")" "${caps:-none}" "$(awk '{print $1}' <<<"$procs" | sort -u | tr '\n' ' ')"
  done
  return "$bad"
}

check_published_ports() {
  local service bindings bad=0
  for service in "${SERVICES[@]}"; do
    bindings=$(docker inspect -f '{{range $p, $b := .NetworkSettings.Ports}}{{range $b}}{{.HostIp}}:{{.HostPort}}->{{$p}} {{end}}{{end}}' "medianest-$service")
    if [[ $service == nginx ]]; then
      echo "nginx publishes: $bindings"
      [[ $bindings == *"127.0.0.1:$HTTP_PORT->8080/tcp"* && $bindings == *"127.0.0.1:$HTTPS_PORT->8443/tcp"* ]] || bad=1
      [[ $(wc -w <<<"$bindings") -eq 2 ]] || bad=1
    elif [[ -n ${bindings// /} ]]; then
      echo "$service publishes $bindings"; bad=1
    fi
  done
  return "$bad"
}

check_backend_network_internal() {
  local pg_ip
  [[ $(docker network inspect -f '{{.Internal}}' medianest_backend-network) == true ]] || { echo "backend-network is not internal"; return 1; }
  pg_ip=$(docker inspect -f '{{with index .NetworkSettings.Networks "medianest_backend-network"}}{{.IPAddress}}{{end}}' medianest-postgres)
  echo "postgres at $pg_ip on medianest_backend-network (internal)"
  dc exec -T backend node -e "require('net').connect(5432,'$pg_ip').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))" \
    || { echo "the backend cannot reach postgres either: the probe is broken"; return 1; }
  if dc exec -T frontend timeout 5 bash -c "exec 3<>/dev/tcp/$pg_ip/5432" 2>/dev/null; then
    echo "the frontend container reached postgres"; return 1
  fi
  if dc exec -T frontend timeout 5 bash -c 'exec 3<>/dev/tcp/postgres/5432' 2>/dev/null; then
    echo "the frontend container reached postgres by name"; return 1
  fi
  echo "backend reaches postgres:5432, frontend cannot (by address or name)"
}

# Which container may read which secret (docker-compose.prod.yml's secrets: lists).
check_secret_access() {
  local all=(database_url postgres_password redis_url redis_password jwt_secret encryption_key encryption_key_previous
    metrics_token admin_password plex_client_id plex_token overseerr_api_key overseerr_webhook_secret smtp_password backup_encryption_key)
  declare -A expected=(
    [backend]="database_url redis_url jwt_secret encryption_key encryption_key_previous metrics_token admin_password plex_client_id plex_token overseerr_api_key overseerr_webhook_secret smtp_password"
    [postgres]="postgres_password" [redis]="redis_password"
    [backup]="postgres_password redis_password backup_encryption_key"
    [frontend]="" [nginx]="" [certbot]="")
  local service secret bad=0 readable
  for service in "${SERVICES[@]}"; do
    readable=()
    for secret in "${all[@]}"; do
      if docker exec "medianest-$service" sh -c "cat /run/secrets/$secret >/dev/null 2>&1"; then
        readable+=("$secret")
        [[ " ${expected[$service]} " == *" $secret "* ]] || { echo "$service can read $secret"; bad=1; }
      elif [[ " ${expected[$service]} " == *" $secret "* ]]; then
        echo "$service cannot read $secret"; bad=1
      fi
    done
    printf '%-9s reads: %s\n' "$service" "${readable[*]:-nothing}"
  done
  # On the host: mode 600, owner 1001.
  for secret in "${all[@]}"; do
    [[ $(stat -c '%a %u' "$STACK/secrets/$secret") == '600 1001' ]] || { echo "secrets/$secret on the host is not mode 600, owner 1001"; bad=1; }
  done
  return "$bad"
}

check_migrate_nothing_to_apply() {
  local out
  out=$(dc exec -T backend npx prisma migrate deploy 2>&1) || { echo "$out"; return 1; }
  grep -E 'migrations found|No pending migrations' <<<"$out"
  grep -q 'No pending migrations to apply' <<<"$out"
}

check_cli_checks() {
  local out
  out=$(dc exec -T backend node dist/cli.js check database && dc exec -T backend node dist/cli.js check redis) || { echo "$out"; return 1; }
  echo "$out"
  [[ $(grep -c ': Connected' <<<"$out") -eq 2 ]]
}

check_backup_restore() {
  local out
  out=$(dc exec -T backup /scripts/backup.sh full 2>&1) || { echo "$out"; return 1; }
  grep -E 'postgres:|redis:|files:' <<<"$out"
  out=$(dc exec -T backup /scripts/test-backup-restore.sh latest 2>&1) || { echo "$out"; return 1; }
  echo "$out" | tail -n 12
  grep -q 'restore test passed' <<<"$out" && ! grep -q '^FAILED' <<<"$out"
}

check_rolling_update() {
  local before after result
  before=$(running_version backend)
  set_env VERSION v1.1.0
  dc build backend >/dev/null || { echo "building v1.1.0 failed"; return 1; }
  node "$STACK/infrastructure/compose-test/load.mjs" "$BASE_URL/api/v1/health" "$CA" "$WORK_DIR/load.json" &
  local load_pid=$!
  sleep 3
  (cd "$STACK" && COMPOSE_FILE=docker-compose.prod.yml:infrastructure/compose-test/compose.override.yml ./scripts/rolling-update.sh backend) || { kill "$load_pid"; wait "$load_pid" || true; return 1; }
  sleep 3
  kill -TERM "$load_pid"
  wait "$load_pid" || true
  result=$(<"$WORK_DIR/load.json")
  after=$(running_version backend)
  echo "backend before: $before; after: $after"
  echo "requests during the update: $result"
  [[ $after == v1.1.0* && ${after#* } != "${before#* }" ]] || { echo "backend does not run the new image"; return 1; }
  node -e 'const r=JSON.parse(process.argv[1]); process.exit(r.total >= 40 && r.ok === r.total && r.failed.length === 0 ? 0 : 1)' "$result"
}

check_rollback() {
  local before after
  before=$(data_fingerprint "$SNAPSHOT_AT")
  dc down
  set_env VERSION v1.0.0
  dc up -d
  wait_stack >/dev/null || return 1
  after=$(data_fingerprint "$SNAPSHOT_AT")
  echo "backend runs $(running_version backend)"
  [[ $(running_version backend) == v1.0.0* ]] || { echo "not the previous tag"; return 1; }
  [[ $before == "$after" ]] || { printf 'data before:\n%s\nafter:\n%s\n' "$before" "$after"; return 1; }
  echo "data intact:"; echo "$after"
}

check_down_up_keeps_data() {
  local before after
  before=$(data_fingerprint "$SNAPSHOT_AT")
  dc down
  dc up -d
  wait_stack >/dev/null || return 1
  after=$(data_fingerprint "$SNAPSHOT_AT")
  [[ $before == "$after" ]] || { printf 'data before:\n%s\nafter:\n%s\n' "$before" "$after"; return 1; }
  # A sign-in still works after the restart (users, sessions and secrets survived).
  admin_token >/dev/null || { echo "admin cannot sign in after down/up"; return 1; }
  echo "data intact after down/up, admin signs in"
}

check_down_leaves_nothing() {
  dc down -v --remove-orphans
  local left
  left=$(docker ps -aq; docker volume ls -q; docker network ls --format '{{.Name}}' | grep -vxE 'bridge|host|none')
  [[ -z $left ]] || { echo "left behind: $left"; return 1; }
  echo "no container, volume or network left"
}

run_all_checks() {
  TOKEN=$(admin_token)
  export TOKEN
  # Rows created so far (the admin, its session, audit entries) must survive what follows.
  sleep 1
  SNAPSHOT_AT=$(psql_medianest "SELECT now()::text")
  run_check "all services healthy in docker-compose ps" "" check_all_healthy
  run_check "HTTPS health through nginx, HTTP redirects to HTTPS" "nginx backend" check_https_and_redirect
  run_check "Socket.IO over WSS with a real token" "nginx backend" check_socketio_wss
  run_check "CORS and security headers" "nginx backend" check_cors_and_headers
  run_check "rate limiting answers 429" "nginx" check_rate_limit
  run_check "the guide's final-deployment-verification.sh passes" "nginx backend" check_verification_script
  run_check "non-root, no-new-privileges, dropped capabilities, read-only root (docker inspect)" "" check_hardening
  run_check "only nginx publishes ports, on loopback" "" check_published_ports
  run_check "backend network internal: the frontend cannot reach postgres" "" check_backend_network_internal
  run_check "each secret readable only by the services that need it" "" check_secret_access
  run_check "exec backend npx prisma migrate deploy: nothing to apply" "backend" check_migrate_nothing_to_apply
  run_check "operator CLI: check database and redis" "backend" check_cli_checks
  run_check "backup.sh full, restore into a fresh database gives back every row" "backup postgres" check_backup_restore
  run_check "rolling update of the backend to v1.1.0 under continuous requests loses none" "backend nginx" check_rolling_update
  run_check "rollback to VERSION=v1.0.0 with the data intact" "backend" check_rollback
  run_check "down then up keeps all data" "postgres backend" check_down_up_keeps_data
}
