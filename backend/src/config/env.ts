import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Variables that may be given as NAME_FILE (Docker secrets), per API.md. */
export const FILE_VARIABLES = [
  'DATABASE_URL',
  'REDIS_URL',
  'JWT_SECRET',
  'ENCRYPTION_KEY',
  'ENCRYPTION_KEY_PREVIOUS',
  'METRICS_TOKEN',
  'PLEX_TOKEN',
  'PLEX_CLIENT_ID',
  'OVERSEERR_API_KEY',
  'OVERSEERR_WEBHOOK_SECRET',
  'ADMIN_PASSWORD',
  'SMTP_PASSWORD',
] as const;

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

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

const optionalUrl = (protocols: string[]) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), url(protocols).optional());

const intInRange = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

/** A 32-byte key given as 64 hex characters or base64. */
export function parseKey32(value: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const buf = Buffer.from(value, 'base64');
    if (buf.length === 32) return buf;
  }
  return undefined;
}

const key32 = z.string().refine((v) => parseKey32(v) !== undefined, 'must be 32 bytes, as 64 hex characters or base64');

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: intInRange(4000, 0, 65535),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    APP_URL: url(['http:', 'https:']).default('http://localhost:4000'),
    CORS_ORIGINS: optionalString,
    TRUST_PROXY: z.string().trim().default('loopback'),
    DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']),
    REDIS_URL: optionalUrl(['redis:', 'rediss:']),
    DATA_DIR: z.string().trim().min(1).default('./data'),
    JWT_SECRET: z.string().min(32, 'must be at least 32 bytes').optional(),
    ENCRYPTION_KEY: key32.optional(),
    ENCRYPTION_KEY_PREVIOUS: key32.optional(),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    PLEX_TV_URL: url(['http:', 'https:']).default('https://plex.tv'),
    PLEX_AUTH_APP_URL: url(['http:', 'https:']).default('https://app.plex.tv/auth'),
    PLEX_CLIENT_ID: optionalString,
    PLEX_SERVER_URL: optionalUrl(['http:', 'https:']),
    PLEX_TOKEN: optionalString,
    OVERSEERR_URL: optionalUrl(['http:', 'https:']),
    OVERSEERR_API_KEY: optionalString,
    OVERSEERR_WEBHOOK_SECRET: optionalString,
    UPTIME_KUMA_URL: optionalUrl(['http:', 'https:']),
    UPTIME_KUMA_STATUS_PAGE: optionalString,
    ADMIN_USERNAME: z.string().trim().min(1).max(64).default('admin'),
    ADMIN_PASSWORD: optionalString,
    SERVICE_CHECK_INTERVAL_SECONDS: intInRange(60, 1, 86_400),
    SERVICE_DEGRADED_MS: intInRange(2000, 1, 600_000),
    OVERSEERR_SYNC_INTERVAL_SECONDS: intInRange(300, 1, 86_400),
    RATE_LIMIT_API_PER_MINUTE: intInRange(100, 1, 1_000_000),
    RATE_LIMIT_AUTH_PER_MINUTE: intInRange(10, 1, 1_000_000),
    RATE_LIMIT_MEDIA_REQUESTS_PER_HOUR: intInRange(20, 1, 1_000_000),
    SMTP_HOST: optionalString,
    SMTP_PORT: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.coerce.number().int().min(1).max(65535).optional()),
    SMTP_TLS: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.enum(['none', 'starttls', 'tls']).optional()),
    SMTP_USER: optionalString,
    SMTP_PASSWORD: optionalString,
    SMTP_FROM: optionalString,
    NOTIFICATIONS_POLL_MS: intInRange(2000, 50, 600_000),
    NOTIFICATIONS_MAX_ATTEMPTS: intInRange(6, 1, 50),
    LIBRARY_WATCH_INTERVAL_SECONDS: intInRange(300, 1, 86_400),
    LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']).default('info'),
    LOG_DIR: optionalString,
  })
  .strip();

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
  serviceCheckIntervalSeconds: number;
  serviceDegradedMs: number;
  overseerrSyncIntervalSeconds: number;
  rateLimitApiPerMinute: number;
  rateLimitAuthPerMinute: number;
  rateLimitMediaRequestsPerHour: number;
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
    serviceCheckIntervalSeconds: raw.SERVICE_CHECK_INTERVAL_SECONDS,
    serviceDegradedMs: raw.SERVICE_DEGRADED_MS,
    overseerrSyncIntervalSeconds: raw.OVERSEERR_SYNC_INTERVAL_SECONDS,
    rateLimitApiPerMinute: raw.RATE_LIMIT_API_PER_MINUTE,
    rateLimitAuthPerMinute: raw.RATE_LIMIT_AUTH_PER_MINUTE,
    rateLimitMediaRequestsPerHour: raw.RATE_LIMIT_MEDIA_REQUESTS_PER_HOUR,
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
