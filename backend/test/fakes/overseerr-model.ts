/**
 * Overseerr/Seerr/Jellyseerr enums, entities and their JSON forms (docs/UPSTREAMS.md C), shared by the
 * fake's routes and its webhook sender.
 */

/** docs/UPSTREAMS.md C "Enums". COMPLETED (5) exists only in Jellyseerr/Seerr. */
export const MediaRequestStatus = { PENDING: 1, APPROVED: 2, DECLINED: 3, FAILED: 4, COMPLETED: 5 } as const;
export type MediaRequestStatus = (typeof MediaRequestStatus)[keyof typeof MediaRequestStatus];

/** docs/UPSTREAMS.md C "Enums". BLACKLISTED (6) and DELETED (7) exist only in Jellyseerr/Seerr. */
export const MediaStatus = { UNKNOWN: 1, PENDING: 2, PROCESSING: 3, PARTIALLY_AVAILABLE: 4, AVAILABLE: 5, BLACKLISTED: 6, DELETED: 7 } as const;
export type MediaStatus = (typeof MediaStatus)[keyof typeof MediaStatus];

export type OverseerrMediaType = 'movie' | 'tv';

/** [OS] server/lib/permissions.ts (bit flags; ADMIN implies all). */
export const Permission = {
  NONE: 0, ADMIN: 2, MANAGE_SETTINGS: 4, MANAGE_USERS: 8, MANAGE_REQUESTS: 16, REQUEST: 32, VOTE: 64,
  AUTO_APPROVE: 128, AUTO_APPROVE_MOVIE: 256, AUTO_APPROVE_TV: 512, REQUEST_4K: 1024, REQUEST_4K_MOVIE: 2048,
  REQUEST_4K_TV: 4096, REQUEST_ADVANCED: 8192, REQUEST_VIEW: 16384, AUTO_APPROVE_4K: 32768,
  AUTO_APPROVE_4K_MOVIE: 65536, AUTO_APPROVE_4K_TV: 131072, REQUEST_MOVIE: 262144, REQUEST_TV: 524288,
} as const;

/** docs/UPSTREAMS.md D: `notification_type` values (the bitmask enum `Notification`). */
export const Notification = {
  MEDIA_PENDING: 2, MEDIA_APPROVED: 4, MEDIA_AVAILABLE: 8, MEDIA_FAILED: 16, TEST_NOTIFICATION: 32,
  MEDIA_DECLINED: 64, MEDIA_AUTO_APPROVED: 128, ISSUE_CREATED: 256, ISSUE_COMMENT: 512, ISSUE_RESOLVED: 1024,
  ISSUE_REOPENED: 2048, MEDIA_AUTO_REQUESTED: 4096,
} as const;

/** [OS] hasPermission: ADMIN passes everything; arrays are 'and' unless 'or' is asked. */
export function hasPermission(value: number, permissions: number | number[], type: 'and' | 'or' = 'and'): boolean {
  if (value & Permission.ADMIN) return true;
  if (!Array.isArray(permissions)) return permissions === 0 || (value & permissions) !== 0;
  return type === 'and' ? permissions.every((p) => (value & p) !== 0) : permissions.some((p) => (value & p) !== 0);
}

export function enumName(enumObject: Record<string, number>, value: number): string {
  return Object.entries(enumObject).find(([, v]) => v === value)?.[0] ?? '';
}

export interface OverseerrUser {
  id: number;
  email: string;
  plexId: number | null;
  plexUsername: string | null;
  username: string | null;
  userType: 1 | 2;
  permissions: number;
  avatar: string;
  movieQuotaLimit: number | null;
  movieQuotaDays: number | null;
  tvQuotaLimit: number | null;
  tvQuotaDays: number | null;
  settings: { discordId?: string; telegramChatId?: string };
  createdAt: string;
  updatedAt: string;
}

export interface CatalogueTitle {
  tmdbId: number;
  mediaType: OverseerrMediaType;
  title: string;
  year: number;
  releaseDate: string;
  posterPath: string | null;
  backdropPath: string | null;
  overview: string;
  imdbId: string | null;
  tvdbId: number | null;
  /** Number of regular seasons (TV); TMDB also lists season 0 "Specials". */
  seasons: number;
  genreIds: number[];
  popularity: number;
  /** Movie runtime in minutes. */
  runtime?: number;
  /** Top billed cast, in billing order. */
  cast?: Array<{ id: number; name: string; character: string; profilePath: string | null }>;
  /** YouTube key of the trailer (relatedVideos). */
  trailerKey?: string;
  /** TMDB episode_count per regular season (default 10). */
  episodeCounts?: number[];
}

