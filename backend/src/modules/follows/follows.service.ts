import type { Logger } from '../../logging/logger';
import { posterUrl } from '../media/media.presenter';
import type { NotificationService } from '../notifications/notification.service';
import { type FollowListItem, type FollowResponse, type FollowedTitleState, toFollowResponse } from './follows.presenter';
import type { FollowsRepository, TitleType } from './follows.repository';

export interface FollowsServiceDeps {
  repo: FollowsRepository;
  notifications: NotificationService;
  logger: Logger;
  clock: () => number;
}

export interface TitleEvent {
  tmdbId: number;
  mediaType: TitleType;
  title?: string;
  /** Web-app path to the title (a library item) when known. */
  link?: string;
}

/**
 * Users following titles, and telling them: once when a followed title
 * becomes available (whoever reports it first: the Overseerr webhook, the
 * reconciliation poll or the Plex library), and about new episodes.
 */
export class FollowsService {
  constructor(private readonly d: FollowsServiceDeps) {}

  async follow(userId: string, tmdbId: number, mediaType: TitleType, title: string | undefined): Promise<{ follow: FollowResponse; created: boolean }> {
    const existing = await this.d.repo.find(userId, tmdbId, mediaType);
    if (existing) {
      const row = title && !existing.title ? await this.d.repo.setTitle(existing.id, title) : existing;
      return { follow: toFollowResponse(row), created: false };
    }
    const row = await this.d.repo.create(userId, tmdbId, mediaType, title ?? null, new Date(this.d.clock()));
    return { follow: toFollowResponse(row), created: true };
  }

  /** False when the user did not follow the title. */
  async unfollow(userId: string, tmdbId: number, mediaType: TitleType): Promise<boolean> {
    return this.d.repo.remove(userId, tmdbId, mediaType);
  }

  async get(userId: string, tmdbId: number, mediaType: TitleType): Promise<FollowResponse | undefined> {
    const row = await this.d.repo.find(userId, tmdbId, mediaType);
    return row ? toFollowResponse(row) : undefined;
  }

  async list(userId: string, skip: number, take: number): Promise<{ items: FollowListItem[]; total: number }> {
    const { rows, total } = await this.d.repo.list(userId, skip, take);
    if (rows.length === 0) return { items: [], total };
    // One query for the page: the requests of these titles, newest first (poster and state come from them).
    const requests = await this.d.repo.requestsForTitles(rows);
    const items = rows.map((f): FollowListItem => {
      const ofTitle = requests.filter((r) => r.tmdbId === f.tmdbId && r.mediaType === f.mediaType);
      const own = ofTitle.find((r) => r.userId === userId);
      // Someone else's declined, failed or removed request says nothing about the title for you.
      const others = ofTitle.find((r) => r.userId !== userId && !['declined', 'failed', 'deleted'].includes(r.status));
      const state: FollowedTitleState = f.availableNotifiedAt || ofTitle.some((r) => r.status === 'available') ? 'available' : (own ?? others)?.status ?? 'not_requested';
      return { ...toFollowResponse(f), posterUrl: posterUrl(ofTitle.find((r) => r.posterPath)?.posterPath), state };
    });
    return { items, total };
  }

  /**
   * The title is available: every follower not yet told is told once. The
   * claim is one UPDATE ... RETURNING, so two reports of the same event (a
   * webhook and a poll, or two instances) cannot both notify a follower.
   * Followers whose own request for it just became available already got that
   * request's notification, so they are not told twice.
   */
  async titleAvailable(event: TitleEvent): Promise<string[]> {
    const claimed = await this.d.repo.claimAvailable(event.tmdbId, event.mediaType, new Date(this.d.clock()));
    if (claimed.length === 0) return [];
    const owners = await this.d.repo.withAvailableRequest(event.tmdbId, event.mediaType, claimed.map((c) => c.user_id));
    const told: string[] = [];
    for (const f of claimed) {
      if (owners.has(f.user_id)) continue;
      const title = event.title ?? f.title ?? `TMDB ${event.tmdbId}`;
      await this.d.notifications.notify(f.user_id, {
        type: 'follow.available',
        kind: 'followed',
        title: `${title} is available`,
        message: `${title}, which you follow, is now available to watch.`,
        data: { tmdbId: event.tmdbId, mediaType: event.mediaType },
        link: event.link ?? `/discover?q=${encodeURIComponent(title)}`,
        key: `follow-available:${event.mediaType}:${event.tmdbId}`,
      });
      told.push(f.user_id);
    }
    this.d.logger.info('followed title available', { tmdbId: event.tmdbId, mediaType: event.mediaType, told: told.length });
    return told;
  }

  /** One notification per follower for a batch of new episodes of a followed show. */
  async newEpisodes(event: TitleEvent & { count: number; batchKey: string; except?: string[] }): Promise<number> {
    const followers = await this.d.repo.showFollowers(event.tmdbId, event.except ?? []);
    for (const f of followers) {
      const title = event.title ?? f.title ?? `TMDB ${event.tmdbId}`;
      const what = event.count === 1 ? '1 new episode' : `${event.count} new episodes`;
      await this.d.notifications.notify(f.userId, {
        type: 'episodes.new',
        kind: 'episodes',
        title: `${what} of ${title}`,
        message: `${what} of ${title} ${event.count === 1 ? 'is' : 'are'} now in the library.`,
        data: { tmdbId: event.tmdbId, mediaType: 'tv', count: event.count },
        link: event.link,
        key: `episodes:${event.batchKey}`,
      });
    }
    return followers.length;
  }
}
