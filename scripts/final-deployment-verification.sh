#!/usr/bin/env bash
# The post-deployment checks of the runbook, in one command: health, HTTP->HTTPS redirect,
# TLS protocols and certificate, security headers, CORS, WebSocket, /metrics protection and
# nginx's API rate limit. Prints PASS/WARN/FAIL per check; exit 1 if anything failed.
#   ./scripts/final-deployment-verification.sh [https://your-domain.com] [options]
#     (default URL: https://$DOMAIN from .env)
#     --http-url URL      plain-HTTP address for the redirect check (default: http://<host>)
#     --origin ORIGIN     allowed CORS origin (default: the URL's origin)
#     --cacert FILE       trust this CA (self-signed/test setups)   --insecure   no TLS verification
#     --token TOKEN       access token for the WebSocket latency check (or MEDIANEST_TOKEN)
#     --metrics-token-file FILE   also check that /metrics answers with this token
#     --skip-rate-limit   do not burst requests (the burst briefly throttles this address)
set -euo pipefail

usage() {
  echo 'usage:' >&2
  sed -n '2,14s/^# \{0,1\}//p' "$0" >&2
  exit 2
}
root=$(cd "$(dirname "$0")/.." && pwd)
url="" http_url="" origin="" token=${MEDIANEST_TOKEN:-} metrics_token_file="" rate_limit=true
tls_opts=() ws_opts=() s_client_opts=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --http-url) http_url=${2:?}; shift ;;
    --origin) origin=${2:?}; shift ;;
    --cacert) tls_opts+=(--cacert "${2:?}"); ws_opts+=(--cacert "$2"); s_client_opts+=(-CAfile "$2"); shift ;;
    --insecure) tls_opts+=(--insecure); ws_opts+=(--insecure) ;;
    --token) token=${2:?}; shift ;;
    --metrics-token-file) metrics_token_file=${2:?}; shift ;;
    --skip-rate-limit) rate_limit=false ;;
    -h | --help) usage ;;
    -*) usage ;;
    *) url=$1 ;;
  esac
  shift
done
if [[ -z $url && -f $root/.env ]]; then
  domain=$(sed -n 's/^DOMAIN=//p' "$root/.env" | tail -n 1)
  [[ -n $domain ]] && url="https://$domain"
