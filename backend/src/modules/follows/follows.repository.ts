import type { Follow, MediaRequest, PrismaClient, RequestStatus } from '@prisma/client';
import type { SqlExecutor } from '../../db/migrate';

export type TitleType = 'movie' | 'tv';

/** Follows, and what the follows module reads of requests and users (Prisma and raw SQL only here). */
export class FollowsRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: SqlExecutor,
  ) {}

  find(userId: string, tmdbId: number, mediaType: TitleType): Promise<Follow | null> {
    return this.prisma.follow.findUnique({ where: { userId_tmdbId_mediaType: { userId, tmdbId, mediaType } } });
  }

  setTitle(id: string, title: string): Promise<Follow> {
    return this.prisma.follow.update({ where: { id }, data: { title } });
  }

  /** Creates the follow unless it exists (then the existing row is returned unchanged). */
  create(userId: string, tmdbId: number, mediaType: TitleType, title: string | null, at: Date): Promise<Follow> {
    return this.prisma.follow.upsert({
      where: { userId_tmdbId_mediaType: { userId, tmdbId, mediaType } },
      create: { userId, tmdbId, mediaType, title, source: 'manual', createdAt: at },
      update: {},
    });
  }

  /** False when there was no such follow. */
  async remove(userId: string, tmdbId: number, mediaType: TitleType): Promise<boolean> {
    return (await this.prisma.follow.deleteMany({ where: { userId, tmdbId, mediaType } })).count > 0;
  }

  async list(userId: string, skip: number, take: number): Promise<{ rows: Follow[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.prisma.follow.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip, take }),
      this.prisma.follow.count({ where: { userId } }),
    ]);
    return { rows, total };
  }

  /** The requests for these titles, newest first (what the follows list shows of each title). */
  requestsForTitles(titles: Array<{ tmdbId: number; mediaType: TitleType }>): Promise<Array<Pick<MediaRequest, 'userId' | 'tmdbId' | 'mediaType' | 'posterPath' | 'status'>>> {
    return this.prisma.mediaRequest.findMany({
      where: { OR: titles.map((t) => ({ tmdbId: t.tmdbId, mediaType: t.mediaType })) },
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      select: { userId: true, tmdbId: true, mediaType: true, posterPath: true, status: true },
    });
  }

  /**
   * Marks every follower of the title not told yet as told, in one UPDATE ... RETURNING (two
   * reports of the same event cannot both claim a follower); the followers claimed.
   */
  claimAvailable(tmdbId: number, mediaType: TitleType, at: Date): Promise<Array<{ user_id: string; title: string | null }>> {
    return this.sql.query<{ user_id: string; title: string | null }>(
      `UPDATE "follows" SET "available_notified_at" = ($1::timestamptz AT TIME ZONE 'UTC')
       WHERE "tmdb_id" = $2 AND "media_type" = $3::"MediaType" AND "available_notified_at" IS NULL
       RETURNING "user_id", "title"`,
      [at.toISOString(), tmdbId, mediaType],
    );
  }

  /** Which of these users have their own request for the title in `available`. */
  async withAvailableRequest(tmdbId: number, mediaType: TitleType, userIds: string[]): Promise<Set<string>> {
    const rows = await this.prisma.mediaRequest.findMany({ where: { tmdbId, mediaType, status: 'available', userId: { in: userIds } }, select: { userId: true } });
    return new Set(rows.map((r) => r.userId));
  }

  /** The followers of a show, except these users. */
  showFollowers(tmdbId: number, except: string[]): Promise<Array<{ userId: string; title: string | null }>> {
    return this.prisma.follow.findMany({ where: { tmdbId, mediaType: 'tv', userId: { notIn: except } }, select: { userId: true, title: true } });
  }

  /** The user's requests that became available since then, newest first (at most 50). */
  availableSince(userId: string, since: Date): Promise<MediaRequest[]> {
    return this.prisma.mediaRequest.findMany({ where: { userId, status: 'available', updatedAt: { gte: since } }, orderBy: { updatedAt: 'desc' }, take: 50 });
  }

  /** The user's follows not announced as available yet, newest first (at most 50). */
  pending(userId: string): Promise<Follow[]> {
    return this.prisma.follow.findMany({ where: { userId, availableNotifiedAt: null }, orderBy: { createdAt: 'desc' }, take: 50 });
  }

  /** Everyone's requests for these titles (their status). */
  requestStatuses(titles: Array<{ tmdbId: number; mediaType: TitleType }>): Promise<Array<{ tmdbId: number; mediaType: TitleType; status: RequestStatus }>> {
    return this.prisma.mediaRequest.findMany({
      where: { OR: titles.map((f) => ({ tmdbId: f.tmdbId, mediaType: f.mediaType })) },
      select: { tmdbId: true, mediaType: true, status: true },
    });
  }

  /** Active users who did not opt out of the weekly digest. */
  async digestRecipients(): Promise<string[]> {
    const rows = await this.prisma.user.findMany({ where: { status: 'active', OR: [{ notificationSettings: null }, { notificationSettings: { digestOptOut: false } }] }, select: { id: true } });
    return rows.map((r) => r.id);
  }
}
