import { Redis } from 'ioredis';
import { CachedLoader } from './cache/cached';
import { MemoryCacheStore, RedisCacheStore, type CacheStore } from './cache/cache-store';
import { MemoryCounterStore, RedisCounterStore, type CounterStore } from './cache/counter-store';
import type { Config } from './config/env';
import type { Database } from './db/database';
import { SessionVerifier } from './http/authenticate';
import { sqlSessionLookup } from './http/session-lookup';
import { ApiRegistry } from './http/endpoint';
import { Metrics } from './http/metrics';
import type { Logger } from './logging/logger';
import { AuditService } from './modules/audit/audit.service';
import { createAccounts, type Accounts } from './modules/auth/accounts';
import { HealthService } from './modules/health/health.service';
import { createMediaModule, type MediaModule } from './modules/media/media.module';
import { NotificationService } from './modules/notifications/notification.service';
import { createServicesModule, type ServicesModule } from './modules/services/services.module';
import { ImageSigner } from './modules/plex/image-signing';
import { PlexService } from './modules/plex/plex.service';
import { SettingsService } from './modules/settings/settings.service';
import { Realtime } from './realtime/realtime';
import { Encryptor } from './security/encryption';
import { TokenSigner } from './security/tokens';
import { LocalJobLock, RedisJobLock, type JobLock } from './jobs/job-lock';

export const VERSION = process.env.npm_package_version ?? '0.1.0';

/** Infrastructure the container is built on; main.ts opens it, tests pass their own. */
export interface Infrastructure {
  config: Config;
  logger: Logger;
  db: Database;
  /** Absent when REDIS_URL is unset: in-process stores are used. */
  redis?: Redis;
  /** Prefix for every Redis key and channel (tests isolate runs with it). */
  redisPrefix?: string;
  metrics?: Metrics;
  clock?: () => number;
}

/**
 * The composition root's object graph: every service built once, from
 * explicit dependencies (no module-level singletons).
 */
export interface Container extends Required<Pick<Infrastructure, 'config' | 'logger' | 'db' | 'metrics' | 'clock'>> {
  redis?: Redis;
  cache: CacheStore;
  cached: CachedLoader;
  counters: CounterStore;
  encryptor: Encryptor;
  signer: TokenSigner;
  sessions: SessionVerifier;
  api: ApiRegistry;
  realtime: Realtime;
  settings: SettingsService;
  audit: AuditService;
  notifications: NotificationService;
  /** Sign-in (password, Plex PIN), sessions, and admin management of users and settings. */
  accounts: Accounts;
  /** The configured Plex Media Server's library (cached) and signed image URLs. */
  plex: PlexService;
  health: HealthService;
  /** Service status dashboard: checks (a job), uptime, history; feeds health. */
  services: ServicesModule;
  /** Media requests through Overseerr: service, Overseerr client, webhook receiver, reconciliation. */
  media: MediaModule;
  /** Decides which instance runs each round of a scheduled job. */
  jobLock: JobLock;
  /** Background jobs (monitors, reconciliation) started by main.ts and stopped on shutdown. */
  jobs: Array<{ start(): void; stop(): Promise<void> | void }>;
}

export function createContainer(infra: Infrastructure): Container {
  const { config, logger, db, redis } = infra;
  const prefix = infra.redisPrefix ?? 'mn:';
  const clock = infra.clock ?? Date.now;
  const metrics = infra.metrics ?? new Metrics();
  const cache: CacheStore = redis ? new RedisCacheStore(redis, `${prefix}cache:`) : new MemoryCacheStore();
  const counters: CounterStore = redis ? new RedisCounterStore(redis, `${prefix}rl:`, clock) : new MemoryCounterStore(clock);
  const encryptor = new Encryptor(config.encryptionKey, config.encryptionKeyPrevious);
  const signer = new TokenSigner(config.jwtSecret, clock);
  const sessions = new SessionVerifier(sqlSessionLookup(db.sql), signer, clock);
  const realtime = new Realtime({ sessions, logger, metrics, redis, redisChannelPrefix: `${prefix}io`, corsOrigins: config.corsOrigins });
  const settings = new SettingsService(db.prisma, config, encryptor, logger, 5000, clock);
  const notifications = new NotificationService(db.prisma, realtime);
  const cached = new CachedLoader(cache, metrics.cache, clock);
  const audit = new AuditService(db.prisma, logger);
  const accounts = createAccounts({
    config, logger, prisma: db.prisma, cache, cached, counters, encryptor, signer, settings, audit, realtime, notifications, metrics, clock, version: VERSION,
  });
  const jobLock: JobLock = redis ? new RedisJobLock(redis, `${prefix}lock:`) : new LocalJobLock(clock);
  const health = new HealthService(db, redis, VERSION, clock(), 1000, clock);
  const services = createServicesModule({ prisma: db.prisma, config, settings, realtime, notifications, metrics, logger, jobLock, clock });
  health.upstreams = services.health;
  const plex = new PlexService({
    settings,
    cached,
    metrics,
    logger,
    images: new ImageSigner(config.jwtSecret, clock),
    configuredClientId: config.plexClientId,
    readClientId: () => accounts.clientId.get(),
    clock,
  });
  const media = createMediaModule({ prisma: db.prisma, config, settings, metrics, logger, cache, counters, realtime, notifications, jobLock, clock, plex, audit });

  return {
    config,
    logger,
    db,
    redis,
    metrics,
    clock,
    cache,
    cached,
    counters,
    encryptor,
    signer,
    sessions,
    api: new ApiRegistry(sessions),
    realtime,
    settings,
    audit,
    notifications,
    accounts,
    plex,
    health,
    services,
    media,
    jobLock,
    jobs: [services.job, media.reconcileJob],
  };
}

/** Opens Redis with settings that fail fast while it is away and reconnect by themselves. */
export function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let down = false;
  redis.on('error', (err) => {
    if (!down) logger.warn('redis unavailable; using in-process fallbacks until it returns', { reason: err.message });
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info('redis connection restored');
    down = false;
  });
  return redis;
}
