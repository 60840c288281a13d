# shellcheck shell=bash
# A private Docker engine for the compose test: Debian's docker.io, started with its own data
# and exec roots under $ENGINE_DIR, stopped by pid, and its network rules and bridges removed
# afterwards (dockerd leaves its iptables chains, a FORWARD policy of DROP and docker0 behind).
# Sourced by run.sh; expects log() and ENGINE_DIR.

: "${ENGINE_DIR:?ENGINE_DIR must be set}"

# Packages the test needs, installed only when missing (apt-get update once, then install).
engine_install() {
  local need=()
  command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
  command -v iptables >/dev/null 2>&1 || need+=(iptables)
  command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
  command -v openssl >/dev/null 2>&1 || need+=(openssl)
  command -v curl >/dev/null 2>&1 || need+=(curl)
  if [[ ${#need[@]} -gt 0 ]]; then
    log "apt-get install ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
}

# Remembered before dockerd starts so the cleanup restores exactly what was there.
engine_remember_host() {
  ENGINE_FORWARD_POLICY=$(iptables -S FORWARD 2>/dev/null | sed -n 's/^-P FORWARD //p')
  ENGINE_FORWARD_POLICY=${ENGINE_FORWARD_POLICY:-ACCEPT}
  ENGINE_HAD_DOCKER0=false
  ip link show docker0 >/dev/null 2>&1 && ENGINE_HAD_DOCKER0=true
  return 0
}

engine_start() {
  engine_remember_host
  mkdir -p "$ENGINE_DIR/data-root" "$ENGINE_DIR/exec-root"
  cat >"$ENGINE_DIR/daemon.json" <<JSON
{
  "data-root": "$ENGINE_DIR/data-root",
  "exec-root": "$ENGINE_DIR/exec-root",
  "storage-driver": "overlay2",
  "mtu": 1400,
  "log-level": "warn"
}
JSON
  export DOCKER_HOST="unix://$ENGINE_DIR/docker.sock"
  # The background daemon keeps its own process group so a failing test can stop it by pid.
  setsid dockerd --config-file "$ENGINE_DIR/daemon.json" --pidfile "$ENGINE_DIR/dockerd.pid" \
    -H "$DOCKER_HOST" >"$ENGINE_DIR/dockerd.log" 2>&1 &
  ENGINE_PID=$!
  local _
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && { log "dockerd ready (pid $ENGINE_PID, root $ENGINE_DIR)"; return 0; }
    kill -0 "$ENGINE_PID" 2>/dev/null || break
    sleep 1
  done
  echo "error: dockerd did not start; its log:" >&2
  tail -n 40 "$ENGINE_DIR/dockerd.log" >&2
  return 1
}

# Stops the daemon by pid (containers are stopped by dockerd itself), then removes what it
# left in the host's network configuration. Safe to call twice and after a failed start.
engine_stop() {
  if [[ -n ${ENGINE_PID:-} ]] && kill -0 "$ENGINE_PID" 2>/dev/null; then
    kill -TERM "$ENGINE_PID" 2>/dev/null || true
    local _
    for _ in $(seq 1 60); do kill -0 "$ENGINE_PID" 2>/dev/null || break; sleep 1; done
    if kill -0 "$ENGINE_PID" 2>/dev/null; then
      kill -KILL "$ENGINE_PID" 2>/dev/null || true
      sleep 1
    fi
  fi
  # containerd-shim processes of a killed daemon would keep the exec root busy.
  if [[ -d $ENGINE_DIR/exec-root ]]; then
    local pid
    for pid in $(pgrep -f "containerd-shim.*$ENGINE_DIR" 2>/dev/null || true); do kill -KILL "$pid" 2>/dev/null || true; done
  fi
  ENGINE_PID=""
  engine_clean_network
  # Mounts below the roots (overlay layers, shm, netns) must go before the folder can.
  if [[ -d $ENGINE_DIR ]]; then
    local mount
    while read -r mount; do umount -l "$mount" 2>/dev/null || true; done < <(awk -v d="$ENGINE_DIR" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r)
  fi
}

engine_clean_network() {
  local table saved
  for table in filter nat; do
    saved=$(iptables-save -t "$table" 2>/dev/null) || continue
    grep -q 'DOCKER' <<<"$saved" || continue
    # Everything dockerd added names a DOCKER chain, docker0 or a br-<id> bridge.
    grep -Ev 'DOCKER|docker0|br-[0-9a-f]{12}' <<<"$saved" | iptables-restore -T "$table" 2>/dev/null \
      || grep -Ev 'DOCKER|docker0|br-[0-9a-f]{12}' <<<"$saved" | iptables-restore 2>/dev/null || true
  done
  iptables -P FORWARD "${ENGINE_FORWARD_POLICY:-ACCEPT}" 2>/dev/null || true
  local link
  for link in $(ip -o link show type bridge 2>/dev/null | awk -F': ' '{print $2}' | grep -E '^br-[0-9a-f]{12}$' || true); do
    ip link delete "$link" 2>/dev/null || true
  done
  if [[ ${ENGINE_HAD_DOCKER0:-false} == false ]] && ip link show docker0 >/dev/null 2>&1; then
    ip link delete docker0 2>/dev/null || true
  fi
}

# Proves the cleanup: no daemon of ours, no docker chains, no docker bridges.
engine_assert_clean() {
  local problems=()
  [[ -f $ENGINE_DIR/dockerd.pid ]] && kill -0 "$(cat "$ENGINE_DIR/dockerd.pid")" 2>/dev/null && problems+=("dockerd still runs")
  iptables-save 2>/dev/null | grep -q DOCKER && problems+=("iptables still has DOCKER chains")
  ip -o link show type bridge 2>/dev/null | grep -Eq ': br-[0-9a-f]{12}[:@]' && problems+=("docker bridges remain")
  if [[ ${ENGINE_HAD_DOCKER0:-false} == false ]] && ip link show docker0 >/dev/null 2>&1; then problems+=("docker0 remains"); fi
  [[ $(iptables -S FORWARD 2>/dev/null | sed -n 's/^-P FORWARD //p') == "${ENGINE_FORWARD_POLICY:-ACCEPT}" ]] || problems+=("FORWARD policy changed")
  if [[ ${#problems[@]} -gt 0 ]]; then
    printf 'left behind: %s\n' "${problems[@]}" >&2
    return 1
  fi
}
