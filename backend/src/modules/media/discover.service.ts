import type { MediaRequest, User } from '@prisma/client';
import type { CounterStore } from '../../cache/counter-store';
import { ServiceUnavailableError } from '../../common/errors';
import type { Logger } from '../../logging/logger';
import { OverseerrHttpError, type OverseerrClient } from '../../integrations/overseerr/overseerr.client';
import type { OverseerrUserDirectory } from '../../integrations/overseerr/overseerr-users';
import {
  MediaStatusCode,
  type OverseerrSearchResult,
  type OverseerrTitleDetails,
} from '../../integrations/overseerr/overseerr.schemas';
import { DISCOVER_ROWS, type DiscoverRow, type QuotaResponse, type TitleCard, type TitleDetails } from './discover.schemas';
import { type LibraryMatcher, titleKey } from './library-match';
import type { MediaRepository } from './media.repository';
import { posterUrl, yearOf } from './media.presenter';
import { isOpen } from './request-status';
import { actionOf, seasonStates } from './seasons';

type Viewer = Pick<User, 'id' | 'role' | 'plexId' | 'passwordHash'>;
type MediaType = 'movie' | 'tv';
interface Titled {
  id: number;
  mediaType: MediaType;
  title?: string;
  name?: string;
  releaseDate?: string | null;
  firstAirDate?: string | null;
  posterPath: string | null;
  backdropPath?: string | null;
  overview?: string | null;
  mediaInfo?: { status: number };
}

// TMDB image sizes Overseerr's own pages use (UPSTREAMS G4).
const TMDB = 'https://image.tmdb.org/t/p';
const backdropUrl = (path: string | null | undefined) => (path ? `${TMDB}/w1920_and_h800_multi_faces${path}` : null);
const profileUrl = (path: string | null | undefined) => (path ? `${TMDB}/w300_and_h450_face${path}` : null);
const TOP_CAST = 12;

export interface DiscoverServiceDeps {
  repository: MediaRepository;
  overseerr: OverseerrClient;
  overseerrUsers: OverseerrUserDirectory;
  library: LibraryMatcher;
  counters: CounterStore;
  requestsPerHour: number;
  logger: Logger;
  clock: () => number;
}

/** Discover rows, title pages and quotas: Overseerr's catalogue seen through the user's own requests and the Plex library. */
export class DiscoverService {
  constructor(private readonly deps: DiscoverServiceDeps) {}

  async row(user: Viewer, row: DiscoverRow, page: number): Promise<{ results: TitleCard[]; page: number; totalPages: number }> {
    const answer = await this.deps.overseerr.discover(DISCOVER_ROWS[row], page);
    return { results: await this.cards(user, answer.results), page: answer.page, totalPages: Math.min(answer.totalPages, 500) };
  }

  /** Movies and shows (people and collections left out) as cards with the exact state for this user. */
  async cards(user: Viewer, results: OverseerrSearchResult[]): Promise<TitleCard[]> {
    const titles = results.filter((r): r is OverseerrSearchResult & { mediaType: MediaType } => r.mediaType === 'movie' || r.mediaType === 'tv');
    const refs = titles.map((t) => ({ tmdbId: t.id, mediaType: t.mediaType }));
    const [own, inLibrary] = await Promise.all([this.deps.repository.findUserRequestsForTitles(user.id, refs), this.deps.library.inUserLibraries(user, refs)]);
    return titles.map((t) => {
      const mine = own.find((r) => r.tmdbId === t.id && r.mediaType === t.mediaType);
      return toCard(t, mine, inLibrary.get(titleKey({ tmdbId: t.id, mediaType: t.mediaType }))?.itemId);
    });
  }

  async title(user: Viewer, mediaType: MediaType, tmdbId: number): Promise<TitleDetails> {
    const details = await this.details(mediaType, tmdbId);
    const ref = { tmdbId, mediaType };
    const [own, inLibrary] = await Promise.all([this.deps.repository.findUserRequestsForTitles(user.id, [ref]), this.deps.library.inUserLibraries(user, [ref])]);
    const libraryItemId = inLibrary.get(titleKey(ref))?.itemId;
    const card = toCard({ ...details, mediaType }, own[0], libraryItemId);
    const seasons = mediaType === 'tv' ? seasonStates(details, own) : [];
    const trailer = details.relatedVideos?.find((v) => v.type === 'Trailer' && v.site === 'YouTube' && v.url) ?? details.relatedVideos?.find((v) => v.site === 'YouTube' && v.url);
    const runtime = mediaType === 'movie' ? details.runtime : details.episodeRunTime?.[0];
    return {
      ...card,
      releaseDate: (mediaType === 'movie' ? details.releaseDate : details.firstAirDate) || null,
      genres: (details.genres ?? []).map((g) => g.name),
      runtimeMinutes: runtime ? Math.round(runtime) : null,
      rating: details.voteAverage ? Math.round(details.voteAverage * 10) / 10 : null,
      cast: [...(details.credits?.cast ?? [])]
        .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
        .slice(0, TOP_CAST)
        .map((c) => ({ name: c.name, character: c.character || null, profileUrl: profileUrl(c.profilePath) })),
      trailerUrl: safeUrl(trailer?.url),
      plexUrl: safeUrl(details.mediaInfo?.plexUrl ?? details.mediaInfo?.mediaUrl),
      action: actionOf(card, seasons, own[0]),
      seasons,
    };
  }

