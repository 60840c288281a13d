import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import envRules from './env-rules.json';

/**
 * The variables and their rules come from env-rules.json, which the operator's
 * `scripts/validate-env.js` reads too: one definition for both.
 */
interface Rule {
  kind: 'int' | 'url' | 'enum' | 'text' | 'secret' | 'key32';
  min?: number;
  max?: number;
  default?: string | number;
  protocols?: string[];
  values?: string[];
  pattern?: string;
  patternMessage?: string;
  minLength?: number;
  maxLength?: number;
  minMessage?: string;
  secret?: boolean;
}
export const ENV_RULES: Record<string, Rule> = envRules.variables as Record<string, Rule>;

/** Variables that may be given as NAME_FILE (Docker secrets): every secret. */
export const FILE_VARIABLES: readonly string[] = Object.entries(ENV_RULES)
  .filter(([, r]) => r.kind === 'secret' || r.kind === 'key32' || r.secret === true)
  .map(([name]) => name);

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a URL (${protocols.join(' or ')})`)
    .transform((v) => v.replace(/\/+$/, ''));

/** A 32-byte key given as 64 hex characters or base64. */
export function parseKey32(value: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const buf = Buffer.from(value, 'base64');
    if (buf.length === 32) return buf;
  }
  return undefined;
}

function rule(name: string): Rule {
  const r = ENV_RULES[name];
  if (!r) throw new Error(`env-rules.json has no ${name}`);
  return r;
}

function intVar(name: string) {
  const r = rule(name);
  return z.preprocess(blankToUndefined, z.coerce.number().int().min(r.min ?? 0).max(r.max ?? Number.MAX_SAFE_INTEGER).default(Number(r.default)));
}

/** An integer without a default: unset stays undefined. */
function optionalIntVar(name: string) {
  const r = rule(name);
  if (r.default !== undefined) throw new Error(`${name} has a default: use intVar`);
  return z.preprocess(blankToUndefined, z.coerce.number().int().min(r.min ?? 0).max(r.max ?? Number.MAX_SAFE_INTEGER).optional());
}

function optionalEnumVar<T extends readonly [string, ...string[]]>(name: string, values: T) {
  const r = rule(name);
  if (JSON.stringify(r.values) !== JSON.stringify(values)) throw new Error(`${name}: env-rules.json and env.ts list different values`);
  return z.preprocess(blankToUndefined, z.enum(values).optional());
}

function urlVar(name: string) {
  const r = rule(name);
  const base = url(r.protocols ?? ['http:', 'https:']);
  return r.default === undefined ? z.preprocess(blankToUndefined, base.optional()) : z.preprocess(blankToUndefined, base.default(String(r.default)));
}

function enumVar<T extends readonly [string, ...string[]]>(name: string, values: T) {
  const r = rule(name);
  if (JSON.stringify(r.values) !== JSON.stringify(values)) throw new Error(`${name}: env-rules.json and env.ts list different values`);
  return z.preprocess(blankToUndefined, z.enum(values).default(r.default as T[number]));
}

function textVar(name: string) {
  const r = rule(name);
  let s = z.string().trim();
  if (r.minLength !== undefined) s = s.min(r.minLength);
  if (r.maxLength !== undefined) s = s.max(r.maxLength);
  if (r.pattern !== undefined) s = s.regex(new RegExp(r.pattern), r.patternMessage);
  return r.default === undefined ? z.preprocess(blankToUndefined, s.optional()) : z.preprocess(blankToUndefined, s.default(String(r.default)));
}

function secretVar(name: string) {
  const r = rule(name);
  if (r.kind === 'key32') {
    return z.preprocess(blankToUndefined, z.string().refine((v) => parseKey32(v) !== undefined, 'must be 32 bytes, as 64 hex characters or base64').optional());
  }
  // Secrets are taken as given (a password may well begin or end with a space), only a blank one is unset.
  const s = r.minLength !== undefined ? z.string().min(r.minLength, r.minMessage) : z.string().transform((v) => v.trim());
  return z.preprocess(blankToUndefined, s.optional());
}

const schema = z
  .object({
    NODE_ENV: enumVar('NODE_ENV', ['development', 'production', 'test'] as const),
    PORT: intVar('PORT'),
    HOST: textVar('HOST') as z.ZodType<string>,
    APP_URL: urlVar('APP_URL') as z.ZodType<string>,
    CORS_ORIGINS: textVar('CORS_ORIGINS'),
    TRUST_PROXY: textVar('TRUST_PROXY') as z.ZodType<string>,
    DATABASE_URL: urlVar('DATABASE_URL'),
    REDIS_URL: urlVar('REDIS_URL'),
    DATA_DIR: textVar('DATA_DIR') as z.ZodType<string>,
    JWT_SECRET: secretVar('JWT_SECRET'),
    ENCRYPTION_KEY: secretVar('ENCRYPTION_KEY'),
    ENCRYPTION_KEY_PREVIOUS: secretVar('ENCRYPTION_KEY_PREVIOUS'),
    METRICS_TOKEN: secretVar('METRICS_TOKEN'),
    PLEX_TV_URL: urlVar('PLEX_TV_URL') as z.ZodType<string>,
    PLEX_AUTH_APP_URL: urlVar('PLEX_AUTH_APP_URL') as z.ZodType<string>,
    PLEX_CLIENT_ID: secretVar('PLEX_CLIENT_ID'),
    PLEX_SERVER_URL: urlVar('PLEX_SERVER_URL'),
    PLEX_TOKEN: secretVar('PLEX_TOKEN'),
    OVERSEERR_URL: urlVar('OVERSEERR_URL'),
    OVERSEERR_API_KEY: secretVar('OVERSEERR_API_KEY'),
    OVERSEERR_WEBHOOK_SECRET: secretVar('OVERSEERR_WEBHOOK_SECRET'),
    UPTIME_KUMA_URL: urlVar('UPTIME_KUMA_URL'),
    UPTIME_KUMA_STATUS_PAGE: textVar('UPTIME_KUMA_STATUS_PAGE'),
    ADMIN_USERNAME: textVar('ADMIN_USERNAME') as z.ZodType<string>,
    ADMIN_PASSWORD: secretVar('ADMIN_PASSWORD'),
    PLEX_ACCESS_RECHECK_SECONDS: intVar('PLEX_ACCESS_RECHECK_SECONDS'),
    SERVICE_CHECK_INTERVAL_SECONDS: intVar('SERVICE_CHECK_INTERVAL_SECONDS'),
    SERVICE_DEGRADED_MS: intVar('SERVICE_DEGRADED_MS'),
    OVERSEERR_SYNC_INTERVAL_SECONDS: intVar('OVERSEERR_SYNC_INTERVAL_SECONDS'),
    RATE_LIMIT_API_PER_MINUTE: intVar('RATE_LIMIT_API_PER_MINUTE'),
    RATE_LIMIT_AUTH_PER_MINUTE: intVar('RATE_LIMIT_AUTH_PER_MINUTE'),
    RATE_LIMIT_MEDIA_REQUESTS_PER_HOUR: intVar('RATE_LIMIT_MEDIA_REQUESTS_PER_HOUR'),
    SOCKET_MAX_CONNECTIONS_PER_USER: intVar('SOCKET_MAX_CONNECTIONS_PER_USER'),
    SMTP_HOST: textVar('SMTP_HOST'),
    SMTP_PORT: optionalIntVar('SMTP_PORT'),
    SMTP_TLS: optionalEnumVar('SMTP_TLS', ['none', 'starttls', 'tls'] as const),
    SMTP_USER: textVar('SMTP_USER'),
    SMTP_PASSWORD: secretVar('SMTP_PASSWORD'),
    SMTP_FROM: textVar('SMTP_FROM'),
    NOTIFICATIONS_POLL_MS: intVar('NOTIFICATIONS_POLL_MS'),
    NOTIFICATIONS_MAX_ATTEMPTS: intVar('NOTIFICATIONS_MAX_ATTEMPTS'),
    LIBRARY_WATCH_INTERVAL_SECONDS: intVar('LIBRARY_WATCH_INTERVAL_SECONDS'),
    LOG_LEVEL: enumVar('LOG_LEVEL', ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] as const),
    LOG_DIR: textVar('LOG_DIR'),
  })
  .strip();

/** The variables the schema reads: the same list as env-rules.json (checked by the unit tests). */
export const SCHEMA_VARIABLES: readonly string[] = Object.keys(schema.shape);

type Raw = z.infer<typeof schema>;

export interface Config {
  nodeEnv: Raw['NODE_ENV'];
  isProduction: boolean;
  port: number;
  host: string;
  appUrl: string;
  corsOrigins: string[];
  trustProxy: string | boolean | number;
  databaseUrl?: string;
  redisUrl?: string;
  dataDir: string;
  jwtSecret: string;
  encryptionKey: Buffer;
  encryptionKeyPrevious?: Buffer;
  metricsToken: string;
  plexTvUrl: string;
  plexAuthAppUrl: string;
  plexClientId?: string;
  plexServerUrl?: string;
  plexToken?: string;
  overseerrUrl?: string;
  overseerrApiKey?: string;
  overseerrWebhookSecret?: string;
  uptimeKumaUrl?: string;
  uptimeKumaStatusPage?: string;
  adminUsername: string;
  adminPassword: string;
  /** How often every Plex user's access and shared libraries are re-read from plex.tv. */
  plexAccessRecheckSeconds: number;
  serviceCheckIntervalSeconds: number;
  serviceDegradedMs: number;
  overseerrSyncIntervalSeconds: number;
  rateLimitApiPerMinute: number;
  rateLimitAuthPerMinute: number;
  rateLimitMediaRequestsPerHour: number;
  /** Concurrent Socket.IO connections one user may hold on one instance; more are refused (`too_many_connections`). */
  socketMaxConnectionsPerUser: number;
  /** SMTP from the environment; when `smtpHost` is set it wins over the admin's stored settings. */
  smtpHost?: string;
  smtpPort?: number;
  smtpTls?: 'none' | 'starttls' | 'tls';
  smtpUser?: string;
  smtpPassword?: string;
  smtpFrom?: string;
  /** How often the notification delivery worker looks for due jobs. */
  notificationsPollMs: number;
  /** Delivery attempts before a job is marked failed (with exponential backoff between them). */
  notificationsMaxAttempts: number;
  /** How often the Plex library is read for followed titles and new episodes. */
  libraryWatchIntervalSeconds: number;
  logLevel: Raw['LOG_LEVEL'];
  logDir?: string;
  /** Every secret value in force, for log redaction. */
  secrets: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Resolves NAME_FILE into NAME; both set is an error. */
function resolveFileVariables(env: NodeJS.ProcessEnv, problems: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env };
  for (const name of FILE_VARIABLES) {
    const file = env[`${name}_FILE`];
    if (file === undefined || file === '') continue;
    if (env[name] !== undefined && env[name] !== '') {
      problems.push(`${name}: set both ${name} and ${name}_FILE; use only one`);
      continue;
    }
    try {
      out[name] = fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      problems.push(`${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return out;
}

