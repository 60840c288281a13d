import { z } from 'zod';
import { listSchema, pageQuery } from '../../http/pagination';
import { REQUEST_STATUSES } from './request-status';

export const mediaTypeSchema = z.enum(['movie', 'tv']);

export const searchQuery = z.object({
  q: z.string().trim().min(1).max(100),
  // TMDB serves at most 500 pages.
  page: z.coerce.number().int().min(1).max(500).default(1),
});

export const searchResultSchema = z.object({
  tmdbId: z.number().int(),
  mediaType: mediaTypeSchema,
  title: z.string(),
  year: z.number().int().nullable(),
  posterUrl: z.string().nullable(),
  overview: z.string().nullable(),
  status: z.enum(['available', 'partially_available', 'processing', 'requested', 'not_requested']),
  requestId: z.string().optional(),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

const seasonsSchema = z.union([
  z.literal('all'),
  z
    .array(z.number().int().min(1).max(1000))
    .min(1)
    .max(100)
    .refine((list) => new Set(list).size === list.length, 'seasons must not repeat'),
]);

export const createRequestBody = z
  .object({
    tmdbId: z.number().int().positive().max(2_147_483_647),
    mediaType: mediaTypeSchema,
    /** TV only: season numbers or "all" (the default for TV); a movie takes none. */
    seasons: seasonsSchema.optional(),
  })
  .refine((b) => b.mediaType === 'tv' || b.seasons === undefined, { message: 'a movie has no seasons', path: ['seasons'] });
export type CreateRequestInput = z.infer<typeof createRequestBody>;

export const listRequestsQuery = pageQuery.extend({
  status: z.enum(REQUEST_STATUSES).optional(),
  /** `all`: every user's requests (admins only; anyone else gets 403). */
  scope: z.enum(['own', 'all']).default('own'),
});

export const requestIdParams = z.object({ id: z.string().min(1).max(64) });

export const mediaRequestSchema = z.object({
  id: z.string(),
  userId: z.string(),
  tmdbId: z.number().int(),
  mediaType: mediaTypeSchema,
  title: z.string(),
  year: z.number().int().nullable(),
  posterUrl: z.string().nullable(),
  status: z.enum(REQUEST_STATUSES),
  seasons: z.union([z.array(z.number().int()), z.literal('all')]).nullable(),
  overseerrRequestId: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
});

export const mediaRequestWithHistorySchema = mediaRequestSchema.extend({
  history: z.array(z.object({ status: z.enum(REQUEST_STATUSES), at: z.string() })),
});

export const mediaRequestListSchema = listSchema(mediaRequestSchema);
