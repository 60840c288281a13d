import type { MediaRequest, User } from '@prisma/client';
import type { AuditService } from '../audit/audit.service';
import type { CounterStore } from '../../cache/counter-store';
import { ConflictError, ForbiddenError, NotFoundError, RateLimitedError, ValidationError } from '../../http/errors';
import { type List, type PageQuery, skipTake, toList } from '../../http/pagination';
import type { Logger } from '../../logging/logger';
import { OverseerrHttpError, type OverseerrClient, OverseerrUnreachableError } from '../../integrations/overseerr/overseerr.client';
import type { OverseerrUserDirectory } from '../../integrations/overseerr/overseerr-users';
import { type OverseerrDetails, type OverseerrSearchResult, MediaStatusCode, RequestStatusCode } from '../../integrations/overseerr/overseerr.schemas';
import type { MediaRepository } from './media.repository';
import {
  type MediaRequestResponse,
  type MediaRequestWithHistoryResponse,
  toMediaRequestResponse,
  toMediaRequestWithHistory,
  yearOf,
} from './media.presenter';
import type { CreateRequestInput, SearchResult } from './media.schemas';
import { mapOverseerrStatus } from './request-status';

const HOUR_MS = 3_600_000;
// Overseerr acts as user 1 (its owner) when a call names no X-API-User.
const API_KEY_USER = 1;

export interface MediaServiceDeps {
  repository: MediaRepository;
  overseerr: OverseerrClient;
  overseerrUsers: OverseerrUserDirectory;
  counters: CounterStore;
  requestsPerHour: number;
  logger: Logger;
  clock: () => number;
  /** Records who requested what (the audit log reads "alice requested The Matrix"). */
  audit?: Pick<AuditService, 'record'>;
  /** Turns results into cards with the user's request and library state (Discover's cards). */
  cards: (user: Viewer, results: OverseerrSearchResult[]) => Promise<SearchResult[]>;
}

type Viewer = Pick<User, 'id' | 'role'>;
type MediaType = 'movie' | 'tv';
interface Linked {
  overseerrRequestId: number;
  status: MediaRequest['status'];
}

/** Media search and requests, backed by Overseerr; the local rows keep each request's status and history. */
export class MediaService {
  constructor(private readonly deps: MediaServiceDeps) {}

  async search(user: Viewer, query: string, page: number): Promise<{ results: SearchResult[]; page: number; totalPages: number }> {
    const answer = await this.deps.overseerr.search(query, page);
    return { results: await this.deps.cards(user, answer.results), page: answer.page, totalPages: answer.totalPages };
  }

  /**
   * Forwards a request to Overseerr as the matching Overseerr user (their
   * permissions, quotas and auto-approval apply), then stores it. Nothing is
   * stored unless Overseerr has the request, so a failure leaves no half-made row.
   */
  async create(user: User, input: CreateRequestInput): Promise<MediaRequestResponse> {
    const { repository, counters, clock } = this.deps;
    const seasons = input.mediaType === 'tv' ? (input.seasons ?? 'all') : null;
    if (await repository.findBlocking(user.id, input.tmdbId, input.mediaType, undefined, seasons)) throw duplicate();
    const rateKey = `media-requests:${user.id}`;
    const used = await counters.get(rateKey);
    if (used && used.count >= this.deps.requestsPerHour) {
      throw new RateLimitedError((used.resetAt - clock()) / 1000, `You can make ${this.deps.requestsPerHour} requests per hour; try again later.`);
    }

    const details = await this.details(input.mediaType, input.tmdbId);
    if (details.mediaInfo?.status === MediaStatusCode.AVAILABLE) throw new ConflictError('This title is already available.', 'DUPLICATE_REQUEST');
    const asUser = await this.deps.overseerrUsers.find(user);
    const linked = await this.submit(input, seasons, asUser);

    const row = await repository.createUnlessDuplicate(
      {
        userId: user.id,
        tmdbId: input.tmdbId,
        mediaType: input.mediaType,
        title: details.title ?? details.name ?? `TMDB ${input.tmdbId}`,
        year: yearOf(input.mediaType === 'movie' ? details.releaseDate : details.firstAirDate),
        posterPath: details.posterPath,
        status: linked.status,
        seasons,
        overseerrRequestId: linked.overseerrRequestId,
      },
      new Date(clock()),
    );
    if (row === 'duplicate') throw duplicate();
    await counters.increment(rateKey, HOUR_MS);
    await this.deps.audit?.record({
      actorId: user.id,
      action: 'media.requested',
      targetType: 'media_request',
      targetId: row.id,
      details: { title: row.title, mediaType: row.mediaType, seasons: seasons ?? undefined },
    });
    this.deps.logger.info('media request created', { requestId: row.id, userId: user.id, overseerrRequestId: row.overseerrRequestId, status: row.status });
    return toMediaRequestResponse(row);
  }

  async list(user: Viewer, query: PageQuery & { status?: MediaRequest['status']; scope: 'own' | 'all' }): Promise<List<MediaRequestResponse>> {
    if (query.scope === 'all' && user.role !== 'admin') throw new ForbiddenError('Only admins can list everyone\u2019s requests.');
    const { rows, total } = await this.deps.repository.list({
      userId: query.scope === 'all' ? undefined : user.id,
      status: query.status,
      ...skipTake(query),
    });
    return toList(rows.map(toMediaRequestResponse), total, query);
  }

  async get(user: Viewer, id: string): Promise<MediaRequestWithHistoryResponse> {
    return toMediaRequestWithHistory(visible(user, await this.deps.repository.findWithHistory(id)));
  }