export interface CataloguePerson {
  id: number;
  name: string;
  profilePath: string | null;
  knownFor: number[];
}

export interface MediaSeason {
  id: number;
  seasonNumber: number;
  status: MediaStatus;
  status4k: MediaStatus;
  createdAt: string;
  updatedAt: string;
}

export interface MediaRow {
  id: number;
  mediaType: OverseerrMediaType;
  tmdbId: number;
  tvdbId: number | null;
  imdbId: string | null;
  status: MediaStatus;
  status4k: MediaStatus;
  ratingKey: string | null;
  seasons: MediaSeason[];
  createdAt: string;
  updatedAt: string;
}

export interface SeasonRequestRow {
  id: number;
  seasonNumber: number;
  status: MediaRequestStatus;
  createdAt: string;
  updatedAt: string;
}

export interface RequestRow {
  id: number;
  status: MediaRequestStatus;
  mediaId: number;
  requestedById: number;
  modifiedById: number | null;
  type: OverseerrMediaType;
  is4k: boolean;
  seasons: SeasonRequestRow[];
  serverId: number | null;
  profileId: number | null;
  rootFolder: string | null;
  languageProfileId: number | null;
  createdAt: string;
  updatedAt: string;
}

export const IMAGE_BASE = 'https://image.tmdb.org/t/p/w600_and_h900_bestv2';

/** A small TMDB catalogue for the fake: well-known titles tests can rely on. */
export function defaultCatalogue(): { titles: CatalogueTitle[]; people: CataloguePerson[] } {
  const t = (x: Partial<CatalogueTitle> & Pick<CatalogueTitle, 'tmdbId' | 'mediaType' | 'title' | 'year'>): CatalogueTitle => ({
    releaseDate: `${x.year}-01-01`, posterPath: null, backdropPath: null, overview: '', imdbId: null, tvdbId: null,
    seasons: 0, genreIds: [], popularity: 10, ...x,
  });
  return {
    titles: [
      t({ tmdbId: 603, mediaType: 'movie', title: 'The Matrix', year: 1999, releaseDate: '1999-03-31', runtime: 136, trailerKey: 'vKQi3bBA1y8',
        cast: [{ id: 6384, name: 'Keanu Reeves', character: 'Neo', profilePath: '/4D0PpNI0kmP58hgrwGC3wCjxhnm.jpg' }, { id: 2975, name: 'Laurence Fishburne', character: 'Morpheus', profilePath: null }], posterPath: '/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg', backdropPath: '/fNG7i7RqMErkcqhohV2a6cV1Ehy.jpg', imdbId: 'tt0133093', genreIds: [28, 878], popularity: 80.1, overview: 'Set in the 22nd century, The Matrix tells the story of a computer hacker who joins a group of underground insurgents fighting the vast and powerful computers who now rule the earth.' }),
      t({ tmdbId: 604, mediaType: 'movie', title: 'The Matrix Reloaded', year: 2003, releaseDate: '2003-05-15', posterPath: '/9TGHDvWrqKBzwDxDodHYXEmOE6J.jpg', imdbId: 'tt0234215', genreIds: [28, 878], popularity: 40.2, overview: 'Six months after the events depicted in The Matrix, Neo has proved to be a good omen for the free humans.' }),
      t({ tmdbId: 27205, mediaType: 'movie', title: 'Inception', year: 2010, releaseDate: '2010-07-15', posterPath: '/oYuLEt3zVCKq57qu2F8dT7NIa6f.jpg', imdbId: 'tt1375666', genreIds: [28, 878, 12], popularity: 90.5, overview: 'Cobb, a skilled thief who commits corporate espionage by infiltrating the subconscious of his targets is offered a chance to regain his old life.' }),
      t({ tmdbId: 1399, mediaType: 'tv', title: 'Game of Thrones', year: 2011, releaseDate: '2011-04-17', posterPath: '/1XS1oqL89opfnbLl8WnZY1O1uJx.jpg', backdropPath: '/2OMB0ynKlyIenMJWI2Dy9IWT4c.jpg', imdbId: 'tt0944947', tvdbId: 121361, seasons: 8, genreIds: [18, 10765], popularity: 300, overview: 'Seven noble families fight for control of the mythical land of Westeros.' }),
      t({ tmdbId: 1396, mediaType: 'tv', title: 'Breaking Bad', year: 2008, releaseDate: '2008-01-20', posterPath: '/ztkUQFLlC19CCMYHW9o1zWhJRNq.jpg', imdbId: 'tt0903747', tvdbId: 81189, seasons: 5, genreIds: [18, 80], popularity: 250, overview: 'Walter White, a chemistry teacher, turns to manufacturing methamphetamine.' }),
    ],
    people: [{ id: 6384, name: 'Keanu Reeves', profilePath: '/4D0PpNI0kmP58hgrwGC3wCjxhnm.jpg', knownFor: [603, 604] }],
  };
}

