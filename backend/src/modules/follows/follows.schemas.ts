import { z } from 'zod';

/** Request and response schemas of the follows and digest routes. */
export const followSchema = z.object({
  tmdbId: z.number().int(),
  mediaType: z.enum(['movie', 'tv']),
  title: z.string().nullable(),
  source: z.string().describe('manual, or request when following came with a request'),
  createdAt: z.string(),
  availableNotifiedAt: z.string().nullable(),
});
export const followListItemSchema = followSchema.extend({
  posterUrl: z.string().nullable().describe('From a request for the title, when there is one'),
  state: z
    .enum(['pending', 'approved', 'processing', 'partially_available', 'available', 'declined', 'failed', 'deleted', 'not_requested'])
    .describe('available once it is on the server (or followers were told); else your request\u2019s status, else another person\u2019s open request; else not_requested'),
});
export const titleParams = z.object({
  mediaType: z.enum(['movie', 'tv']),
  tmdbId: z.coerce.number().int().min(1).max(2_147_483_647),
});
export const followBody = z.object({ title: z.string().trim().min(1).max(300).optional() }).strict();

export const digestSchema = z.object({
  since: z.string(),
  until: z.string(),
  added: z.array(z.object({ title: z.string(), type: z.string(), link: z.string() })),
  available: z.array(z.object({ title: z.string(), link: z.string() })),
  following: z.array(z.object({ title: z.string(), mediaType: z.enum(['movie', 'tv']), tmdbId: z.number().int(), status: z.string() })),
});
