import { z } from 'zod';

/** A library section as plex.tv knows it: its global `id` (sharing calls) and the PMS `key` (UPSTREAMS F1). */
export interface PlexServerSection {
  id: number;
  key: string;
  title: string;
  type: string;
}

/** A user of the owner's `GET /api/users` (F2) with their shares. */
export interface PlexFriend {
  id: string;
  username: string;
  email: string | null;
  thumb: string | null;
  servers: Array<{ sharedServerId: string; machineIdentifier: string; allLibraries: boolean; pending: boolean }>;
}

const idSchema = z.union([z.number(), z.string()]);

/** `GET /api/v2/shared_servers/owned/accepted|pending` (F6): a top-level array of shares; only what is matched on. */
export const sharesSchema = z.array(
  z.looseObject({
    id: idSchema,
    machineIdentifier: z.string().optional(),
    invitedId: idSchema.nullish(),
    invited: z.looseObject({ id: idSchema.nullish() }).nullish(),
  }),
);

/** `GET /api/v2/shared_servers/invites/received/pending` (F8). */
export const pendingInvitesSchema = z.array(
  z.looseObject({
    owner: z.looseObject({
      username: z.string().nullish(),
      email: z.string().nullish(),
      title: z.string().nullish(),
      friendlyName: z.string().nullish(),
    }),
    sharedServers: z.array(z.looseObject({ id: idSchema })).default([]),
  }),
);
