import type { Follow, PrismaClient, RequestStatus } from '@prisma/client';
import type { SqlExecutor } from '../../db/migrate';
import type { Logger } from '../../logging/logger';
import { posterUrl } from '../media/media.presenter';
import type { NotificationService } from '../notifications/notification.service';

export type TitleType = 'movie' | 'tv';

export interface FollowResponse {
  tmdbId: number;
  mediaType: TitleType;
  title: string | null;
  source: string;
  createdAt: string;
  availableNotifiedAt: string | null;
}

/** What MediaNest knows about a followed title: a request status, or `not_requested`. */
export type FollowedTitleState = RequestStatus | 'not_requested';

/** A followed title in the list, with what a dashboard shows of it. */
export interface FollowListItem extends FollowResponse {
  posterUrl: string | null;
  state: FollowedTitleState;
}

export function toFollowResponse(f: Follow): FollowResponse {
  return {
    tmdbId: f.tmdbId,
    mediaType: f.mediaType,
    title: f.title,
    source: f.source,
    createdAt: f.createdAt.toISOString(),
    availableNotifiedAt: f.availableNotifiedAt?.toISOString() ?? null,
  };
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
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: SqlExecutor,
    private readonly notifications: NotificationService,
    private readonly logger: Logger,
    private readonly clock: () => number,
  ) {}

  async follow(userId: string, tmdbId: number, mediaType: TitleType, title: string | undefined): Promise<{ follow: FollowResponse; created: boolean }> {
    const existing = await this.prisma.follow.findUnique({ where: { userId_tmdbId_mediaType: { userId, tmdbId, mediaType } } });
    if (existing) {
      const row = title && !existing.title ? await this.prisma.follow.update({ where: { id: existing.id }, data: { title } }) : existing;
      return { follow: toFollowResponse(row), created: false };
    }
    const row = await this.prisma.follow.upsert({
      where: { userId_tmdbId_mediaType: { userId, tmdbId, mediaType } },
      create: { userId, tmdbId, mediaType, title: title ?? null, source: 'manual', createdAt: new Date(this.clock()) },
      update: {},
    });
    return { follow: toFollowResponse(row), created: true };
  }

  /** False when the user did not follow the title. */
  async unfollow(userId: string, tmdbId: number, mediaType: TitleType): Promise<boolean> {
    return (await this.prisma.follow.deleteMany({ where: { userId, tmdbId, mediaType } })).count > 0;
  }

  async get(userId: string, tmdbId: number, mediaType: TitleType): Promise<FollowResponse | undefined> {
    const row = await this.prisma.follow.findUnique({ where: { userId_tmdbId_mediaType: { userId, tmdbId, mediaType } } });
    return row ? toFollowResponse(row) : undefined;
  }

  async list(userId: string, skip: number, take: number): Promise<{ items: FollowListItem[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.prisma.follow.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip, take }),
      this.prisma.follow.count({ where: { userId } }),
    ]);
    if (rows.length === 0) return { items: [], total };
    // One query for the page: the requests of these titles, newest first (poster and state come from them).
    const requests = await this.prisma.mediaRequest.findMany({
      where: { OR: rows.map((f) => ({ tmdbId: f.tmdbId, mediaType: f.mediaType })) },
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      select: { userId: true, tmdbId: true, mediaType: true, posterPath: true, status: true },
    });
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
    const now = new Date(this.clock()).toISOString();
    const claimed = await this.sql.query<{ user_id: string; title: string | null }>(
      `UPDATE "follows" SET "available_notified_at" = ($1::timestamptz AT TIME ZONE 'UTC')
       WHERE "tmdb_id" = $2 AND "media_type" = $3::"MediaType" AND "available_notified_at" IS NULL
       RETURNING "user_id", "title"`,
      [now, event.tmdbId, event.mediaType],
    );
    if (claimed.length === 0) return [];
    const owners = new Set(
      (
        await this.prisma.mediaRequest.findMany({
          where: { tmdbId: event.tmdbId, mediaType: event.mediaType, status: 'available', userId: { in: claimed.map((c) => c.user_id) } },
          select: { userId: true },
        })
      ).map((r) => r.userId),
    );
    const told: string[] = [];
    for (const f of claimed) {
      if (owners.has(f.user_id)) continue;
      const title = event.title ?? f.title ?? `TMDB ${event.tmdbId}`;
      await this.notifications.notify(f.user_id, {
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
    this.logger.info('followed title available', { tmdbId: event.tmdbId, mediaType: event.mediaType, told: told.length });
    return told;
  }

  /** One notification per follower for a batch of new episodes of a followed show. */
  async newEpisodes(event: TitleEvent & { count: number; batchKey: string; except?: string[] }): Promise<number> {
    const followers = await this.prisma.follow.findMany({ where: { tmdbId: event.tmdbId, mediaType: 'tv', userId: { notIn: event.except ?? [] } }, select: { userId: true, title: true } });
    for (const f of followers) {
      const title = event.title ?? f.title ?? `TMDB ${event.tmdbId}`;
      const what = event.count === 1 ? '1 new episode' : `${event.count} new episodes`;
      await this.notifications.notify(f.userId, {
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
