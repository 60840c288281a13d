import type { MediaRequest, MediaRequestHistory, MediaType, Prisma, PrismaClient, RequestStatus, User } from '@prisma/client';
import { OPEN_STATUSES, SYNCED_STATUSES } from './request-status';
import type { SqlExecutor } from '../../db/migrate';

export interface NewMediaRequest {
  userId: string;
  tmdbId: number;
  mediaType: MediaType;
  title: string;
  year: number | null;
  posterPath: string | null;
  status: RequestStatus;
  seasons: number[] | 'all' | null;
  overseerrRequestId: number | null;
}

export type MediaRequestWithUser = MediaRequest & { user: { id: string; username: string } };

export type QueueSort = 'newest' | 'oldest' | 'updated';
export interface QueueFilter {
  status?: RequestStatus;
  userId?: string;
  mediaType?: MediaType;
  sort: QueueSort;
  skip: number;
  take: number;
}

const QUEUE_ORDER: Record<QueueSort, Prisma.MediaRequestOrderByWithRelationInput[]> = {
  newest: [{ createdAt: 'desc' }, { id: 'desc' }],
  oldest: [{ createdAt: 'asc' }, { id: 'asc' }],
  updated: [{ updatedAt: 'desc' }, { id: 'desc' }],
};
const WITH_USER = { user: { select: { id: true, username: true } } } as const;

export type MediaRequestWithHistory = MediaRequest & { history: MediaRequestHistory[] };

/** The statuses that make a new request for the same title by the same user a duplicate. */
const BLOCKING_STATUSES: RequestStatus[] = [...OPEN_STATUSES, 'available'];

/** Every database access of media requests and their status history. */
/** The user id under which media_request_counts keeps everyone's totals. */
const EVERYONE = '';

// A page and its total in one round trip (the total comes from media_request_counts, kept by a
// trigger); the LEFT JOIN keeps the total's row when the page is past the end. Timestamps are
// stored as UTC `timestamp(3)` and read as epoch milliseconds (cheaper than parsing date text).
// The page's ids are found first ("deferred join"): the offset is walked in the ordering index
// (user_id|status, created_at DESC, id DESC), which holds every column the inner query reads, so
// a deep page (page 500) skips its rows without fetching or converting them; only the page's 20
// rows are then read by primary key.
// Parameters: $1 the user ('' for everyone's total), $2 the status if any; offset and limit are in the text.
/**
 * One round trip for a page and its total. OFFSET and LIMIT are written into the text as numbers
 * (validated integers), so a first page's statement has a plan that does not depend on its
 * parameters; see `pageStatementName`.
 */
function pageQuery(byUser: boolean, byStatus: boolean, skip: number, take: number): string {
  if (!Number.isSafeInteger(skip) || skip < 0 || !Number.isSafeInteger(take) || take < 1) throw new RangeError('invalid page bounds');
  const where = [byUser ? 'k.user_id = $1' : '', byStatus ? `k.status = $2::"RequestStatus"` : ''].filter(Boolean);
  // The page's ids come from an index alone (no heap rows read for the skipped ones); each row is
  // then fetched by its primary key. The LIMIT 1 keeps that a per-id lookup: joined plainly, the
  // planner hashes the whole table when it is small. The nested loop keeps the index order.
  return `
SELECT t.total, p.*
  FROM (SELECT coalesce(sum(c.n), 0)::int AS total FROM media_request_counts c
         WHERE c.user_id = $1::text${byStatus ? ` AND c.status = $2::"RequestStatus"` : ''}) t
  LEFT JOIN LATERAL (
    SELECT r.id, r.user_id, r.tmdb_id, r.media_type::text AS media_type, r.title, r.year, r.poster_path,
           r.status::text AS status, r.seasons, r.overseerr_request_id,
           (extract(epoch FROM r.created_at) * 1000)::float8 AS created_ms,
           (extract(epoch FROM r.updated_at) * 1000)::float8 AS updated_ms,
           (extract(epoch FROM r.completed_at) * 1000)::float8 AS completed_ms
      FROM (SELECT k.id, k.created_at FROM media_requests k
             ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
             ORDER BY k.created_at DESC, k.id DESC OFFSET ${skip} LIMIT ${take}) AS page
      CROSS JOIN LATERAL (SELECT * FROM media_requests x WHERE x.id = page.id LIMIT 1) AS r
     ORDER BY page.created_at DESC, page.id DESC
  ) p ON true`;
}

