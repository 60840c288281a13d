#!/usr/bin/env bash
# Obtains the TLS certificate nginx serves, at $LETSENCRYPT_DIR/live/DOMAIN/ (default
# /etc/letsencrypt, the folder docker-compose.prod.yml mounts).
#   infrastructure/scripts/setup-ssl-enhanced.sh DOMAIN EMAIL [--staging] [--www]
#       Let's Encrypt through certbot's webroot (needs DNS pointing here and port 80 open):
#       a temporary self-signed certificate lets nginx start, certbot replaces it, nginx
#       reloads. Renewal is automatic afterwards: the certbot service runs `certbot renew`
#       twice a day and nginx reloads every 6 hours.
#   infrastructure/scripts/setup-ssl-enhanced.sh DOMAIN EMAIL --self-signed [--days N]
#       development: a self-signed certificate, no network needed (browsers will warn).
# Run it again at any time: an existing Let's Encrypt certificate is kept (certbot renews it).
set -euo pipefail

usage() {
  echo 'usage:' >&2
  sed -n '2,12s/^# \{0,1\}//p' "$0" >&2
  exit 2
}
[[ $# -ge 2 ]] || usage
domain=$1 email=$2
shift 2
mode=letsencrypt staging=() www=false days=365
while [[ $# -gt 0 ]]; do
  case $1 in
    --self-signed) mode=self-signed ;;
    --staging) staging=(--staging) ;;
    --www) www=true ;;
    --days) days=${2:?}; shift ;;
    *) usage ;;
  esac
  shift
done
[[ $domain =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$ ]] || { echo "error: '$domain' is not a host name" >&2; exit 2; }
[[ $email =~ ^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$ ]] || { echo "error: '$email' is not an e-mail address" >&2; exit 2; }

root=$(cd "$(dirname "$0")/../.." && pwd)
# Same folder as docker-compose: the environment, else LETSENCRYPT_DIR in .env (./relative
# to the repository), else /etc/letsencrypt.
if [[ -z ${LETSENCRYPT_DIR:-} && -f $root/.env ]]; then
  LETSENCRYPT_DIR=$(sed -n 's/^LETSENCRYPT_DIR=//p' "$root/.env" | tail -n 1)
fi
le_dir=${LETSENCRYPT_DIR:-/etc/letsencrypt}
[[ $le_dir == /* ]] || le_dir="$root/${le_dir#./}"
live="$le_dir/live/$domain"
compose=(docker-compose -f "$root/docker-compose.prod.yml")

# nginx and certbot both run as 1001:1001: certbot must write the folder (renewals) and
# nginx read the private key (group 1001, mode 640).
share_key_with_nginx() {
  if [[ $(id -u) -eq 0 ]]; then
    chown -R 1001:1001 "$le_dir"
  else
    echo "note: not root; make sure uid/gid 1001 can read $live/privkey.pem" >&2
  fi
  find "$le_dir/live" "$le_dir/archive" -name 'privkey*.pem' -exec chmod 640 {} + 2>/dev/null || true
  chmod 755 "$le_dir" "$le_dir/live" "$live" 2>/dev/null || true
}

self_signed() {
  local names="DNS:$domain"
  $www && names+=",DNS:www.$domain"
  mkdir -p "$live"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days "$days" \
    -subj "/CN=$domain" -addext "subjectAltName=$names" \
    -keyout "$live/privkey.pem" -out "$live/fullchain.pem" 2>/dev/null
  cp "$live/fullchain.pem" "$live/chain.pem"
  cp "$live/fullchain.pem" "$live/cert.pem"
  share_key_with_nginx
}

if [[ $mode == self-signed ]]; then
  self_signed
  echo "self-signed certificate for $domain in $live (valid $days days)"
  openssl x509 -in "$live/fullchain.pem" -noout -subject -enddate
  exit 0
fi

if [[ -f $le_dir/renewal/$domain.conf ]]; then
  echo "a Let's Encrypt certificate for $domain already exists; the certbot service renews it."
  echo "test renewal with: ${compose[*]} exec certbot certbot renew --dry-run --work-dir /tmp/certbot --logs-dir /tmp/certbot/logs"
  exit 0
fi

command -v docker-compose >/dev/null || { echo "error: docker-compose is required" >&2; exit 1; }
echo "1/4 temporary self-signed certificate so nginx can start"
days=2 self_signed
echo "2/4 starting nginx for the ACME challenge"
"${compose[@]}" up -d --no-deps nginx
# The temporary files go; nginx keeps serving the loaded copy until the reload.
rm -rf "$live" "$le_dir/archive/$domain" "$le_dir/renewal/$domain.conf"

echo "3/4 requesting the certificate from Let's Encrypt"
domains=(-d "$domain")
$www && domains+=(-d "www.$domain")
hook=/etc/letsencrypt/renewal-hooks/deploy/medianest-nginx-read.sh
mkdir -p "$le_dir/renewal-hooks/deploy"
cat >"$le_dir/renewal-hooks/deploy/medianest-nginx-read.sh" <<'HOOK'
#!/bin/sh
# Keeps renewed private keys readable by nginx (group 1001) after every renewal.
chgrp -R 1001 /etc/letsencrypt/live /etc/letsencrypt/archive
find /etc/letsencrypt/archive -name 'privkey*.pem' -exec chmod 640 {} +
HOOK
chmod 755 "$le_dir/renewal-hooks/deploy/medianest-nginx-read.sh"
"${compose[@]}" run --rm --no-deps --entrypoint certbot certbot certonly --webroot -w /var/www/certbot \
  "${staging[@]}" "${domains[@]}" --email "$email" --agree-tos --no-eff-email --key-type ecdsa \
  --deploy-hook "$hook" --non-interactive --work-dir /tmp/certbot --logs-dir /tmp/certbot/logs

echo "4/4 reloading nginx with the new certificate"
share_key_with_nginx
"${compose[@]}" exec nginx nginx -c /tmp/nginx/conf/nginx.conf -s reload
echo "done: $(openssl x509 -in "$live/fullchain.pem" -noout -issuer -enddate | tr '\n' ' ')"
