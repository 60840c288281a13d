import type { PrismaClient } from '@prisma/client';
import type { Config } from '../../config/env';
import type { SqlExecutor } from '../../db/migrate';
import type { Logger } from '../../logging/logger';
import type { Realtime } from '../../realtime/realtime';
import type { Encryptor } from '../../security/encryption';
import type { Metrics } from '../../common/metrics';
import type { UserRepository } from '../auth/user.repository';
import type { SettingsRepository } from '../settings/settings.repository';
import { NotifyAdminSettingsService } from './admin-settings.service';
import { EmailChannel } from './channels/email';
import { PushChannel } from './channels/push';
import { DiscordChannel, GotifyChannel, NtfyChannel } from './channels/webhooks';
import { DeliveryQueue } from './delivery-queue.repository';
import { DeliveryWorker } from './delivery-worker.job';
import { ChannelFanOut } from './fan-out.service';
import { NotificationRepository } from './notification.repository';
import { NotificationService } from './notification.service';
import { NotificationPreferences } from './preferences.service';
import { PushSubscriptionRepository } from './push-subscription.repository';
import { ChannelSettingsService } from './channel-settings.service';
import { UnsubscribeTokens } from './unsubscribe';

export interface NotificationsModuleDeps {
  prisma: PrismaClient;
  sql: SqlExecutor;
  config: Config;
  encryptor: Encryptor;
  logger: Logger;
  realtime: Realtime;
  users: UserRepository;
  /** The `settings` table, where the `notify.*` admin settings and the VAPID keys live. */
  settingRows: SettingsRepository;
  metrics: Metrics;
  clock: () => number;
}

/** In-app notifications, channel preferences, the delivery queue and its worker, announcements. */
export interface NotificationsModule {
  /** Stores, pushes live and fans out every notification (the other modules' entry point). */
  notifications: NotificationService;
  adminSettings: NotifyAdminSettingsService;
  prefs: NotificationPreferences;
  queue: DeliveryQueue;
  worker: DeliveryWorker;
  fanOut: ChannelFanOut;
  push: PushSubscriptionRepository;
  tokens: UnsubscribeTokens;
  /** A person's own channels, targets and push subscriptions. */
  channels: ChannelSettingsService;
  users: { findEmail(userId: string): Promise<string | undefined> };
  announce(input: { title: string; message: string; link?: string }): Promise<{ id: string; recipients: number }>;
}

export function createNotificationsModule(d: NotificationsModuleDeps): NotificationsModule {
  const adminSettings = new NotifyAdminSettingsService(d.settingRows, d.config, d.encryptor);
  const repo = new NotificationRepository(d.prisma);
  const prefs = new NotificationPreferences(repo, d.encryptor);
  const queue = new DeliveryQueue({ prisma: d.prisma, sql: d.sql, clock: d.clock });
  const push = new PushSubscriptionRepository(d.prisma);
  const fanOut = new ChannelFanOut(d.users, push, prefs, adminSettings, queue);
  const tokens = new UnsubscribeTokens(d.config.jwtSecret);
  const appUrl = d.config.appUrl;
  const http = { metrics: d.metrics };
  const worker = new DeliveryWorker({
    queue,
    logger: d.logger,
    pollMs: d.config.notificationsPollMs,
    maxAttempts: d.config.notificationsMaxAttempts,
    metrics: d.metrics,
    channels: {
      email: new EmailChannel(d.users, adminSettings, tokens, appUrl),
      push: new PushChannel(push, adminSettings, http),
      discord: new DiscordChannel(prefs, adminSettings, appUrl, http),
      'discord-admin': new DiscordChannel(prefs, adminSettings, appUrl, http, true),
      ntfy: new NtfyChannel(prefs, appUrl, http),
      gotify: new GotifyChannel(prefs, appUrl, http),
    },
  });
  const notifications = new NotificationService({ repo, users: d.users, realtime: d.realtime, fanOut, prefs, logger: d.logger });
  const users = {
    async findEmail(userId: string) {
      return (await d.users.contact(userId))?.email ?? undefined;
    },
  };
  return {
    notifications,
    adminSettings,
    prefs,
    queue,
    worker,
    fanOut,
    push,
    tokens,
    channels: new ChannelSettingsService({ prefs, push, adminSettings, fanOut, users, config: d.config, clock: d.clock }),
    users,
    announce: (input) => notifications.announce(input),
  };
}
