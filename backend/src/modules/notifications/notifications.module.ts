import crypto from 'node:crypto';
import type { PlexMedia } from '../plex/plex.mapping';
import type { PrismaClient } from '@prisma/client';
import type { Config } from '../../config/env';
import type { SqlExecutor } from '../../db/migrate';
import type { Logger } from '../../logging/logger';
import type { Encryptor } from '../../security/encryption';
import type { Metrics } from '../../common/metrics';
import type { IntervalJob } from '../../jobs/interval-job';
import type { JobLock } from '../../jobs/job-lock';
import { FollowsService } from '../follows/follows.service';
import { DigestService, createDigestJob } from '../follows/digest';
import { LibraryWatcher, createLibraryWatchJob } from '../follows/library-watch';
import type { SettingsService } from '../settings/settings.service';
import { NotifyAdminSettingsStore } from './admin-settings.store';
import { EmailChannel } from './channels/email';
import { PushChannel } from './channels/push';
import { DiscordChannel, GotifyChannel, NtfyChannel } from './channels/webhooks';
import { DeliveryQueue } from './delivery-queue';
import { DeliveryWorker } from './delivery-worker';
import { ChannelFanOut } from './fan-out';
import type { NotificationService } from './notification.service';
import { NotificationPreferences } from './preferences';
import { PushSubscriptions } from './push-subscriptions';
import { UnsubscribeTokens } from './unsubscribe';

export interface NotificationsModuleDeps {
  prisma: PrismaClient;
  sql: SqlExecutor;
  config: Config;
  encryptor: Encryptor;
  logger: Logger;
  notifications: NotificationService;
  settings: SettingsService;
  metrics: Metrics;
  jobLock: JobLock;
  /** The install's Plex client identifier (for the library watch's Plex calls). */
  plexClientId: () => Promise<string>;
  clock: () => number;
  /** The newest library items this user may see (their Plex share applied), for the weekly digest. */
  recentlyAddedFor?: (userId: string) => Promise<PlexMedia[]>;
}

/** Follows, channel preferences, the delivery queue and its worker, announcements. */
export interface NotificationsModule {
  adminSettings: NotifyAdminSettingsStore;
  prefs: NotificationPreferences;
  queue: DeliveryQueue;
  worker: DeliveryWorker;
  fanOut: ChannelFanOut;
  push: PushSubscriptions;
  tokens: UnsubscribeTokens;
  follows: FollowsService;
  /** Plex's recently added → followed titles available, new episodes (batched). */
  libraryWatcher: LibraryWatcher;
  libraryWatchJob: IntervalJob;
  digest: DigestService;
  digestJob: IntervalJob;
  users: { findEmail(userId: string): Promise<string | undefined> };
  announce(input: { title: string; message: string; link?: string }): Promise<{ id: string; recipients: number }>;
}

export function createNotificationsModule(d: NotificationsModuleDeps): NotificationsModule {
  const adminSettings = new NotifyAdminSettingsStore(d.prisma, d.config, d.encryptor);
  const prefs = new NotificationPreferences(d.prisma, d.encryptor);
  const queue = new DeliveryQueue(d.prisma, d.sql, d.clock);
  const fanOut = new ChannelFanOut(d.prisma, prefs, adminSettings, queue);
  const tokens = new UnsubscribeTokens(d.config.jwtSecret);
  const appUrl = d.config.appUrl;
  const worker = new DeliveryWorker({
    queue,
    logger: d.logger,
    pollMs: d.config.notificationsPollMs,
    maxAttempts: d.config.notificationsMaxAttempts,
    metrics: d.metrics,
    channels: {
      email: new EmailChannel(d.prisma, adminSettings, tokens, appUrl),
      push: new PushChannel(d.prisma, adminSettings),
      discord: new DiscordChannel(prefs, adminSettings, appUrl),
      'discord-admin': new DiscordChannel(prefs, adminSettings, appUrl, true),
      ntfy: new NtfyChannel(prefs, appUrl),
      gotify: new GotifyChannel(prefs, appUrl),
    },
  });
  d.notifications.attachChannels(fanOut, prefs, d.logger);
  const follows = new FollowsService(d.prisma, d.sql, d.notifications, d.logger, d.clock);
  const digest = new DigestService({ prisma: d.prisma, settings: d.settings, admin: adminSettings, notifications: d.notifications, metrics: d.metrics, logger: d.logger, clientId: d.plexClientId, clock: d.clock, recentlyAddedFor: d.recentlyAddedFor });
  const libraryWatcher = new LibraryWatcher({ prisma: d.prisma, settings: d.settings, follows, metrics: d.metrics, logger: d.logger, clientId: d.plexClientId });

  return {
    adminSettings,
    prefs,
    queue,
    worker,
    fanOut,
    push: new PushSubscriptions(d.prisma),
    tokens,
    follows,
    libraryWatcher,
    libraryWatchJob: createLibraryWatchJob(libraryWatcher, { intervalSeconds: d.config.libraryWatchIntervalSeconds, lock: d.jobLock, logger: d.logger, clock: d.clock }),
    digest,
    digestJob: createDigestJob(digest, { lock: d.jobLock, logger: d.logger, clock: d.clock }),
    users: {
      async findEmail(userId) {
        return (await d.prisma.user.findUnique({ where: { id: userId }, select: { email: true } }))?.email ?? undefined;
      },
    },
    async announce(input) {
      const id = crypto.randomUUID();
      const users = await d.prisma.user.findMany({ where: { status: 'active' }, select: { id: true } });
      for (const u of users) {
        await d.notifications.notify(u.id, { type: 'announcement', kind: 'announcement', title: input.title, message: input.message, link: input.link, key: `announcement:${id}` });
      }
      await fanOut.toAdminDiscord(`announcement:${id}`, { kind: 'announcement', type: 'announcement', title: input.title, message: input.message, link: input.link });
      d.logger.info('announcement posted', { id, recipients: users.length });
      return { id, recipients: users.length };
    },
  };
}
