import type { PrismaClient } from '@prisma/client';
import type { NotifyAdminSettingsStore } from './admin-settings.store';
import type { DeliveryPayload, DeliveryQueue, EnqueueInput } from './delivery-queue';
import type { Kind } from './kinds';
import type { NotificationPreferences } from './preferences';

/**
 * Turns one notification for one user into queued deliveries on the channels
 * the user chose for its kind and has set up. `key` identifies the
 * notification, so fanning the same one out twice queues nothing new.
 */
export class ChannelFanOut {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly prefs: NotificationPreferences,
    private readonly admin: NotifyAdminSettingsStore,
    private readonly queue: DeliveryQueue,
  ) {}

  async fanOut(userId: string, kind: Kind, key: string, payload: DeliveryPayload): Promise<number> {
    const { preferences, targets } = await this.prefs.get(userId);
    const chosen = preferences[kind];
    const jobs: EnqueueInput[] = [];
    const add = (channel: EnqueueInput['channel'], suffix = '', extra: Partial<DeliveryPayload> = {}) =>
      jobs.push({ userId, channel, dedupeKey: `${key}:${channel}${suffix}`, payload: { ...payload, ...extra } });
    if (chosen.includes('email')) {
      const [user, settings] = await Promise.all([this.prisma.user.findUnique({ where: { id: userId }, select: { email: true } }), this.admin.get()]);
      if (user?.email && settings.smtp.host && settings.smtp.from) add('email');
    }
    if (chosen.includes('push')) {
      const subs = await this.prisma.pushSubscription.findMany({ where: { userId }, select: { id: true } });
      for (const s of subs) add('push', `:${s.id}`, { subscriptionId: s.id });
    }
    if (chosen.includes('discord') && targets.discord) add('discord');
    if (chosen.includes('ntfy') && targets.ntfy) add('ntfy');
    if (chosen.includes('gotify') && targets.gotify) add('gotify');
    return this.queue.enqueue(jobs);
  }

  /** The admin-wide Discord channel (announcements). */
  async toAdminDiscord(key: string, payload: DeliveryPayload): Promise<void> {
    if (!(await this.admin.get()).discordWebhookUrl) return;
    await this.queue.enqueue([{ userId: null, channel: 'discord-admin', dedupeKey: `${key}:discord-admin`, payload }]);
  }
}
