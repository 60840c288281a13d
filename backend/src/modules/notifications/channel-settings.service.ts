import type { z } from 'zod';
import { NotFoundError, ValidationError } from '../../common/errors';
import type { Config } from '../../config/env';
import type { ChannelFanOut } from './fan-out.service';
import type { NotifyAdminSettingsService } from './admin-settings.service';
import type { channelSettingsBody, subscriptionBody } from './notifications.schemas';
import type { NotificationPreferences, Targets } from './preferences.service';
import type { PushSubscriptionRepository } from './push-subscription.repository';

const DISCORD_HOSTS = new Set(['discord.com', 'discordapp.com', 'ptb.discord.com', 'canary.discord.com']);

export interface ChannelSettingsDeps {
  prefs: NotificationPreferences;
  push: PushSubscriptionRepository;
  adminSettings: NotifyAdminSettingsService;
  fanOut: ChannelFanOut;
  users: { findEmail(userId: string): Promise<string | undefined> };
  /** In production only real Discord webhooks and https push endpoints are accepted (tests use local ones). */
  config: Pick<Config, 'isProduction'>;
  clock: () => number;
}

/** A person's own notification channels: which channel per kind, their targets, their browsers' push subscriptions. */
export class ChannelSettingsService {
  constructor(private readonly d: ChannelSettingsDeps) {}

  /** The settings as the owner sees them: targets' secrets masked. */
  async view(userId: string) {
    const [s, email, admin, subscriptions] = await Promise.all([this.d.prefs.get(userId), this.d.users.findEmail(userId), this.d.adminSettings.get(), this.d.push.count(userId)]);
    return {
      preferences: s.preferences,
      targets: maskTargets(s.targets),
      digestOptOut: s.digestOptOut,
      email: { available: Boolean(email && admin.smtp.host && admin.smtp.from) },
      push: { subscriptions },
    };
  }

  async update(userId: string, change: z.infer<typeof channelSettingsBody>) {
    const discord = change.targets?.discord;
    if (discord && this.d.config.isProduction && !isDiscordWebhook(discord.webhookUrl)) {
      throw new ValidationError('The request body is not valid.', [{ path: 'targets.discord.webhookUrl', message: 'must be a Discord webhook URL (https://discord.com/api/webhooks/...)', in: 'body' }]);
    }
    await this.d.prefs.update(userId, change);
    return this.view(userId);
  }

  async subscribe(userId: string, subscription: z.infer<typeof subscriptionBody>, userAgent: string | undefined): Promise<string> {
    // Browsers' push services are always https; plain http is only for local test endpoints.
    if (this.d.config.isProduction && !subscription.endpoint.startsWith('https://')) {
      throw new ValidationError('The request body is not valid.', [{ path: 'endpoint', message: 'must be an https URL', in: 'body' }]);
    }
    return this.d.push.subscribe(userId, subscription.endpoint, subscription.keys, userAgent);
  }

  async unsubscribe(userId: string, id: string): Promise<void> {
    if (!(await this.d.push.unsubscribe(userId, id))) throw new NotFoundError('No such push subscription.');
  }

  /** A test message on every channel the person chose for announcements; how many deliveries were queued. */
  sendTest(userId: string): Promise<number> {
    return this.d.fanOut.fanOut(userId, 'announcement', `test:${this.d.clock()}:${userId}`, {
      kind: 'announcement',
      type: 'test',
      title: 'Test notification',
      message: 'If you can read this, this channel works.',
      link: '/notifications/settings',
    });
  }
}

function isDiscordWebhook(url: string): boolean {
  const parsed = new URL(url);
  return DISCORD_HOSTS.has(parsed.hostname) && parsed.pathname.startsWith('/api/webhooks/');
}

function maskTargets(t: Targets) {
  return {
    discord: t.discord ? { webhookUrl: t.discord.webhookUrl.replace(/\/[^/]+$/, '/••••') } : null,
    ntfy: t.ntfy ? { url: t.ntfy.url, topic: t.ntfy.topic, hasToken: Boolean(t.ntfy.token) } : null,
    gotify: t.gotify ? { url: t.gotify.url, hasToken: true } : null,
  };
}
