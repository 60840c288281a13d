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

/** One address of a device (docs/UPSTREAMS.md A5.1): plex.direct https, plain http, or Plex's relay. */
export const plexConnectionSchema = z.object({
  uri: z.string(),
  protocol: z.string().default(''),
  address: z.string().optional(),
  port: z.number().int().optional(),
  local: z.boolean().default(false),
  relay: z.boolean().default(false),
});
export type PlexConnection = z.infer<typeof plexConnectionSchema>;

/** `GET /api/v2/resources` (docs/UPSTREAMS.md A5): the devices an account can reach. */
export const plexResourcesSchema = z.array(
  z.object({
    name: z.string().default(''),
    clientIdentifier: z.string(),
    /** Comma-separated roles, e.g. `server` or `client,player,pubsub-player`. */
    provides: z.string().default(''),
    owned: z.boolean().default(false),
    productVersion: z.string().nullish(),
    /** The token for that device; never leaves the server. */
    accessToken: z.string().nullish(),
    connections: z.array(plexConnectionSchema).default([]),
  }),
);
export type PlexResource = z.infer<typeof plexResourcesSchema>[number];

/** Whether a resource is a Plex Media Server (`provides` lists `server`). */
export function providesServer(resource: Pick<PlexResource, 'provides'>): boolean {
  return resource.provides.split(',').some((role) => role.trim() === 'server');
}
