import { Redis } from 'ioredis';
import { CachedLoader, invalidatingStore } from './cache/cached';
import { MemoryCacheStore, RedisCacheStore, type CacheStore } from './cache/cache-store';
import { MemoryCounterStore, RedisCounterStore, SyncedCounterStore, type CounterStore } from './cache/counter-store';
import type { Config } from './config/env';
import type { Database } from './db/database';
import { SessionVerifier } from './http/authenticate';
import { cachedSessionLookup, sqlSessionLookup } from './http/session-lookup';
import { InvalidationBus } from './cache/invalidation-bus';
import { ApiRegistry } from './http/endpoint';
import { Metrics } from './common/metrics';
import type { Logger } from './logging/logger';
import { AuditRepository } from './modules/audit/audit.repository';
import { AuditService } from './modules/audit/audit.service';
import { createAccounts, createPlexAccess, type Accounts } from './modules/auth/accounts';
import { UserRepository } from './modules/auth/user.repository';
import { createFollowsModule, type FollowsModule } from './modules/follows/follows.module';
import { HealthService } from './modules/health/health.service';
import { createInvitesModule, type InvitesModule } from './modules/invites/invites.module';
import { createMediaModule, type MediaModule } from './modules/media/media.module';
import type { NotificationService } from './modules/notifications/notification.service';
import { createNotificationsModule, type NotificationsModule } from './modules/notifications/notifications.module';
import { createServicesModule, type ServicesModule } from './modules/services/services.module';
import { ImageSigner } from './modules/plex/image-signing';
import { PlexService } from './modules/plex/plex.service';
import { SettingsRepository } from './modules/settings/settings.repository';
import { SettingsService } from './modules/settings/settings.service';
import { Realtime } from './realtime/realtime';
import { Encryptor } from './security/encryption';
import { TokenSigner } from './security/tokens';
import { LocalJobLock, RedisJobLock, type JobLock } from './jobs/job-lock';
import { PlexTvSharesClient } from './integrations/plextv/plextv-shares.client';
import { AccessRecheckJob } from './modules/shares/access-recheck.job';
import { ShareRepository } from './modules/shares/share.repository';
import { ShareService } from './modules/shares/share.service';

