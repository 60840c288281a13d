import { z } from 'zod';

/** `POST /api/v2/pins` and `GET /api/v2/pins/{id}` (docs/UPSTREAMS.md A1–A2). */
export const plexPinSchema = z.object({
  id: z.number().int(),
  code: z.string().min(1),
  expiresIn: z.number().optional(),
  expiresAt: z.string().optional(),
  authToken: z.string().nullish(),
});
export type PlexPinResponse = z.infer<typeof plexPinSchema>;

/** `GET /api/v2/user` (docs/UPSTREAMS.md A4); only the fields MediaNest keeps. */
export const plexAccountSchema = z.object({
  id: z.number().int(),
  uuid: z.string(),
  username: z.string().min(1),
  title: z.string().optional(),
  email: z.string().nullish(),
  thumb: z.string().nullish(),
});
export type PlexAccount = z.infer<typeof plexAccountSchema>;

/** `GET /api/v2/resources` (docs/UPSTREAMS.md A5): the devices an account can reach. */
export const plexResourcesSchema = z.array(
  z.object({
    clientIdentifier: z.string(),
    provides: z.string().default(''),
    owned: z.boolean().default(false),
  }),
);
export type PlexResource = z.infer<typeof plexResourcesSchema>[number];