/** [OS] entity/User.ts: displayName = username || plexUsername || email. */
export function userJson(u: OverseerrUser, options: { showFiltered: boolean; requestCount?: number }): Record<string, unknown> {
  const out: Record<string, unknown> = {
    permissions: u.permissions, id: u.id, email: u.email, plexUsername: u.plexUsername, username: u.username,
    recoveryLinkExpirationDate: null, userType: u.userType, plexId: u.plexId, avatar: u.avatar,
    movieQuotaLimit: u.movieQuotaLimit, movieQuotaDays: u.movieQuotaDays, tvQuotaLimit: u.tvQuotaLimit, tvQuotaDays: u.tvQuotaDays,
    createdAt: u.createdAt, updatedAt: u.updatedAt, displayName: displayName(u),
  };
  if (options.requestCount !== undefined) out.requestCount = options.requestCount;
  // docs/UPSTREAMS.md C6: email and plexId only for callers with MANAGE_USERS.
  if (!options.showFiltered) {
    delete out.email;
    delete out.plexId;
  }
  return out;
}

export function displayName(u: OverseerrUser): string {
  return u.username || u.plexUsername || u.email;
}

/** The Media entity (docs/UPSTREAMS.md C2 mediaInfo); plexUrl only when a ratingKey is known. */
export function mediaJson(m: MediaRow, machineId: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    downloadStatus: [], downloadStatus4k: [], id: m.id, mediaType: m.mediaType, tmdbId: m.tmdbId, tvdbId: m.tvdbId,
    imdbId: m.imdbId, status: m.status, status4k: m.status4k, createdAt: m.createdAt, updatedAt: m.updatedAt,
    lastSeasonChange: m.updatedAt, mediaAddedAt: m.status === MediaStatus.AVAILABLE ? m.updatedAt : null,
    serviceId: null, serviceId4k: null, externalServiceId: null, externalServiceId4k: null, externalServiceSlug: null,
    externalServiceSlug4k: null, ratingKey: m.ratingKey, ratingKey4k: null,
    seasons: m.seasons.map((s) => ({ ...s })),
  };
  if (m.ratingKey) {
    const key = encodeURIComponent(`/library/metadata/${m.ratingKey}`);
    out.plexUrl = `https://app.plex.tv/desktop#!/server/${machineId}/details?key=${key}`;
    out.iOSPlexUrl = `plex://preplay/?metadataKey=${key}&server=${machineId}`;
  }
  return out;
}

export function searchResultJson(t: CatalogueTitle, mediaInfo: Record<string, unknown> | undefined): Record<string, unknown> {
  const common = { genreIds: t.genreIds, originalLanguage: 'en', overview: t.overview, popularity: t.popularity, voteAverage: 8.2, voteCount: 20000, backdropPath: t.backdropPath, posterPath: t.posterPath };
  const out: Record<string, unknown> = t.mediaType === 'movie'
    ? { id: t.tmdbId, mediaType: 'movie', adult: false, ...common, originalTitle: t.title, releaseDate: t.releaseDate, title: t.title, video: false }
    : { id: t.tmdbId, mediaType: 'tv', firstAirDate: t.releaseDate, name: t.title, originalName: t.title, originCountry: ['US'], ...common };
  // docs/UPSTREAMS.md C2: mediaInfo is omitted (undefined) for titles Overseerr does not track.
  if (mediaInfo) out.mediaInfo = mediaInfo;
  return out;
}