/**
 * First pages without a status filter (the hot reads: each user's own list, the admin's list of all)
 * run as prepared statements: parsed once per connection and, after PostgreSQL's first five
 * runs, planned once; their parse and plan cost more than the indexed read itself. Their plan
 * cannot depend on the parameter: a user's rows are read through (user_id, created_at, id),
 * everyone's through (created_at, id). A status filter stays planned per call (a rare status is
 * best found through its own index), and so do later pages (one statement per offset would pile up).
 */
function pageStatementName(byUser: boolean, byStatus: boolean, skip: number, take: number): string | undefined {
  if (byStatus || skip !== 0) return undefined;
  return `media-request-page-${byUser ? 'own' : 'all'}-${take}`;
}
const PAGE_QUERIES = new Map<string, string>();

const fromMs = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(Math.round(Number(v))));

export class MediaRepository {
  /** `sql`: the plain pool, for the request list (no per-call query compilation); without it, Prisma. */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql?: SqlExecutor,
  ) {}

  /**
   * The user's request that makes a new one for this title a duplicate. For a show asked for
   * by season numbers only a request sharing a season (or asking for all) blocks, so the
   * remaining seasons can be requested later.
   */
  async findBlocking(
    userId: string,
    tmdbId: number,
    mediaType: MediaType,
    tx: Prisma.TransactionClient = this.prisma,
    seasons: number[] | 'all' | null = null,
  ): Promise<MediaRequest | null> {
    const rows = await tx.mediaRequest.findMany({ where: { userId, tmdbId, mediaType, status: { in: BLOCKING_STATUSES } } });
    if (mediaType !== 'tv' || !Array.isArray(seasons)) return rows[0] ?? null;
    return rows.find((r) => !Array.isArray(r.seasons) || r.seasons.some((n) => typeof n === 'number' && seasons.includes(n))) ?? null;
  }

  /**
   * Stores a request with its first history entry, unless the user meanwhile got
   * a blocking one for the same title (two tabs submitting at once): a per
   * user-and-title advisory lock serialises the check and the insert.
   */
  async createUnlessDuplicate(input: NewMediaRequest, at: Date): Promise<MediaRequest | 'duplicate'> {
    return this.prisma.$transaction(async (tx) => {
      const lockKey = `media-request:${input.userId}:${input.mediaType}:${input.tmdbId}`;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lockKey}))`;
      if (await this.findBlocking(input.userId, input.tmdbId, input.mediaType, tx, input.seasons)) return 'duplicate';
      return tx.mediaRequest.create({
        data: {
          ...input,
          seasons: input.seasons ?? undefined,
          completedAt: input.status === 'available' ? at : null,
          history: { create: { status: input.status, source: 'create', at } },
        },
      });
    });
  }

  /** Everyone's requests for the admins' queue, with who asked. */
  async queue(filter: QueueFilter): Promise<{ rows: MediaRequestWithUser[]; total: number }> {
    const where: Prisma.MediaRequestWhereInput = {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.userId ? { userId: filter.userId } : {}),
      ...(filter.mediaType ? { mediaType: filter.mediaType } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.mediaRequest.findMany({ where, orderBy: QUEUE_ORDER[filter.sort], include: WITH_USER, skip: filter.skip, take: filter.take }),
      this.prisma.mediaRequest.count({ where }),
    ]);
    return { rows, total };
  }

  findWithUser(id: string): Promise<MediaRequestWithUser | null> {
    return this.prisma.mediaRequest.findUnique({ where: { id }, include: WITH_USER });
  }

  async list(filter: { userId?: string; status?: RequestStatus; skip: number; take: number }): Promise<{ rows: MediaRequest[]; total: number }> {
    if (this.sql) return this.listSql(this.sql, filter);
    const where: Prisma.MediaRequestWhereInput = {
      ...(filter.userId ? { userId: filter.userId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    };
    // The total comes from media_request_counts (kept by a trigger): summing at most a handful of
    // rows, where count(*) would read every matching request.
    const [rows, counted] = await Promise.all([
      this.prisma.mediaRequest.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: filter.skip, take: filter.take }),
      this.prisma.mediaRequestCount.aggregate({
        _sum: { n: true },
        where: { userId: filter.userId ?? EVERYONE, ...(filter.status ? { status: filter.status } : {}) },
      }),
    ]);
    return { rows, total: Number(counted._sum.n ?? 0) };
  }

  private async listSql(sql: SqlExecutor, filter: { userId?: string; status?: RequestStatus; skip: number; take: number }): Promise<{ rows: MediaRequest[]; total: number }> {
    const byUser = filter.userId !== undefined && filter.userId !== '';
    const byStatus = filter.status !== undefined;
    const name = pageStatementName(byUser, byStatus, filter.skip, filter.take);
    let text = name ? PAGE_QUERIES.get(name) : undefined;
    if (!text) {
      text = pageQuery(byUser, byStatus, filter.skip, filter.take);
      if (name) PAGE_QUERIES.set(name, text);
    }
    const params: unknown[] = [byUser ? filter.userId : EVERYONE];
    if (byStatus) params.push(filter.status);
    const result = await sql.query<Record<string, unknown>>(text, params, name ? { name } : undefined);
    const total = Number(result[0]?.total ?? 0);
    const rows: MediaRequest[] = [];
    for (const r of result) {
      if (r.id === null || r.id === undefined) continue;
      rows.push({
        id: String(r.id),
        userId: String(r.user_id),
        tmdbId: Number(r.tmdb_id),
        mediaType: r.media_type as MediaRequest['mediaType'],
        title: String(r.title),
        year: r.year === null ? null : Number(r.year),
        posterPath: (r.poster_path as string | null) ?? null,
        status: r.status as RequestStatus,
        seasons: (r.seasons ?? null) as MediaRequest['seasons'],
        overseerrRequestId: r.overseerr_request_id === null ? null : Number(r.overseerr_request_id),
        createdAt: fromMs(r.created_ms)!,
        updatedAt: fromMs(r.updated_ms)!,
        completedAt: fromMs(r.completed_ms),
      });
    }
    return { rows, total };
  }

  findById(id: string): Promise<MediaRequest | null> {
    return this.prisma.mediaRequest.findUnique({ where: { id } });
  }

  findWithOwner(id: string): Promise<(MediaRequest & { user: User }) | null> {
    return this.prisma.mediaRequest.findUnique({ where: { id }, include: { user: true } });
  }

  findWithHistory(id: string): Promise<MediaRequestWithHistory | null> {
    return this.prisma.mediaRequest.findUnique({ where: { id }, include: { history: { orderBy: [{ at: 'asc' }, { id: 'asc' }] } } });
  }

  /** The user's requests for any of these titles, newest first (search results link to them). */
  findUserRequestsForTitles(userId: string, titles: Array<{ tmdbId: number; mediaType: MediaType }>): Promise<MediaRequest[]> {
    if (titles.length === 0) return Promise.resolve([]);
    return this.prisma.mediaRequest.findMany({
      where: { userId, OR: titles.map((t) => ({ tmdbId: t.tmdbId, mediaType: t.mediaType })) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
  }

  /** Deletes the request only while it is still pending; false when it moved on meanwhile. */
  async deleteIfPending(id: string): Promise<boolean> {
    const result = await this.prisma.mediaRequest.deleteMany({ where: { id, status: 'pending' } });
    return result.count > 0;
  }

  findByOverseerrId(overseerrRequestId: number): Promise<MediaRequest[]> {
    return this.prisma.mediaRequest.findMany({ where: { overseerrRequestId } });
  }

  findOpenByTitle(tmdbId: number, mediaType: MediaType): Promise<MediaRequest[]> {
    return this.prisma.mediaRequest.findMany({ where: { tmdbId, mediaType, status: { in: OPEN_STATUSES } } });
  }

  /** Open (and partially available) requests linked to Overseerr, least recently updated first (the reconciliation poll's worklist). */
  findOpenLinked(limit: number): Promise<MediaRequest[]> {
    return this.prisma.mediaRequest.findMany({
      where: { status: { in: SYNCED_STATUSES }, overseerrRequestId: { not: null } },
      orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
      take: limit,
    });
  }

  /**
   * Moves a request from `expected` to `next` and records it in the history, in
   * one transaction. Undefined when the row is gone or no longer at `expected`
   * (a concurrent update won), so each change is applied and recorded once.
   */
  async transition(id: string, expected: RequestStatus, next: RequestStatus, source: string, at: Date): Promise<MediaRequest | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.mediaRequest.updateMany({
        where: { id, status: expected },
        data: { status: next, ...(next === 'available' ? { completedAt: at } : {}) },
      });
      if (count === 0) return undefined;
      await tx.mediaRequestHistory.create({ data: { requestId: id, status: next, source, at } });
      return (await tx.mediaRequest.findUnique({ where: { id } })) ?? undefined;
    });
  }
}