  /**
   * Cancels a pending request, in Overseerr too. A request linked to someone
   * else's Overseerr request (or shared with another local request) is only
   * unlinked: cancelling yours must not cancel theirs.
   */
  async cancel(user: Viewer, id: string): Promise<void> {
    const { repository, overseerr } = this.deps;
    const row = visible(user, await repository.findWithOwner(id));
    if (row.status !== 'pending') throw notPending();
    if (row.overseerrRequestId !== null) {
      const sharers = (await repository.findByOverseerrId(row.overseerrRequestId)).filter((r) => r.id !== row.id);
      const ownerInOverseerr = (await this.deps.overseerrUsers.find(row.user)) ?? API_KEY_USER;
      if (sharers.length === 0 && (await this.overseerrRequester(row.overseerrRequestId)) === ownerInOverseerr) {
        await overseerr.deleteRequest(row.overseerrRequestId);
      }
    }
    if (!(await repository.deleteIfPending(row.id))) throw notPending();
    this.deps.logger.info('media request cancelled', { requestId: row.id, by: user.id });
  }

  /** Who made an Overseerr request; undefined when Overseerr no longer has it. */
  private async overseerrRequester(overseerrRequestId: number): Promise<number | undefined> {
    try {
      return (await this.deps.overseerr.getRequest(overseerrRequestId)).requestedBy?.id;
    } catch (err) {
      if (err instanceof OverseerrHttpError && err.upstreamStatus === 404) return undefined;
      throw err;
    }
  }

  /** Title details; Overseerr answers an unknown TMDB id with 500 "Unable to retrieve movie." (UPSTREAMS C7). */
  private async details(mediaType: MediaType, tmdbId: number): Promise<OverseerrDetails> {
    try {
      return await this.deps.overseerr.details(mediaType, tmdbId);
    } catch (err) {
      if (err instanceof OverseerrHttpError && /^Unable to retrieve (movie|series)\.?$/.test(err.upstreamMessage)) {
        throw new NotFoundError(`There is no ${mediaType === 'movie' ? 'movie' : 'series'} with TMDB id ${tmdbId}.`);
      }
      throw err;
    }
  }

  /** Creates the Overseerr request, or finds the existing one this request should be linked to. */
  private async submit(input: CreateRequestInput, seasons: number[] | 'all' | null, asUser: number | undefined): Promise<Linked> {
    const body = { mediaType: input.mediaType, mediaId: input.tmdbId, is4k: false, ...(seasons !== null ? { seasons } : {}) };
    try {
      const result = await this.deps.overseerr.createRequest(body, asUser);
      if (result.request) return { overseerrRequestId: result.request.id, status: mapOverseerrStatus(result.request.status, result.request.media?.status) };
      // 202 "No seasons available to request": everything asked for is already requested by someone.
      const existing = await this.findExisting(input);
      if (existing) return existing;
      throw new ConflictError('Every season you asked for is already requested or available.', 'DUPLICATE_REQUEST');
    } catch (err) {
      if (err instanceof OverseerrHttpError && !err.authFailure) {
        if (err.upstreamStatus === 409) {
          // Someone else already requested it: share their request.
          const existing = await this.findExisting(input);
          if (existing) return existing;
          throw new ConflictError('Overseerr already has a request for this title.', 'DUPLICATE_REQUEST');
        }
        if (err.upstreamStatus === 403 && /quota/i.test(err.upstreamMessage)) {
          throw new ForbiddenError(`Your Overseerr request quota is used up: ${err.upstreamMessage}`, 'QUOTA_EXCEEDED');
        }
        if (err.upstreamStatus === 403) throw new ForbiddenError(`Overseerr does not allow this request: ${err.upstreamMessage}`);
        if (err.upstreamStatus === 400) throw new ValidationError(`Overseerr refused the request: ${err.upstreamMessage}`);
      }
      if (err instanceof OverseerrUnreachableError && err.maybeDelivered) {
        // The request may have been created and only the reply lost: link it if it is there.
        const existing = await this.findExisting(input, asUser ?? API_KEY_USER).catch(() => undefined);
        if (existing) return existing;
      }
      throw err;
    }
  }

  /**
   * The live (not declined) Overseerr request for this title, newest first,
   * optionally only one made by a given Overseerr user. Read from the title's
   * details, whose mediaInfo lists the title's requests: exact, and no paging.
   */
  private async findExisting(input: CreateRequestInput, requestedBy?: number): Promise<Linked | undefined> {
    const details = await this.details(input.mediaType, input.tmdbId);
    const candidates = (details.mediaInfo?.requests ?? [])
      .filter((r) => !r.is4k && r.status !== RequestStatusCode.DECLINED)
      .filter((r) => requestedBy === undefined || r.requestedBy?.id === requestedBy)
      .sort((a, b) => b.id - a.id);
    const found = candidates[0];
    if (!found) return undefined;
    return { overseerrRequestId: found.id, status: mapOverseerrStatus(found.status, details.mediaInfo?.status) };
  }
}

/** Someone else's request is a 404 (admins see every request). */
function visible<T extends MediaRequest>(user: Viewer, row: T | null): T {
  if (!row || (row.userId !== user.id && user.role !== 'admin')) throw new NotFoundError('No such request.');
  return row;
}

function duplicate(): ConflictError {
  return new ConflictError('You already requested this title, or it is already available.', 'DUPLICATE_REQUEST');
}

function notPending(): ConflictError {
  return new ConflictError('Only a pending request can be cancelled.', 'NOT_PENDING');
}
