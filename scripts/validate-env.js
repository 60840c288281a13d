#!/usr/bin/env node
// Checks a production .env (see BACKEND_ENVIRONMENT_TEMPLATE.env) and the ./secrets folder
// before `docker-compose -f docker-compose.prod.yml up`, so a typo fails here with a clear
// message instead of as a crash-looping container. Exit code 1 when anything is wrong.
//   ./scripts/validate-env.js [--env FILE] [--secrets DIR]
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function parseArgs(argv) {
  const options = { env: path.join(root, '.env'), secrets: path.join(root, 'secrets') };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--env' || arg === '--secrets') options[arg.slice(2)] = argv[++i];
    else if (arg === '-h' || arg === '--help') options.help = true;
    else if (!arg.startsWith('-')) options.env = arg;
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

// docker-compose's .env syntax: NAME=value, # comments, optional surrounding quotes.
function parseEnvFile(text) {
  const vars = new Map();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) throw new Error(`not NAME=value: ${line}`);
    vars.set(match[1], match[2].replace(/^(['"])(.*)\1$/, '$2'));
  }
  return vars;
}

const isInt = (v, min = 1) => /^\d+$/.test(v) && Number(v) >= min;
const isHttpUrl = (v) => {
  try { return ['http:', 'https:'].includes(new URL(v).protocol); } catch { return false; }
};
const isOrigin = (v) => isHttpUrl(v) && new URL(v).origin === v.replace(/\/$/, '');
const isHostname = (v) => /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(v);
const isCidr = (v) => /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(v);
const cronField = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;

// name -> check returning an error message, or null. Applied only when the value is set.
const rules = {
  COMPOSE_PROJECT_NAME: (v) => (v === 'medianest' ? null : 'must be "medianest": container and network names in the runbook rely on it'),
  COMPOSE_DOCKER_CLI_BUILD: () => null,
  DOCKER_BUILDKIT: () => null,
  VERSION: (v) => (/^[\w][\w.-]{0,127}$/.test(v) ? null : 'must be a Docker tag such as latest or v1.2.0'),
  DOMAIN: (v) => (isHostname(v) ? null : 'must be a host name such as medianest.example.com'),
  CERTBOT_EMAIL: (v) => (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v) ? null : 'must be an e-mail address'),
  LETSENCRYPT_DIR: (v) => (path.isAbsolute(v) || v.startsWith('./') ? null : 'must be an absolute or ./relative path'),
  CERTBOT_TAG: () => null,
  HTTP_PORT: (v) => (isInt(v) && Number(v) < 65536 ? null : 'must be a port number'),
  HTTPS_PORT: (v) => (isInt(v) && Number(v) < 65536 ? null : 'must be a port number'),
  FRONTEND_SUBNET: (v) => (isCidr(v) ? null : 'must be an IPv4 CIDR such as 172.30.10.0/24'),
  BACKEND_SUBNET: (v) => (isCidr(v) ? null : 'must be an IPv4 CIDR such as 172.30.20.0/24'),
  POSTGRES_MAJOR: (v) => (isInt(v, 13) ? null : 'must be a PostgreSQL major version (13 or later)'),
  NGINX_API_RATE: (v) => (/^\d+r\/[sm]$/.test(v) ? null : 'must look like 10r/s or 600r/m'),
  NGINX_API_BURST: (v) => (isInt(v, 0) ? null : 'must be a whole number'),
  BACKUP_CRON: (v) => {
    const fields = v.trim().split(/\s+/);
    return fields.length === 5 && fields.every((f) => cronField.test(f)) ? null : 'must be a 5-field cron schedule such as "30 3 * * *"';
  },
  BACKUP_RETENTION_DAYS: (v) => (isInt(v) ? null : 'must be a whole number of days (1 or more)'),
  TZ: () => null,
  CORS_ORIGINS: (v) => {
    if (v.split(',').some((o) => o.trim() === '*')) return '"*" is refused by the backend; list the allowed origins';
    const bad = v.split(',').map((o) => o.trim()).filter((o) => !isOrigin(o));
    return bad.length ? `not origins (scheme://host[:port]): ${bad.join(', ')}` : null;
  },
  LOG_LEVEL: (v) => (['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'].includes(v) ? null : 'must be error, warn, info or debug'),
  ADMIN_USERNAME: (v) => (/^[\w.-]{3,64}$/.test(v) ? null : 'must be 3-64 letters, digits, ".", "_" or "-"'),
  PLEX_SERVER_URL: (v) => (isHttpUrl(v) ? null : 'must be an http(s) URL such as http://192.168.1.10:32400'),
  PLEX_TV_URL: (v) => (isHttpUrl(v) ? null : 'must be an http(s) URL'),
  PLEX_AUTH_APP_URL: (v) => (isHttpUrl(v) ? null : 'must be an http(s) URL'),
  OVERSEERR_URL: (v) => (isHttpUrl(v) ? null : 'must be an http(s) URL such as http://192.168.1.10:5055'),
  UPTIME_KUMA_URL: (v) => (isHttpUrl(v) ? null : 'must be an http(s) URL'),
  UPTIME_KUMA_STATUS_PAGE: (v) => (/^[\w-]+$/.test(v) ? null : 'must be a status page slug'),
  SERVICE_CHECK_INTERVAL_SECONDS: (v) => (isInt(v, 5) ? null : 'must be a whole number of seconds (5 or more)'),
  SERVICE_DEGRADED_MS: (v) => (isInt(v) ? null : 'must be a whole number of milliseconds'),
  OVERSEERR_SYNC_INTERVAL_SECONDS: (v) => (isInt(v, 10) ? null : 'must be a whole number of seconds (10 or more)'),
  RATE_LIMIT_API_PER_MINUTE: (v) => (isInt(v) ? null : 'must be a whole number (1 or more)'),
  RATE_LIMIT_AUTH_PER_MINUTE: (v) => (isInt(v) ? null : 'must be a whole number (1 or more)'),
  RATE_LIMIT_MEDIA_REQUESTS_PER_HOUR: (v) => (isInt(v) ? null : 'must be a whole number (1 or more)'),
  SMTP_HOST: (v) => (isHostname(v) || /^[\d.]+$/.test(v) ? null : 'must be a host name such as smtp.example.com'),
  SMTP_PORT: (v) => (isInt(v) && Number(v) < 65536 ? null : 'must be a port number'),
  SMTP_TLS: (v) => (['none', 'starttls', 'tls'].includes(v) ? null : 'must be none, starttls or tls'),
  SMTP_USER: () => null,
  SMTP_FROM: (v) => (/@/.test(v) ? null : 'must be an address such as "MediaNest <medianest@example.com>"'),
  NOTIFICATIONS_POLL_MS: (v) => (isInt(v, 50) ? null : 'must be a whole number of milliseconds (50 or more)'),
  NOTIFICATIONS_MAX_ATTEMPTS: (v) => (isInt(v) && Number(v) <= 50 ? null : 'must be a whole number from 1 to 50'),
  LIBRARY_WATCH_INTERVAL_SECONDS: (v) => (isInt(v) ? null : 'must be a whole number of seconds (1 or more)'),
};
const required = ['DOMAIN', 'CERTBOT_EMAIL', 'COMPOSE_PROJECT_NAME'];
// Secrets belong in ./secrets; in .env they would end up in `docker inspect` output.
const secretNames = ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'ENCRYPTION_KEY', 'ENCRYPTION_KEY_PREVIOUS', 'METRICS_TOKEN',
  'PLEX_TOKEN', 'PLEX_CLIENT_ID', 'OVERSEERR_API_KEY', 'OVERSEERR_WEBHOOK_SECRET', 'ADMIN_PASSWORD', 'SMTP_PASSWORD', 'POSTGRES_PASSWORD', 'REDIS_PASSWORD'];
const fixedByCompose = ['NODE_ENV', 'PORT', 'HOST', 'APP_URL', 'TRUST_PROXY', 'DATA_DIR', 'LOG_DIR'];

function checkEnv(vars, report) {
  for (const name of required) if (!vars.get(name)) report.error(`${name} is required`);
  for (const [name, value] of vars) {
    if (secretNames.includes(name) || name.endsWith('_FILE')) {
      report.error(`${name} must not be in .env: secrets are files in secrets/ (scripts/generate-docker-secrets.sh)`);
    } else if (fixedByCompose.includes(name)) {
      report.warn(`${name} is set by docker-compose.prod.yml; the value here is ignored`);
    } else if (!(name in rules)) {
      report.warn(`${name} is not a MediaNest setting (typo?)`);
    } else if (value !== '') {
      const problem = rules[name](value);
      if (problem) report.error(`${name}=${value}: ${problem}`);
    }
  }
  if (vars.get('DOMAIN') === 'medianest.example.com') report.warn('DOMAIN is still the template\'s example');
}

function readSecret(dir, name, report, { optional = false } = {}) {
  const file = path.join(dir, name);
  let stat;
  try { stat = fs.statSync(file); } catch {
    report.error(`secrets/${name} is missing (run scripts/generate-docker-secrets.sh)`);
    return null;
  }
  if ((stat.mode & 0o077) !== 0) report.warn(`secrets/${name} is readable by others (mode ${(stat.mode & 0o777).toString(8)}); chmod 600`);
  let value;
  try { value = fs.readFileSync(file, 'utf8').replace(/\r?\n$/, ''); } catch (err) {
    report.error(`secrets/${name} cannot be read (${err.code}); run this as root or as uid 1001`);
    return null;
  }
  if (!value && !optional) report.error(`secrets/${name} is empty`);
  return value;
}

function checkSecrets(dir, report) {
  if (!fs.existsSync(dir)) {
    report.error(`no secrets folder ${dir} (run scripts/generate-docker-secrets.sh)`);
    return;
  }
  const s = (name, opts) => readSecret(dir, name, report, opts);
  const pg = s('postgres_password');
  const redis = s('redis_password');
  const dbUrl = s('database_url');
  const redisUrl = s('redis_url');
  if (dbUrl && !/^postgres(ql)?:\/\//.test(dbUrl)) report.error('secrets/database_url must start with postgresql://');
  if (dbUrl && pg && !dbUrl.includes(`:${pg}@`)) report.error('secrets/database_url does not contain secrets/postgres_password');
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) report.error('secrets/redis_url must start with redis://');
  if (redisUrl && redis && !redisUrl.includes(`:${redis}@`)) report.error('secrets/redis_url does not contain secrets/redis_password');
  const jwt = s('jwt_secret');
  if (jwt && Buffer.byteLength(jwt) < 32) report.error('secrets/jwt_secret must be at least 32 bytes');
  for (const name of ['encryption_key', 'encryption_key_previous']) {
    const key = s(name, { optional: name === 'encryption_key_previous' });
    if (key && !isAesKey(key)) report.error(`secrets/${name} must be 32 bytes as 64 hex digits or base64`);
  }
  const metrics = s('metrics_token');
  if (metrics && metrics.length < 16) report.error('secrets/metrics_token must be at least 16 characters');
  const admin = s('admin_password');
  if (admin && (admin.length < 12 || admin === 'admin')) report.error('secrets/admin_password must be at least 12 characters and not "admin"');
  s('overseerr_webhook_secret');
  s('backup_encryption_key');
  s('plex_client_id', { optional: true });
  s('plex_token', { optional: true });
  s('overseerr_api_key', { optional: true });
}

function isAesKey(value) {
  if (/^[0-9a-f]{64}$/i.test(value)) return true;
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32;
}

function main() {
  let options;
  try { options = parseArgs(process.argv.slice(2)); } catch (err) {
    console.error(err.message);
    options = { help: true };
  }
  if (options.help) {
    console.error('usage: validate-env.js [--env FILE] [--secrets DIR]   (defaults: ./.env, ./secrets)');
    process.exit(2);
  }
  const errors = [];
  const warnings = [];
  const report = { error: (m) => errors.push(m), warn: (m) => warnings.push(m) };
  let vars = new Map();
  try {
    vars = parseEnvFile(fs.readFileSync(options.env, 'utf8'));
  } catch (err) {
    report.error(err.code === 'ENOENT' ? `no ${options.env}: cp BACKEND_ENVIRONMENT_TEMPLATE.env .env` : `${options.env}: ${err.message}`);
  }
  if (vars.size) checkEnv(vars, report);
  checkSecrets(options.secrets, report);
  for (const w of warnings) console.log(`warning: ${w}`);
  for (const e of errors) console.log(`error: ${e}`);
  if (errors.length) {
    console.log(`${errors.length} error(s): fix them before starting the stack`);
    process.exit(1);
  }
  console.log(`environment OK (${vars.size} settings, secrets in ${options.secrets})`);
}

main();