export function movieDetailsJson(t: CatalogueTitle, mediaInfo: Record<string, unknown> | undefined): Record<string, unknown> {
  return {
    id: t.tmdbId, imdbId: t.imdbId, adult: false, backdropPath: t.backdropPath, posterPath: t.posterPath, budget: 0,
    genres: t.genreIds.map((id) => ({ id, name: GENRE_NAMES[id] ?? `Genre ${id}` })), homepage: '', originalLanguage: 'en', originalTitle: t.title,
    overview: t.overview, popularity: t.popularity, relatedVideos: relatedVideosJson(t), releaseDate: t.releaseDate, releases: { results: [] },
    revenue: 0, runtime: t.runtime ?? 120, spokenLanguages: [], status: 'Released', tagline: '', title: t.title, video: false,
    voteAverage: 8.2, voteCount: 20000, credits: { cast: castJson(t), crew: [] }, externalIds: { imdbId: t.imdbId, facebookId: null, instagramId: null, twitterId: null },
    watchProviders: [], keywords: [], ...(mediaInfo ? { mediaInfo } : {}),
  };
}

export function tvDetailsJson(t: CatalogueTitle, mediaInfo: Record<string, unknown> | undefined): Record<string, unknown> {
  const seasons = Array.from({ length: t.seasons + 1 }, (_, n) => ({
    airDate: n === 0 ? null : `${t.year + n - 1}-04-17`, episodeCount: episodeCount(t, n), id: t.tmdbId * 100 + n,
    name: n === 0 ? 'Specials' : `Season ${n}`, overview: '', seasonNumber: n, posterPath: null,
  }));
  return {
    id: t.tmdbId, backdropPath: t.backdropPath, posterPath: t.posterPath, contentRatings: { results: [] }, createdBy: [],
    episodeRunTime: [60], firstAirDate: t.releaseDate, genres: t.genreIds.map((id) => ({ id, name: GENRE_NAMES[id] ?? `Genre ${id}` })), homepage: '',
    inProduction: false, languages: ['en'], lastAirDate: `${t.year + t.seasons - 1}-05-19`, name: t.title, networks: [],
    numberOfEpisodes: t.seasons * 10, numberOfSeasons: t.seasons, originCountry: ['US'], originalLanguage: 'en', originalName: t.title,
    overview: t.overview, popularity: t.popularity, productionCompanies: [], spokenLanguages: [], seasons, status: 'Ended',
    tagline: '', type: 'Scripted', voteAverage: 8.4, voteCount: 20000, credits: { cast: castJson(t), crew: [] }, relatedVideos: relatedVideosJson(t),
    externalIds: { imdbId: t.imdbId, tvdbId: t.tvdbId, facebookId: null, instagramId: null, twitterId: null }, keywords: [],
    watchProviders: [], ...(mediaInfo ? { mediaInfo } : {}),
  };
}

/** TMDB's episode_count of a season (season 0 = specials). */
export function episodeCount(t: CatalogueTitle, seasonNumber: number): number {
  if (seasonNumber === 0) return 3;
  return t.episodeCounts?.[seasonNumber - 1] ?? 10;
}

/** yml Cast: `{id, castId, character, creditId, gender, name, order, profilePath}` (UPSTREAMS G2). */
function castJson(t: CatalogueTitle): Array<Record<string, unknown>> {
  return (t.cast ?? []).map((c, order) => ({ id: c.id, castId: order + 1, character: c.character, creditId: `credit${t.tmdbId}x${c.id}`, gender: 0, name: c.name, order, profilePath: c.profilePath }));
}

/** [OS] models/common.ts: only YouTube videos get a `url` (UPSTREAMS G2). */
function relatedVideosJson(t: CatalogueTitle): Array<Record<string, unknown>> {
  if (!t.trailerKey) return [];
  return [{ url: `https://www.youtube.com/watch?v=${t.trailerKey}`, key: t.trailerKey, name: `${t.title} Official Trailer`, size: 1080, type: 'Trailer', site: 'YouTube' }];
}

/** TMDB genre names of the ids the catalogue uses. */
const GENRE_NAMES: Record<number, string> = { 12: 'Adventure', 18: 'Drama', 28: 'Action', 80: 'Crime', 878: 'Science Fiction', 10765: 'Sci-Fi & Fantasy' };
