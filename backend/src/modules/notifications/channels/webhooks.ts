import type { ClaimedJob } from '../delivery-queue.repository';
import type { NotifyAdminSettingsService } from '../admin-settings.service';
import type { NotificationPreferences } from '../preferences.service';
import { absoluteLink, type ChannelHttp, type DeliveryChannel, postTo } from './channel';

// Discord limits: embed title 256, description 4096 characters.
const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Discord's execute-webhook body: one embed linking to the page. */
export function discordBody(job: ClaimedJob, appUrl: string, serverName: string): string {
  return JSON.stringify({
    username: serverName,
    embeds: [{ title: clip(job.payload.title, 256), description: clip(job.payload.message, 4096), url: absoluteLink(appUrl, job.payload.link) }],
    allowed_mentions: { parse: [] },
  });
}

export class DiscordChannel implements DeliveryChannel {
  constructor(
    private readonly prefs: NotificationPreferences,
    private readonly admin: NotifyAdminSettingsService,
    private readonly appUrl: string,
    private readonly http: ChannelHttp,
    /** `discord-admin`: the admin-wide webhook (announcements), else the user's own. */
    private readonly adminWide = false,
  ) {}

  async deliver(job: ClaimedJob): Promise<'sent' | 'dropped'> {
    const settings = await this.admin.get();
    const url = this.adminWide ? settings.discordWebhookUrl : job.userId ? (await this.prefs.get(job.userId)).targets.discord?.webhookUrl : undefined;
    if (!url) return 'dropped';
    await postTo(url, { headers: { 'Content-Type': 'application/json' }, body: discordBody(job, this.appUrl, settings.serverName) }, 'Discord', this.http);
    return 'sent';
  }
}

/** ntfy's JSON publishing: POST to the server root with the topic in the body. */
export class NtfyChannel implements DeliveryChannel {
  constructor(
    private readonly prefs: NotificationPreferences,
    private readonly appUrl: string,
    private readonly http: ChannelHttp,
  ) {}

  async deliver(job: ClaimedJob): Promise<'sent' | 'dropped'> {
    const target = job.userId ? (await this.prefs.get(job.userId)).targets.ntfy : undefined;
    if (!target) return 'dropped';
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (target.token) headers.Authorization = `Bearer ${target.token}`;
    const body = JSON.stringify({ topic: target.topic, title: job.payload.title, message: job.payload.message, click: absoluteLink(this.appUrl, job.payload.link), tags: [job.payload.kind] });
    await postTo(`${target.url.replace(/\/+$/, '')}/`, { headers, body }, 'ntfy', this.http);
    return 'sent';
  }
}

/** Gotify's `POST /message` with an application token; the click URL goes in its client extras. */
export class GotifyChannel implements DeliveryChannel {
  constructor(
    private readonly prefs: NotificationPreferences,
    private readonly appUrl: string,
    private readonly http: ChannelHttp,
  ) {}

  async deliver(job: ClaimedJob): Promise<'sent' | 'dropped'> {
    const target = job.userId ? (await this.prefs.get(job.userId)).targets.gotify : undefined;
    if (!target) return 'dropped';
    const body = JSON.stringify({
      title: job.payload.title,
      message: job.payload.message,
      priority: 5,
      extras: { 'client::notification': { click: { url: absoluteLink(this.appUrl, job.payload.link) } } },
    });
    await postTo(`${target.url.replace(/\/+$/, '')}/message`, { headers: { 'Content-Type': 'application/json', 'X-Gotify-Key': target.token }, body }, 'Gotify', this.http);
    return 'sent';
  }
}
