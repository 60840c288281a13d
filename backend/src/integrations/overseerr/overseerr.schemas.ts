import { z } from 'zod';

/**
 * The parts of Overseerr's (and Seerr's / Jellyseerr's) answers MediaNest reads
 * (docs/UPSTREAMS.md C). Objects are loose: the upstream adds fields between
 * versions and forks, and only what is listed here is relied upon.
 */

/** MediaRequestStatus; COMPLETED (5) exists only in Jellyseerr/Seerr, which also set it when the media is deleted. */
export const RequestStatusCode = { PENDING: 1, APPROVED: 2, DECLINED: 3, FAILED: 4, COMPLETED: 5 } as const;
/** MediaStatus; BLOCKLISTED (6, Jellyseerr: BLACKLISTED) and DELETED (7) exist only in Jellyseerr/Seerr. */
export const MediaStatusCode = { UNKNOWN: 1, PENDING: 2, PROCESSING: 3, PARTIALLY_AVAILABLE: 4, AVAILABLE: 5, BLOCKLISTED: 6, DELETED: 7 } as const;

const nullableString = z.string().nullish().transform((v) => v ?? null);

/** Availability of one season of a show (a season without a row is UNKNOWN). */
export const mediaSeasonSchema = z.looseObject({
  seasonNumber: z.number().int(),
  status: z.number().int(),
  status4k: z.number().int().optional(),
});

export const mediaInfoSchema = z.looseObject({
  id: z.number().int().optional(),
  tmdbId: z.number().int().nullish(),
  mediaType: z.string().optional(),
  status: z.number().int(),
  status4k: z.number().int().optional(),
  /** Per-season availability; absent in some list answers (Seerr), empty until the show is found in Plex. */
  seasons: z.array(mediaSeasonSchema).optional(),
});
export type OverseerrMediaInfo = z.infer<typeof mediaInfoSchema>;

export const overseerrRequestSchema = z.looseObject({
  id: z.number().int(),
  status: z.number().int(),
  type: z.string().optional(),
  is4k: z.boolean().optional(),
  media: mediaInfoSchema.nullish(),
  /** The seasons a TV request asked for. */
  seasons: z.array(z.looseObject({ seasonNumber: z.number().int() })).optional(),
  requestedBy: z.looseObject({ id: z.number().int() }).nullish(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type OverseerrRequest = z.infer<typeof overseerrRequestSchema>;

/** A search result of any kind; people are told apart by mediaType and left out by the caller. */
export const searchResultSchema = z.looseObject({
  id: z.number().int(),
  mediaType: z.string(),
  title: z.string().optional(),
  name: z.string().optional(),
  releaseDate: z.string().optional(),
  firstAirDate: z.string().optional(),
  posterPath: nullableString,
  overview: nullableString,
  mediaInfo: mediaInfoSchema.optional(),
});
export type OverseerrSearchResult = z.infer<typeof searchResultSchema>;

export const searchResponseSchema = z.looseObject({
  page: z.number().int(),
  totalPages: z.number().int(),
  results: z.array(searchResultSchema),
});

/** Movie and TV details share what MediaNest needs; mediaInfo carries the title's requests. */
export const detailsSchema = z.looseObject({
  id: z.number().int(),
  title: z.string().optional(),
  name: z.string().optional(),
  releaseDate: z.string().optional(),
  firstAirDate: z.string().optional(),
  posterPath: nullableString,
  /** TV only: TMDB's seasons, including season 0 (specials) when TMDB has one. */
  seasons: z.array(z.looseObject({ seasonNumber: z.number().int() })).optional(),
  mediaInfo: mediaInfoSchema.extend({ requests: z.array(overseerrRequestSchema).optional() }).optional(),
});
export type OverseerrDetails = z.infer<typeof detailsSchema>;

export const userSchema = z.looseObject({
  id: z.number().int(),
  email: z.string().nullish(),
  plexId: z.number().int().nullish(),
});
export type OverseerrUser = z.infer<typeof userSchema>;

export const userListSchema = z.looseObject({
  pageInfo: z.looseObject({ pages: z.number(), results: z.number() }),
  results: z.array(userSchema),
});

export const statusSchema = z.looseObject({ version: z.string() });

/** Overseerr's error body: `{message, errors?}` (or `{status, error}` from the API-key check). */
export const errorBodySchema = z.looseObject({ message: z.string().optional(), error: z.string().optional() });

export interface CreateRequestBody {
  mediaType: 'movie' | 'tv';
  mediaId: number;
  seasons?: number[] | 'all';
  is4k: boolean;
}

/** The discover lists MediaNest shows (UPSTREAMS G1: `/discover/...`). */
export const DISCOVER_LISTS = ['trending', 'movies', 'tv', 'movies/upcoming', 'tv/upcoming'] as const;
export type DiscoverList = (typeof DISCOVER_LISTS)[number];


/** Lists carry mediaInfo with `seasons` in Overseerr, without in Seerr (UPSTREAMS G1). */
export const discoverResponseSchema = z.looseObject({
  page: z.number().int(),
  totalPages: z.number().int(),
  results: z.array(searchResultSchema.extend({ backdropPath: nullableString })),
});

const seasonRequestSchema = z.looseObject({ seasonNumber: z.number().int(), status: z.number().int().optional() });
const detailRequestSchema = overseerrRequestSchema.extend({ seasons: z.array(seasonRequestSchema).optional() });

const titleMediaInfoSchema = mediaInfoSchema.extend({
  requests: z.array(detailRequestSchema).optional(),
  seasons: z.array(mediaSeasonSchema).optional(),
  ratingKey: nullableString,
  /** Overseerr's "Play on Plex" link; Seerr calls it mediaUrl (UPSTREAMS G4). */
  plexUrl: z.string().optional(),
  mediaUrl: z.string().optional(),
});

/** MovieDetails / TvDetails (UPSTREAMS G2, G3): what the title page shows. */
export const titleDetailsSchema = z.looseObject({
  id: z.number().int(),
  title: z.string().optional(),
  name: z.string().optional(),
  releaseDate: z.string().nullish(),
  firstAirDate: z.string().nullish(),
  overview: nullableString,
  posterPath: nullableString,
  backdropPath: nullableString,
  genres: z.array(z.looseObject({ name: z.string() })).optional(),
  runtime: z.number().nullish(),
  episodeRunTime: z.array(z.number()).optional(),
  voteAverage: z.number().nullish(),
  credits: z.looseObject({
    cast: z.array(z.looseObject({ name: z.string(), character: z.string().nullish(), profilePath: nullableString, order: z.number().optional() })).optional(),
  }).optional(),
  relatedVideos: z.array(z.looseObject({ url: z.string().optional(), type: z.string().optional(), site: z.string().optional() })).optional(),
  seasons: z.array(z.looseObject({ seasonNumber: z.number().int(), name: z.string().nullish(), episodeCount: z.number().int().nullish(), airDate: z.string().nullish() })).optional(),
  mediaInfo: titleMediaInfoSchema.optional(),
});
export type OverseerrTitleDetails = z.infer<typeof titleDetailsSchema>;

/** `GET /user/{id}/quota` (UPSTREAMS G6): `remaining` is absent without a limit. */
const quotaPartSchema = z.looseObject({ days: z.number().nullish(), limit: z.number(), used: z.number(), remaining: z.number().optional(), restricted: z.boolean() });
export const quotaSchema = z.looseObject({ movie: quotaPartSchema, tv: quotaPartSchema });