  /** The user's Overseerr quota (when they have an Overseerr user) and MediaNest's hourly limit. */
  async quota(user: User): Promise<QuotaResponse> {
    const used = await this.deps.counters.get(`media-requests:${user.id}`);
    const count = used && used.resetAt > this.deps.clock() ? used.count : 0;
    const hourly = {
      limit: this.deps.requestsPerHour,
      used: count,
      remaining: Math.max(0, this.deps.requestsPerHour - count),
      resetsAt: count > 0 && used ? new Date(used.resetAt).toISOString() : null,
    };
    if (!(await this.deps.overseerr.isConfigured())) return { overseerr: null, hourly };
    const overseerrUser = await this.deps.overseerrUsers.find(user);
    if (overseerrUser === undefined) return { overseerr: null, hourly };
    const q = await this.deps.overseerr.quota(overseerrUser);
    const part = (p: typeof q.movie) => ({ limit: p.limit, used: p.used, remaining: p.remaining ?? null, days: p.days ?? null, restricted: p.restricted });
    return { overseerr: { movie: part(q.movie), tv: part(q.tv) }, hourly };
  }

  /**
   * Overseerr answers any failure of its details call (an unknown TMDB id, TMDB down or rate
   * limited) with 500 "Unable to retrieve movie./series." (docs/UPSTREAMS.md C7): MediaNest cannot
   * tell which, so it says Overseerr could not load the title (503), never a false 404.
   */
  private async details(mediaType: MediaType, tmdbId: number): Promise<OverseerrTitleDetails> {
    try {
      return await this.deps.overseerr.titleDetails(mediaType, tmdbId);
    } catch (err) {
      if (err instanceof OverseerrHttpError && /^Unable to retrieve (movie|series)\.?$/.test(err.upstreamMessage)) {
        throw new ServiceUnavailableError('overseerr', `Overseerr could not load this ${mediaType === 'movie' ? 'movie' : 'series'} (TMDB id ${tmdbId}) right now; try again in a moment.`);
      }
      throw err;
    }
  }
}

function toCard(t: Titled, mine: MediaRequest | undefined, libraryItemId: string | undefined): TitleCard {
  let status = cardStatus(t.mediaInfo?.status, mine);
  // In the library: a movie is there; a show is there unless Overseerr knows seasons are missing.
  if (libraryItemId && !(t.mediaType === 'tv' && status === 'partially_available')) status = 'available';
  return {
    tmdbId: t.id,
    mediaType: t.mediaType,
    title: t.title ?? t.name ?? '',
    year: yearOf(t.mediaType === 'movie' ? t.releaseDate : t.firstAirDate),
    posterUrl: posterUrl(t.posterPath),
    backdropUrl: backdropUrl(t.backdropPath),
    overview: t.overview ?? null,
    status,
    ...(mine ? { requestId: mine.id, requestStatus: mine.status } : {}),
    ...(libraryItemId ? { libraryItemId } : {}),
  };
}

/** The contract's search status: media PENDING is `requested`; the user's own open request also counts. */
export function cardStatus(mediaStatus: number | undefined, mine: MediaRequest | undefined): TitleCard['status'] {
  switch (mediaStatus) {
    case MediaStatusCode.AVAILABLE:
      return 'available';
    case MediaStatusCode.PARTIALLY_AVAILABLE:
      return 'partially_available';
    case MediaStatusCode.PROCESSING:
      return 'processing';
    case MediaStatusCode.PENDING:
      return 'requested';
  }
  if (mine && isOpen(mine.status)) return mine.status === 'processing' ? 'processing' : 'requested';
  return 'not_requested';
}

/** Only http(s) links leave the server as hrefs. */
function safeUrl(url: string | undefined): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}