fi
[[ $url =~ ^https://([^/:]+)(:([0-9]+))?/?$ ]] || { echo "error: give the site's https:// URL" >&2; usage; }
url=${url%/}
host=${BASH_REMATCH[1]}
port=${BASH_REMATCH[3]:-443}
http_url=${http_url:-http://$host}
origin=${origin:-$url}

passed=0 failed=0 warned=0
pass() { printf 'PASS  %s\n' "$*"; passed=$((passed + 1)); }
fail() { printf 'FAIL  %s\n' "$*"; failed=$((failed + 1)); }
warn() { printf 'WARN  %s\n' "$*"; warned=$((warned + 1)); }
http() { curl -sS --max-time 15 "${tls_opts[@]}" "$@"; }
# header NAME RESPONSE_HEADERS: the first value of NAME, or nothing.
header() { { grep -i "^$1:" <<<"$2" || true; } | head -n 1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'; }

echo "== health"
for path in /api/health /api/v1/health; do
  if body=$(http -f "$url$path" 2>&1) && grep -Eq '"status" *: *"(ok|degraded)"' <<<"$body"; then
    status=$(grep -Eo '"status" *: *"[a-z]+"' <<<"$body" | head -n 1)
    pass "GET $path answers 200 ($status)"
    grep -q '"degraded"' <<<"$body" && warn "$path: some upstream is unhealthy: $(grep -Eo '"services" *: *\{[^}]*\}' <<<"$body")"
  else
    fail "GET $path: ${body:-no answer}"
  fi
done

echo "== HTTP to HTTPS"
redirect=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code} %{redirect_url}' "$http_url/api/health" 2>&1 || true)
if [[ $redirect =~ ^30[18]\ https:// ]]; then pass "plain HTTP redirects to HTTPS ($redirect)"; else fail "plain HTTP does not redirect to HTTPS: $redirect"; fi

echo "== TLS"
for proto in tls1_2 tls1_3; do
  if openssl s_client -connect "$host:$port" -servername "$host" "-$proto" "${s_client_opts[@]}" </dev/null >/dev/null 2>&1; then
    pass "$proto accepted"
  else
    fail "$proto refused"
  fi
done
for proto in tls1 tls1_1; do
  if openssl s_client -connect "$host:$port" -servername "$host" "-$proto" </dev/null >/dev/null 2>&1; then
    fail "$proto accepted (must be off)"
  else
    pass "$proto refused"
  fi
done
cert=$(openssl s_client -connect "$host:$port" -servername "$host" </dev/null 2>/dev/null | openssl x509 2>/dev/null || true)
if [[ -z $cert ]]; then
  fail "no certificate received"
elif openssl x509 -checkend $((14 * 86400)) -noout <<<"$cert" >/dev/null; then
  pass "certificate valid for more than 14 days ($(openssl x509 -enddate -noout <<<"$cert"))"
else
  fail "certificate expires within 14 days ($(openssl x509 -enddate -noout <<<"$cert"))"
fi
if command -v testssl.sh >/dev/null; then
  if testssl.sh --quiet --color 0 --protocols --server-defaults --vulnerable "$host:$port" >/tmp/testssl.$$ 2>&1; then
    pass "testssl.sh found no problem"
  else
    warn "testssl.sh reported findings: see its output in /tmp/testssl.$$"
  fi
else
  warn "testssl.sh not installed: protocol checks above only (apt-get install testssl.sh for a full scan)"
fi

echo "== security headers"
page=$(http -D - -o /dev/null "$url/" 2>&1 || true)
api=$(http -D - -o /dev/null "$url/api/health" 2>&1 || true)
hsts=$(header Strict-Transport-Security "$page")
if [[ $hsts =~ max-age=([0-9]+) && ${BASH_REMATCH[1]} -ge 15552000 ]]; then pass "HSTS: $hsts"; else fail "HSTS missing or shorter than 180 days: '$hsts'"; fi
if [[ -n $(header Strict-Transport-Security "$api") ]]; then pass "HSTS on API responses too"; else fail "no HSTS on API responses"; fi
for name in X-Content-Type-Options X-Frame-Options Referrer-Policy Content-Security-Policy; do
  value=$(header "$name" "$page")
  if [[ -n $value ]]; then pass "$name: ${value:0:70}"; else fail "$name missing on the web app"; fi
done
if [[ $(grep -ci '^strict-transport-security:' <<<"$api") -le 1 ]]; then pass "no duplicated security headers"; else fail "duplicated HSTS header on API responses"; fi
server=$(header Server "$page")
if [[ $server =~ [0-9] ]]; then warn "Server header reveals a version: $server"; else pass "Server header reveals no version (${server:-none})"; fi

echo "== CORS"
# A route the web app calls with credentials (the health routes sit in front of the CORS policy).
preflight() { http -o /dev/null -D - -X OPTIONS -H "Origin: $1" -H "Access-Control-Request-Method: GET" "$url/api/v1/auth/me" 2>&1 || true; }
allowed=$(header Access-Control-Allow-Origin "$(preflight "$origin")")
if [[ $allowed == "$origin" ]]; then pass "preflight from $origin allowed"; else fail "preflight from $origin not allowed (Access-Control-Allow-Origin: '$allowed')"; fi
foreign=$(header Access-Control-Allow-Origin "$(preflight https://evil.example)")
if [[ -z $foreign ]]; then pass "preflight from a foreign origin refused"; else fail "foreign origin allowed: $foreign"; fi

echo "== WebSocket"
ws_args=("wss://$host:$port/socket.io/" "${ws_opts[@]}")
[[ -n $token ]] && ws_args+=(--token "$token")
if ws_out=$("$root/scripts/test-websocket-connection.sh" "${ws_args[@]}" 2>&1); then
  pass "$(tail -n 1 <<<"$ws_out")"
else
  fail "WebSocket: $(tr '\n' ' ' <<<"$ws_out")"
fi

echo "== metrics and status pages"
code=$(http -o /dev/null -w '%{http_code}' "$url/metrics" || true)
if [[ $code == 401 ]]; then pass "/metrics refuses requests without the token"; else fail "/metrics without token answered $code (expected 401)"; fi
if [[ -n $metrics_token_file ]]; then
  code=$(http -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(<"$metrics_token_file")" "$url/metrics" || true)
  if [[ $code == 200 ]]; then pass "/metrics answers with the token"; else fail "/metrics with the token answered $code"; fi
fi

echo "== rate limit"
if $rate_limit; then
  burst=()
  # curl's -o applies to one URL: each URL gets its own, or the bodies mix with the codes.
  for _ in $(seq 1 150); do burst+=(-o /dev/null "$url/api/v1/health"); done
  codes=$(http --parallel --parallel-max 50 -w '%{http_code}\n' "${burst[@]}" 2>/dev/null || true)
  limited=$(grep -c '^429$' <<<"$codes" || true)
  if [[ $limited -gt 0 ]]; then pass "API rate limit active: $limited of 150 burst requests answered 429"; else fail "150 parallel API requests were never limited"; fi
else
  warn "rate limit check skipped"
fi

echo
echo "$passed passed, $warned warnings, $failed failed"
[[ $failed -eq 0 ]]