function parseTrustProxy(value: string): string | boolean | number {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

interface DevSecrets {
  jwtSecret: string;
  encryptionKey: string;
  metricsToken: string;
}

/** Development and test installs generate their secrets once and keep them under DATA_DIR. */
function loadOrCreateDevSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, 'dev-secrets.json');
  try {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DevSecrets>;
    if (stored.jwtSecret && stored.encryptionKey && stored.metricsToken) return stored as DevSecrets;
  } catch {
    // not there yet: create below
  }
  const fresh: DevSecrets = {
    jwtSecret: crypto.randomBytes(48).toString('base64url'),
    encryptionKey: crypto.randomBytes(32).toString('hex'),
    metricsToken: crypto.randomBytes(24).toString('base64url'),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600 });
  return fresh;
}

/**
 * Reads the whole configuration from the environment. Throws ConfigError with
 * one line per bad or missing variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const resolved = resolveFileVariables(env, problems);
  const parsed = schema.safeParse(resolved);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.')}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const raw = parsed.data;
  const isProduction = raw.NODE_ENV === 'production';

  const corsOrigins = (raw.CORS_ORIGINS ?? raw.APP_URL)
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  if (corsOrigins.includes('*')) problems.push('CORS_ORIGINS: "*" is not allowed; list the origins');
  for (const origin of corsOrigins) {
    if (origin === '*') continue;
    try {
      new URL(origin);
    } catch {
      problems.push(`CORS_ORIGINS: "${origin}" is not an origin URL`);
    }
  }

  let jwtSecret = raw.JWT_SECRET;
  let encryptionKey = raw.ENCRYPTION_KEY;
  let metricsToken = raw.METRICS_TOKEN;
  let adminPassword = raw.ADMIN_PASSWORD;
  if (isProduction) {
    if (!jwtSecret) problems.push('JWT_SECRET: required in production (or JWT_SECRET_FILE)');
    if (!encryptionKey) problems.push('ENCRYPTION_KEY: required in production (or ENCRYPTION_KEY_FILE)');
    if (!metricsToken) problems.push('METRICS_TOKEN: required in production (or METRICS_TOKEN_FILE)');
  } else if (!jwtSecret || !encryptionKey || !metricsToken) {
    const dev = loadOrCreateDevSecrets(raw.DATA_DIR);
    jwtSecret ??= dev.jwtSecret;
    encryptionKey ??= dev.encryptionKey;
    metricsToken ??= dev.metricsToken;
  }
  if (!isProduction) adminPassword ??= 'admin';
  if (problems.length > 0) throw new ConfigError(problems);

  const config: Config = {
    nodeEnv: raw.NODE_ENV,
    isProduction,
    port: raw.PORT,
    host: raw.HOST,
    appUrl: raw.APP_URL,
    corsOrigins,
    trustProxy: parseTrustProxy(raw.TRUST_PROXY),
    databaseUrl: raw.DATABASE_URL,
    redisUrl: raw.REDIS_URL,
    dataDir: path.resolve(raw.DATA_DIR),
    jwtSecret: jwtSecret!,
    encryptionKey: parseKey32(encryptionKey!)!,
    encryptionKeyPrevious: raw.ENCRYPTION_KEY_PREVIOUS ? parseKey32(raw.ENCRYPTION_KEY_PREVIOUS) : undefined,
    metricsToken: metricsToken!,
    plexTvUrl: raw.PLEX_TV_URL,
    plexAuthAppUrl: raw.PLEX_AUTH_APP_URL,
    plexClientId: raw.PLEX_CLIENT_ID,
    plexServerUrl: raw.PLEX_SERVER_URL,
    plexToken: raw.PLEX_TOKEN,
    overseerrUrl: raw.OVERSEERR_URL,
    overseerrApiKey: raw.OVERSEERR_API_KEY,
    overseerrWebhookSecret: raw.OVERSEERR_WEBHOOK_SECRET,
    uptimeKumaUrl: raw.UPTIME_KUMA_URL,
    uptimeKumaStatusPage: raw.UPTIME_KUMA_STATUS_PAGE,
    adminUsername: raw.ADMIN_USERNAME,
    adminPassword: adminPassword ?? '',
    plexAccessRecheckSeconds: raw.PLEX_ACCESS_RECHECK_SECONDS,
    serviceCheckIntervalSeconds: raw.SERVICE_CHECK_INTERVAL_SECONDS,
    serviceDegradedMs: raw.SERVICE_DEGRADED_MS,
    overseerrSyncIntervalSeconds: raw.OVERSEERR_SYNC_INTERVAL_SECONDS,
    rateLimitApiPerMinute: raw.RATE_LIMIT_API_PER_MINUTE,
    rateLimitAuthPerMinute: raw.RATE_LIMIT_AUTH_PER_MINUTE,
    rateLimitMediaRequestsPerHour: raw.RATE_LIMIT_MEDIA_REQUESTS_PER_HOUR,
    socketMaxConnectionsPerUser: raw.SOCKET_MAX_CONNECTIONS_PER_USER,
    smtpHost: raw.SMTP_HOST,
    smtpPort: raw.SMTP_PORT,
    smtpTls: raw.SMTP_TLS,
    smtpUser: raw.SMTP_USER,
    smtpPassword: raw.SMTP_PASSWORD,
    smtpFrom: raw.SMTP_FROM,
    notificationsPollMs: raw.NOTIFICATIONS_POLL_MS,
    notificationsMaxAttempts: raw.NOTIFICATIONS_MAX_ATTEMPTS,
    libraryWatchIntervalSeconds: raw.LIBRARY_WATCH_INTERVAL_SECONDS,
    logLevel: raw.LOG_LEVEL,
    logDir: raw.LOG_DIR,
    secrets: [],
  };
  config.secrets = [
    config.databaseUrl,
    config.redisUrl,
    config.jwtSecret,
    encryptionKey,
    raw.ENCRYPTION_KEY_PREVIOUS,
    config.metricsToken,
    config.plexToken,
    config.overseerrApiKey,
    config.overseerrWebhookSecret,
    raw.ADMIN_PASSWORD,
    raw.SMTP_PASSWORD,
  ].filter((s): s is string => typeof s === 'string' && s.length >= 4);
  return config;
}

/**
 * Production refuses to start without a strong bootstrap password while no
 * admin exists (checked once the database is reachable).
 */
export function bootstrapPasswordProblem(config: Config): string | undefined {
  if (!config.isProduction) return undefined;
  if (!config.adminPassword) return 'ADMIN_PASSWORD: required in production while no admin account exists (or ADMIN_PASSWORD_FILE)';
  if (config.adminPassword.length < 12 || config.adminPassword === 'admin') {
    return 'ADMIN_PASSWORD: must be at least 12 characters and not "admin"';
  }
  return undefined;
}
