import { z } from 'zod';
import { mediaTypeSchema, searchResultSchema } from './media.schemas';
import { REQUEST_STATUSES } from './request-status';

/** Discover rows by name → the Overseerr list behind each (UPSTREAMS G1). */
export const DISCOVER_ROWS = {
  trending: 'trending',
  'popular-movies': 'movies',
  'popular-tv': 'tv',
  'upcoming-movies': 'movies/upcoming',
  'upcoming-tv': 'tv/upcoming',
} as const;
export type DiscoverRow = keyof typeof DISCOVER_ROWS;

export const discoverParams = z.object({ row: z.enum(Object.keys(DISCOVER_ROWS) as [DiscoverRow, ...DiscoverRow[]]) });
// TMDB serves at most 500 pages.
export const discoverQuery = z.object({ page: z.coerce.number().int().min(1).max(500).default(1) });

/**
 * A title as every list shows it (search and Discover): the search result of the contract plus
 * what the card needs to say the exact state: the user's own latest request status (so a
 * declined request reads "Declined", never "Not requested") and the Plex item when the title is
 * already in the library.
 */
export const titleCardSchema = searchResultSchema.extend({
  backdropUrl: z.string().nullable().optional(),
  requestStatus: z.enum(REQUEST_STATUSES).optional(),
  libraryItemId: z.string().optional(),
});
export type TitleCard = z.infer<typeof titleCardSchema>;

export const discoverResponseSchema = z.object({
  results: z.array(titleCardSchema),
  page: z.number().int(),
  totalPages: z.number().int(),
});

export const titleParams = z.object({ tmdbId: z.coerce.number().int().positive().max(2_147_483_647) });

export const SEASON_STATUSES = ['available', 'partially_available', 'processing', 'requested', 'not_requested'] as const;
export type SeasonStatus = (typeof SEASON_STATUSES)[number];

/** What the request button offers, exactly. */
export const REQUEST_ACTIONS = ['request', 'request_more', 'requested', 'available', 'declined'] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

export const titleDetailsSchema = titleCardSchema.extend({
  mediaType: mediaTypeSchema,
  releaseDate: z.string().nullable(),
  genres: z.array(z.string()),
  runtimeMinutes: z.number().int().nullable(),
  rating: z.number().nullable(),
  cast: z.array(z.object({ name: z.string(), character: z.string().nullable(), profileUrl: z.string().nullable() })),
  trailerUrl: z.string().nullable(),
  /** "Watch on Plex" (app.plex.tv), from Overseerr's mediaInfo. */
  plexUrl: z.string().nullable(),
  action: z.enum(REQUEST_ACTIONS),
  /** Regular seasons only (no specials), each with its state; empty for movies. */
  seasons: z.array(
    z.object({
      seasonNumber: z.number().int(),
      name: z.string(),
      episodeCount: z.number().int().nullable(),
      airDate: z.string().nullable(),
      status: z.enum(SEASON_STATUSES),
      requestable: z.boolean(),
    }),
  ),
});
export type TitleDetails = z.infer<typeof titleDetailsSchema>;

const quotaPart = z.object({ limit: z.number().int(), used: z.number().int(), remaining: z.number().int().nullable(), days: z.number().int().nullable(), restricted: z.boolean() });
export const quotaResponseSchema = z.object({
  /** Overseerr's quota of the matching Overseerr user; null when there is none (no match, or not configured). */
  overseerr: z.object({ movie: quotaPart, tv: quotaPart }).nullable(),
  /** MediaNest's own hourly limit (RATE_LIMIT_MEDIA_REQUESTS_PER_HOUR). */
  hourly: z.object({ limit: z.number().int(), used: z.number().int(), remaining: z.number().int(), resetsAt: z.string().nullable() }),
});
export type QuotaResponse = z.infer<typeof quotaResponseSchema>;
