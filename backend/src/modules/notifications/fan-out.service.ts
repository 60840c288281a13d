import type { UserRepository } from '../auth/user.repository';
import type { NotifyAdminSettingsService } from './admin-settings.service';
import type { DeliveryPayload, DeliveryQueue, EnqueueInput } from './delivery-queue.repository';
import type { Kind } from './kinds';
import type { NotificationPreferences } from './preferences.service';
import type { PushSubscriptionRepository } from './push-subscription.repository';

/**
 * Turns one notification for one user into queued deliveries on the channels
 * the user chose for its kind and has set up. `key` identifies the
 * notification, so fanning the same one out twice queues nothing new.
 */
export class ChannelFanOut {
  constructor(
    private readonly users: Pick<UserRepository, 'contact'>,
    private readonly push: Pick<PushSubscriptionRepository, 'idsOf'>,
    private readonly prefs: NotificationPreferences,
    private readonly admin: NotifyAdminSettingsService,
    private readonly queue: DeliveryQueue,
  ) {}

  async fanOut(userId: string, kind: Kind, key: string, payload: DeliveryPayload): Promise<number> {
    const { preferences, targets } = await this.prefs.get(userId);
    const chosen = preferences[kind];
    const jobs: EnqueueInput[] = [];
    const add = (channel: EnqueueInput['channel'], suffix = '', extra: Partial<DeliveryPayload> = {}) =>
      jobs.push({ userId, channel, dedupeKey: `${key}:${channel}${suffix}`, payload: { ...payload, ...extra } });
    if (chosen.includes('email')) {
      const [user, settings] = await Promise.all([this.users.contact(userId), this.admin.get()]);
      if (user?.email && settings.smtp.host && settings.smtp.from) add('email');
    }
    if (chosen.includes('push')) {
      for (const id of await this.push.idsOf(userId)) add('push', `:${id}`, { subscriptionId: id });
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