/** Invalidation topic: a user or session changed. */
const AUTH_TOPIC = 'auth';

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
  /** Check every answer against its route's declared schema (the test suite turns it on). */
  validateResponses?: boolean;
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
  /** The API-wide limiter's counters: counted in process, shared through Redis every 100 ms. */
  apiCounters: CounterStore;
  /** Tells every instance's in-process caches to drop what changed (Redis pub/sub). */
  bus: InvalidationBus;
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
  /** What each Plex user may see (their share, read from plex.tv) and the periodic access re-check. */
  shares: ShareService;
  accessRecheck: AccessRecheckJob;
  health: HealthService;
  /** Service status dashboard: checks (a job), uptime, history; feeds health. */
  services: ServicesModule;
  /** Media requests through Overseerr: service, Overseerr client, webhook receiver, reconciliation. */
  media: MediaModule;
  /** Channel preferences, the delivery queue (email, push, Discord, ntfy, Gotify), announcements. */
  notify: NotificationsModule;
  /** Follows, "title available" and new-episode notifications (library watch), the weekly digest. */
  follows: FollowsModule;
  /** Invitations, members' Plex access over time, importing Plex friends. */
  invites: InvitesModule;
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
  const bus = new InvalidationBus(redis, prefix);
  const cache: CacheStore = invalidatingStore(redis ? new RedisCacheStore(redis, `${prefix}cache:`) : new MemoryCacheStore(), bus);
  const counters: CounterStore = redis ? new RedisCounterStore(redis, { prefix: `${prefix}rl:`, clock }) : new MemoryCounterStore({ clock });
  const apiCounters: CounterStore = redis ? new SyncedCounterStore(redis, counters, { prefix: `${prefix}rl:`, clock }) : counters;
  const encryptor = new Encryptor(config.encryptionKey, config.encryptionKeyPrevious);
  const signer = new TokenSigner(config.jwtSecret, { clock });
  // The session check of every request, from memory until a user or session changes on any instance.
  // While Redis is away other instances cannot reach this one with invalidations: no in-process copies then.
  const busConnected = () => bus.connected();
  const sessionLookup = cachedSessionLookup(sqlSessionLookup(db.sql), { clock, usable: busConnected });
  bus.on(AUTH_TOPIC, () => sessionLookup.invalidate());
  db.onIdentityWrite?.(() => bus.publish(AUTH_TOPIC));
  const sessions = new SessionVerifier(sessionLookup, signer, { clock });
  const realtime = new Realtime({
    sessions,
    logger,
    metrics,
    redis,
    redisChannelPrefix: `${prefix}io`,
    corsOrigins: config.corsOrigins,
    maxConnectionsPerUser: config.socketMaxConnectionsPerUser,
  });
  // Every object is built once, after everything it needs, and never completed afterwards.
  const users = new UserRepository(db.prisma);
  const settingRows = new SettingsRepository(db.prisma);
  const notify = createNotificationsModule({
    prisma: db.prisma, sql: db.sql, config, encryptor, logger, realtime, users, settingRows, metrics, clock,
  });
  const { notifications } = notify;
  const settings = new SettingsService({
    repo: settingRows,
    config,
    encryptor,
    logger,
    clock,
    onUndecryptable: (key) =>
      notifications.notifyAdmins({
        type: 'settings.secret_unreadable',
        title: 'A stored secret can no longer be read',
        message: `The setting ${key} was encrypted with a different ENCRYPTION_KEY and is treated as unset; enter it again in Settings.`,
        data: { setting: key },
      }),
  });
  // Hot cache keys (library pages) are also held in process for a few seconds, dropped on every instance by invalidate().
  const cached = new CachedLoader(cache, metrics.cache, { clock, memoryMs: 5_000, bus, memoryUsable: busConnected });
  const audit = new AuditService(new AuditRepository(db.prisma), logger);
  const jobLock: JobLock = redis ? new RedisJobLock(redis, `${prefix}lock:`) : new LocalJobLock({ clock });
  // The Plex pieces of sign-in come first: the share service needs them, and sign-in needs it.
  const access = createPlexAccess({ config, logger, prisma: db.prisma, users, cache, signer, realtime, audit, metrics, clock, version: VERSION });
  const plexClientId = () => access.clientId.get();
  const shares = new ShareService({
    repo: new ShareRepository(db.prisma),
    client: new PlexTvSharesClient({ baseUrl: config.plexTvUrl, version: VERSION, metrics, clientId: plexClientId }),
    plexTv: access.plexTv,
    identity: access.plexIdentity,
    settings,
    sessions: access.sessions,
    users,
    realtime,
    audit,
    notifications,
    logger,
    clock,
  });
  const accounts = createAccounts({
    access, config, logger, cached, counters, encryptor, settings, audit, realtime, clock,
    recordShare: (user, ownsServer) => shares.recordSignIn(user, ownsServer),
  });
  const accessRecheck = new AccessRecheckJob({ shares, intervalSeconds: config.plexAccessRecheckSeconds, lock: jobLock, logger, clock });
  const services = createServicesModule({ prisma: db.prisma, config, settings, realtime, notifications, metrics, logger, jobLock, clock });
  const health = new HealthService({ db, redis, version: VERSION, upstreams: services.health, clock });
  const plex = new PlexService({
    settings,
    cached,
    metrics,
    logger,
    images: new ImageSigner(config.jwtSecret, { clock }),
    clientId: plexClientId,
    identity: access.plexIdentity,
    clock,
  });
  const follows = createFollowsModule({
    prisma: db.prisma, sql: db.sql, config, settings, settingRows, adminSettings: notify.adminSettings, notifications, metrics, logger, jobLock, clock, plexClientId,
    recentlyAddedFor: async (userId) => {
      const user = await users.findById(userId);
      if (!user) throw new Error('no such user');
      return plex.recentlyAdded(await shares.viewFor(user), 100);
    },
  });
  const media = createMediaModule({
    prisma: db.prisma, sql: db.sql, config, settings, metrics, logger, cache, counters, realtime, notifications, jobLock, clock, plex, audit, views: shares,
    onTitleAvailable: (event) => follows.follows.titleAvailable(event),
  });
  const invites = createInvitesModule({
    prisma: db.prisma, config, accounts, plex, settings, encryptor, audit, notifications, realtime, metrics, logger, jobLock, clock, version: VERSION,
    recordShare: (user) => shares.recordSignIn(user, false),
  });

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
    apiCounters,
    bus,
    encryptor,
    signer,
    sessions,
    api: new ApiRegistry(sessions, { validateResponses: infra.validateResponses }),
    realtime,
    settings,
    audit,
    notifications,
    accounts,
    plex,
    shares,
    accessRecheck,
    health,
    services,
    media,
    notify,
    follows,
    invites,
    jobLock,
    jobs: [services.job, media.reconcileJob, accessRecheck, notify.worker, follows.libraryWatchJob, follows.digestJob, invites.job],
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
