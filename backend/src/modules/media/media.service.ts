import type { MediaRequest, User } from '@prisma/client';
import { can } from '../../policies/policy';
import type { AuditService } from '../audit/audit.service';
import type { CounterStore } from '../../cache/counter-store';
import { ConflictError, ForbiddenError, NotFoundError, RateLimitedError, ServiceUnavailableError, ValidationError } from '../../common/errors';
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
import { mapOverseerrStatus, requestMediaStatus } from './request-status';
import { upstreamSeasons } from './seasons';

const HOUR_MS = 3_600_000;
// Overseerr acts as user 1 (its owner) when a call names no X-API-User.
const API_KEY_USER = 1;
// A title TMDB has had for decades: when a search finds nothing, its details tell "no match" from "TMDB unreachable".
const TMDB_CANARY = { mediaType: 'movie', tmdbId: 603 } as const;
const NO_OVERSEERR_ACCOUNT =
  'Overseerr has no account for you and MediaNest could not create one, so it cannot make requests for you; ask the admin to give you access in Overseerr.';

/**
 * MediaNest's bootstrap admin: the one account with a password, the admin role
 * and no Plex account. Only it requests as the API key's user (Overseerr's owner).
 */
export function isBootstrapAdmin(user: Pick<User, 'id' | 'plexId' | 'role' | 'passwordHash'>): boolean {
  return user.plexId === null && can(user, 'admin:access') && user.passwordHash !== null;
}

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

