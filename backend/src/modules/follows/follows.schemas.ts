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
