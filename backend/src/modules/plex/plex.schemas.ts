import { z } from 'zod';
import { listSchema, pageQuery } from '../../http/pagination';

/** Request and response schemas of /api/v1/plex (validation, types and OpenAPI in one place). */

export const libraryIdParams = z.object({ id: z.string().min(1).max(64) });
export const itemIdParams = z.object({ id: z.string().min(1).max(64) });

export const libraryItemsQuery = pageQuery.extend({
  sort: z
    .enum(['title', 'addedAt', 'year'])
    .default('title')
    .describe('title: A→Z by Plex sort title (leading articles ignored); addedAt: newest additions first; year: newest releases first'),
});

export const collectionsQuery = z.object({ libraryId: z.string().min(1).max(64).optional() });

export const searchQuery = z.object({ q: z.string().trim().min(1).max(100) });

export const recentlyAddedQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(20) });

export const librarySchema = z.object({ id: z.string(), title: z.string(), type: z.enum(['movie', 'show', 'artist', 'photo']) });

export const mediaItemSchema = z.object({
  id: z.string(),
  libraryId: z.string().nullable(),
  type: z.string().describe('Plex item type: movie, show, season, episode, artist, album, track or collection'),
  title: z.string(),
  year: z.number().int().nullable(),
  thumbUrl: z.string().nullable().describe('Signed, expiring URL of /api/v1/plex/image'),
  addedAt: z.string().nullable(),
  guids: z.object({ tmdb: z.string().optional(), imdb: z.string().optional(), tvdb: z.string().optional() }),
});
export type MediaItemResponse = z.infer<typeof mediaItemSchema>;

export const mediaItemDetailSchema = mediaItemSchema.extend({
  summary: z.string().nullable(),
  children: z.array(mediaItemSchema).describe('Seasons of a show, episodes of a season, members of a collection; empty otherwise'),
  plexUrl: z.string().nullable().describe("The item in Plex's web app (\"Watch on Plex\"); null when the server's identity cannot be read"),
  runtimeMinutes: z.number().int().nullable(),
  genres: z.array(z.string()),
  rating: z.number().nullable().describe('Audience rating (else critic rating) out of 10'),
  contentRating: z.string().nullable(),
  cast: z.array(z.object({ name: z.string(), character: z.string().nullable() })).describe('Top billed cast from Plex'),
});
export type MediaItemDetailResponse = z.infer<typeof mediaItemDetailSchema>;

export const collectionSchema = z.object({ id: z.string(), title: z.string(), childCount: z.number().int(), thumbUrl: z.string().nullable() });
export type CollectionResponse = z.infer<typeof collectionSchema>;

export const mediaListSchema = listSchema(mediaItemSchema);
export const itemsSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/**
 * Loose on purpose: a malformed or missing parameter is an unsigned request
 * (403), not a validation error; the signature check decides.
 */
const imageParam = (description: string) => z.string().optional().catch(undefined).describe(description);
export const imageQuery = z.object({
  path: imageParam('Library image path, e.g. /library/metadata/1/thumb/1700000000'),
  w: imageParam('Width in pixels'),
  h: imageParam('Height in pixels'),
  exp: imageParam('Expiry, unix seconds'),
  sig: imageParam('HMAC-SHA256 signature from the API'),
});