type Viewer = Pick<User, 'id' | 'role' | 'plexId' | 'passwordHash'>;
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
    if (answer.results.length === 0) await this.assertTmdbReachable();
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
    // The hourly slot is taken before the work, atomically, and given back if no request is created:
    // concurrent requests can never get past the limit, and refused ones never count.
    const rateKey = `media-requests:${user.id}`;
    const slot = await counters.reserve(rateKey, this.deps.requestsPerHour, HOUR_MS);
    if (!slot.ok) {
      throw new RateLimitedError((slot.resetAt - clock()) / 1000, `You can make ${this.deps.requestsPerHour} requests per hour; try again later.`);
    }
    try {
      return await this.createReserved(user, input, seasons);
    } catch (err) {
      await counters.release(rateKey);
      throw err;
    }
  }

  private async createReserved(user: User, input: CreateRequestInput, seasons: number[] | 'all' | null): Promise<MediaRequestResponse> {
    const { repository, clock } = this.deps;
    const details = await this.details(input.mediaType, input.tmdbId);
    if (details.mediaInfo?.status === MediaStatusCode.AVAILABLE) throw new ConflictError('This title is already available.', 'DUPLICATE_REQUEST');
    const linked = await this.asOverseerrUser(user, (asUser) => this.submit(input, upstreamSeasons(seasons, details), asUser));

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

  /**
   * The Overseerr user a request is made as (X-API-User), so that user's
   * permissions, quota and auto-approval apply. A Plex user Overseerr does not
   * know yet is imported from Plex; when that is impossible the request is
   * refused (403) rather than made as the API key's user, Overseerr's owner.
   * Undefined (the API key's user) only for the bootstrap admin without Plex.
   */
  private async actingUser(user: User): Promise<number | undefined> {
    const directory = this.deps.overseerrUsers;
    const found = await directory.find(user);
    if (found !== undefined) return found;
    if (user.plexId !== null) {
      let imported: number | undefined;
      try {
        imported = await directory.importFromPlex(user);
      } catch (err) {
        // 403: the API key's user may not manage users; anything else (plex.tv down for Overseerr) stays a 503.
        if (!(err instanceof OverseerrHttpError && err.upstreamStatus === 403)) throw err;
        this.deps.logger.warn('overseerr refused to import a plex user', { userId: user.id, upstreamStatus: err.upstreamStatus });
      }
      if (imported !== undefined) {
        this.deps.logger.info('plex user imported into overseerr', { userId: user.id, overseerrUserId: imported });
        return imported;
      }
      throw new ForbiddenError(NO_OVERSEERR_ACCOUNT);
    }
    if (isBootstrapAdmin(user)) return undefined;
    throw new ForbiddenError(NO_OVERSEERR_ACCOUNT);
  }

  /**
   * Runs `call` as the person's Overseerr user. A cached id may name a user
   * removed from Overseerr since, and Overseerr answers an unknown X-API-User
   * exactly like a wrong API key (403); on that answer the user list is read
   * again and the call retried once as whoever the person is now (imported if
   * need be). It never falls back to the API key's user.
   */
  private async asOverseerrUser<T>(user: User, call: (asUser: number | undefined) => Promise<T>): Promise<T> {
    const asUser = await this.actingUser(user);
    try {
      return await call(asUser);
    } catch (err) {
      if (asUser === undefined || !(err instanceof OverseerrHttpError && err.authFailure)) throw err;
      await this.deps.overseerrUsers.invalidate();
      return call(await this.actingUser(user));
    }
  }

  /** The Overseerr user who would have made this person's requests (no import); undefined when none. */
  private async ownOverseerrUser(user: User): Promise<number | undefined> {
    const found = await this.deps.overseerrUsers.find(user);
    if (found !== undefined) return found;
    return isBootstrapAdmin(user) ? API_KEY_USER : undefined;
  }

  async list(user: Viewer, query: PageQuery & { status?: MediaRequest['status']; scope: 'own' | 'all' }): Promise<List<MediaRequestResponse>> {
    if (query.scope === 'all' && !can(user, 'request:list-all')) throw new ForbiddenError('Only admins can list everyone\u2019s requests.');
    const { rows, total } = await this.deps.repository.list({
      userId: query.scope === 'all' ? undefined : user.id,
      status: query.status,
      ...skipTake(query),
    });
    return toList(rows.map(toMediaRequestResponse), total, query);
  }

  async get(user: Viewer, id: string): Promise<MediaRequestWithHistoryResponse> {
    return toMediaRequestWithHistory(visible(user, 'request:read', await this.deps.repository.findWithHistory(id)));
  }

  /**
   * Cancels a pending request, in Overseerr too, but only when the owner's own
   * Overseerr user made the Overseerr request (deleted as that user). A request
   * linked to someone else's Overseerr request, shared with another local
   * request, or whose owner has no Overseerr user is only unlinked: cancelling
   * yours must not cancel theirs.
   */
  async cancel(user: Viewer, id: string): Promise<void> {
    const { repository, overseerr } = this.deps;
    const row = visible(user, 'request:cancel', await repository.findWithOwner(id));
    if (row.status !== 'pending') throw notPending();
    if (row.overseerrRequestId !== null) {
      const sharers = (await repository.findByOverseerrId(row.overseerrRequestId)).filter((r) => r.id !== row.id);
      const ownerInOverseerr = await this.ownOverseerrUser(row.user);
      if (sharers.length === 0 && ownerInOverseerr !== undefined && (await this.overseerrRequester(row.overseerrRequestId)) === ownerInOverseerr) {
        await overseerr.deleteRequest(row.overseerrRequestId, ownerInOverseerr === API_KEY_USER ? undefined : ownerInOverseerr);
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

  /**
   * Title details. Overseerr answers every failure of this call, an unknown id
   * as much as TMDB being down or rate limited, with the same 500 "Unable to
   * retrieve movie." (docs/UPSTREAMS.md C7): a title MediaNest
   * cannot confirm is a 503 saying so, never a "no such title".
   */
  private async details(mediaType: MediaType, tmdbId: number): Promise<OverseerrDetails> {
    try {
      return await this.deps.overseerr.details(mediaType, tmdbId);
    } catch (err) {
      if (err instanceof OverseerrHttpError && err.upstreamStatus >= 500) {
        throw new ServiceUnavailableError('overseerr', `Overseerr could not load this ${mediaType === 'movie' ? 'movie' : 'series'} (TMDB id ${tmdbId}) right now; try again in a moment.`);
      }
      throw err;
    }
  }

  /**
   * Overseerr answers a search with an empty 200 when it cannot reach TMDB
   * (docs/UPSTREAMS.md C2). When a search finds nothing, one details
   * call of a title that certainly exists tells the two apart.
   */
  private async assertTmdbReachable(): Promise<void> {
    try {
      await this.deps.overseerr.details(TMDB_CANARY.mediaType, TMDB_CANARY.tmdbId);
    } catch (err) {
      if (err instanceof OverseerrHttpError && err.upstreamStatus >= 500) {
        throw new ServiceUnavailableError('overseerr', 'Overseerr cannot search right now (it could not reach TMDB); try again in a moment.');
      }
      throw err;
    }
  }

  /** Creates the Overseerr request, or finds the existing one this request should be linked to. */
  private async submit(input: CreateRequestInput, seasons: number[] | 'all' | null, asUser: number | undefined): Promise<Linked> {
    const body = { mediaType: input.mediaType, mediaId: input.tmdbId, is4k: false, ...(seasons !== null ? { seasons } : {}) };
    try {
      const result = await this.deps.overseerr.createRequest(body, asUser);
      if (result.request) return { overseerrRequestId: result.request.id, status: mapOverseerrStatus(result.request.status, requestMediaStatus(result.request)) };
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
    return { overseerrRequestId: found.id, status: mapOverseerrStatus(found.status, requestMediaStatus({ ...found, type: input.mediaType, media: details.mediaInfo })) };
  }
}

/** A request the policy hides from this user is a 404, like one that does not exist. */
function visible<T extends MediaRequest>(user: Viewer, ability: 'request:read' | 'request:cancel', row: T | null): T {
  if (!row || !can(user, ability, row)) throw new NotFoundError('No such request.');
  return row;
}

function duplicate(): ConflictError {
  return new ConflictError('You already requested this title, or it is already available.', 'DUPLICATE_REQUEST');
}

function notPending(): ConflictError {
  return new ConflictError('Only a pending request can be cancelled.', 'NOT_PENDING');
}
