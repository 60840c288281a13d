import type { PlexMedia } from '../plex/plex.mapping';
import type { Logger } from '../../logging/logger';
import type { NotifyAdminSettingsService } from '../notifications/admin-settings.service';
import type { NotificationService } from '../notifications/notification.service';
import type { SettingsRepository } from '../settings/settings.repository';
import type { FollowsRepository } from './follows.repository';

const WEEK_MS = 7 * 86_400_000;

export interface Digest {
  since: string;
  until: string;
  added: Array<{ title: string; type: string; link: string }>;
  available: Array<{ title: string; link: string }>;
  following: Array<{ title: string; mediaType: 'movie' | 'tv'; tmdbId: number; status: string }>;
}

export interface DigestDeps {
  repo: FollowsRepository;
  /** The `settings` table, where the day's "sent" marker makes one instance the sender. */
  settingRows: SettingsRepository;
  admin: NotifyAdminSettingsService;
  notifications: NotificationService;
  logger: Logger;
  clock: () => number;
  /**
   * The newest items of the libraries shared with this user (their Plex share applied). Without
   * it the digest lists nothing from the library rather than everything on the server.
   */
  recentlyAddedFor?: (userId: string) => Promise<PlexMedia[]>;
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The weekly digest: what was added to the library in the last 7 days, the
 * user's requests that became available, and where the titles they follow
 * stand. Shown in the app (`GET /api/v1/digest`) and sent once a week, on the
 * day an admin picked, to everyone who did not opt out (kind `digest`).
 */
export class DigestService {
  constructor(private readonly d: DigestDeps) {}

  async build(userId: string): Promise<Digest> {
    const until = this.d.clock();
    const since = until - WEEK_MS;
    const [added, requests, follows] = await Promise.all([
      this.recentlyAdded(userId, since),
      this.d.repo.availableSince(userId, new Date(since)),
      this.d.repo.pending(userId),
    ]);
    const open = await this.d.repo.requestStatuses(follows);
    return {
      since: new Date(since).toISOString(),
      until: new Date(until).toISOString(),
      added,
      available: requests.map((r) => ({ title: r.title, link: `/requests/${r.id}` })),
      following: follows
        .map((f) => ({
          title: f.title ?? `TMDB ${f.tmdbId}`,
          mediaType: f.mediaType,
          tmdbId: f.tmdbId,
          status: open.find((r) => r.tmdbId === f.tmdbId && r.mediaType === f.mediaType)?.status ?? 'not requested',
        }))
        // Still to come only: a title already available is news of the past.
        .filter((f) => f.status !== 'available'),
    };
  }

  /** Sends this week's digest when it is the admin's day and it was not sent yet (any instance). */
  async runIfDue(): Promise<number | undefined> {
    const { digest, serverName } = await this.d.admin.get();
    const now = new Date(this.d.clock());
    if (!digest.enabled || now.getUTCDay() !== digest.day) return undefined;
    const key = `notify.digest.sent.${now.toISOString().slice(0, 10)}`;
    // The unique key makes one instance the sender of this day's digest.
    if (!(await this.d.settingRows.insertOnce(key, now.toISOString()))) return undefined;
    const users = await this.d.repo.digestRecipients();
    let sent = 0;
    for (const userId of users) {
      const dg = await this.build(userId);
      if (dg.added.length + dg.available.length + dg.following.length === 0) continue;
      const { text, html } = render(dg, serverName);
      await this.d.notifications.notify(userId, {
        type: 'digest.weekly',
        kind: 'digest',
        title: `Your week on ${serverName}`,
        message: `${dg.added.length} added to the library, ${dg.available.length} of your requests available, ${dg.following.length} followed titles on the way.`,
        link: '/digest',
        key: key.replace('notify.', ''),
        email: { text, html },
      });
      sent += 1;
    }
    this.d.logger.info('weekly digest sent', { users: sent });
    return sent;
  }

  private async recentlyAdded(userId: string, since: number): Promise<Digest['added']> {
    if (!this.d.recentlyAddedFor) return [];
    try {
      const items = await this.d.recentlyAddedFor(userId);
      return items
        .filter((i) => (i.addedAt ?? 0) * 1000 >= since && ['movie', 'show', 'season'].includes(i.type))
        .slice(0, 30)
        .map((i) => ({ title: i.title, type: i.type, link: `/item/${i.type === 'season' ? i.topId : i.id}` }));
    } catch (err) {
      // The digest still has the user's own news without the library part.
      this.d.logger.warn('digest: plex unavailable', { reason: (err as Error).message });
      return [];
    }
  }
}

export function render(dg: Digest, serverName: string): { text: string; html: string } {
  const section = (title: string, lines: string[]) => (lines.length ? `${title}\n${lines.map((l) => `- ${l}`).join('\n')}\n\n` : '');
  const text =
    `Your week on ${serverName}\n\n` +
    section('New in the library', dg.added.map((a) => a.title)) +
    section('Your requests now available', dg.available.map((a) => a.title)) +
    section('Titles you follow', dg.following.map((f) => `${f.title} (${f.status.replace(/_/g, ' ')})`));
  const list = (title: string, items: string[]) => (items.length ? `<h2 style="font-size:16px">${esc(title)}</h2><ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : '');
  const html =
    `<h1 style="font-size:20px">Your week on ${esc(serverName)}</h1>` +
    list('New in the library', dg.added.map((a) => esc(a.title))) +
    list('Your requests now available', dg.available.map((a) => esc(a.title))) +
    list('Titles you follow', dg.following.map((f) => `${esc(f.title)} <small>(${esc(f.status.replace(/_/g, ' '))})</small>`));
  return { text, html };
}
