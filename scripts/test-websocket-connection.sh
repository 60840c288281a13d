#!/usr/bin/env bash
# Checks the real-time channel end to end: WebSocket upgrade through nginx, the Socket.IO
# handshake, and (with an access token) the round-trip latency of latency:ping.
#   ./scripts/test-websocket-connection.sh wss://your-domain.com/socket.io/ [options]
#     --token TOKEN   access token (or MEDIANEST_TOKEN); without it an anonymous client is
#                     expected to be refused with "unauthorized" after a complete handshake
#     --samples N     latency pings (default 5)      --timeout S   (default 10)
#     --cacert FILE   trust this CA (self-signed setups)    --insecure  skip TLS verification
# Uses the host's Node.js (20.10+); without it, runs the same check inside the backend container.
set -euo pipefail

usage() {
  echo 'usage:' >&2
  sed -n '2,10s/^# \{0,1\}//p' "$0" >&2
  exit 2
}
[[ $# -ge 1 ]] || usage
url=$1
shift
token=${MEDIANEST_TOKEN:-} samples=5 timeout=10
while [[ $# -gt 0 ]]; do
  case $1 in
    --token) token=${2:?}; shift ;;
    --samples) samples=${2:?}; shift ;;
    --timeout) timeout=${2:?}; shift ;;
    --cacert) export NODE_EXTRA_CA_CERTS=${2:?}; shift ;;
    --insecure) export NODE_TLS_REJECT_UNAUTHORIZED=0 ;;
    *) usage ;;
  esac
  shift
done
[[ $url =~ ^wss?:// ]] || { echo "error: URL must start with wss:// (or ws://)" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
echo "Testing $url"
if command -v node >/dev/null && node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
  # Node 20 and 21 have WebSocket behind a flag (22+ by default); the flag avoids needing the
  # `ws` package, which a plain checkout without node_modules does not have.
  ws_flag=()
  node -e 'process.exit(typeof WebSocket === "function" ? 0 : 1)' || ws_flag=(--experimental-websocket)
  exec node --no-warnings "${ws_flag[@]}" "$here/lib/socketio-check.js" "$url" "$token" "$samples" "$timeout"
fi
cd "$here/.."
exec docker-compose -f docker-compose.prod.yml exec -T backend node - "$url" "$token" "$samples" "$timeout" <"$here/lib/socketio-check.js"
