import { z } from 'zod';

const libraryIds = z.array(z.string().regex(/^\d{1,9}$/, 'a library id')).max(100);

export const createInviteBody = z.object({
  /** Library ids from GET /plex/libraries; empty or omitted shares every library. */
  libraryIds: libraryIds.default([]),
  role: z.enum(['user', 'admin']).default('user'),
  /** How long the link works; null = until revoked. */
  linkExpiresInDays: z.number().int().min(1).max(365).nullable().default(7),
  /** How many people may use it; null = unlimited. */
  maxUses: z.number().int().min(1).max(1000).nullable().default(1),
  /** How long access lasts once accepted; null = forever. */
  accessDays: z.number().int().min(1).max(3650).nullable().default(null),
  allowSync: z.boolean().default(false),
  note: z.string().trim().max(500).optional(),
});
export type CreateInviteBody = z.infer<typeof createInviteBody>;

export const inviteIdParams = z.object({ id: z.uuid() });
export const inviteCodeParams = z.object({ code: z.string().min(1).max(64) });
export { pinBody as acceptInviteBody } from '../auth/auth.schemas';

const library = z.object({ id: z.string(), title: z.string(), type: z.string() });

export const inviteResponse = z.object({
  id: z.string(),
  code: z.string(),
  url: z.string(),
  status: z.enum(['active', 'expired', 'used_up', 'revoked']),
  libraryIds: z.array(z.string()),
  allLibraries: z.boolean(),
  role: z.enum(['user', 'admin']),
  allowSync: z.boolean(),
  note: z.string().nullable(),
  expiresAt: z.string().nullable(),
  maxUses: z.number().int().nullable(),
  uses: z.number().int(),
  accessDays: z.number().int().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});

export const publicInviteResponse = z.object({
  invitedBy: z.object({ username: z.string(), avatarUrl: z.string().nullable() }),
  allLibraries: z.boolean(),
  /** Null when the Plex server cannot be asked for titles right now. */
  libraries: z.array(library).nullable(),
  role: z.enum(['user', 'admin']),
  allowSync: z.boolean(),
  note: z.string().nullable(),
  linkExpiresAt: z.string().nullable(),
  accessDays: z.number().int().nullable(),
  /** When access would end if accepted now; null = no end. */
  accessUntil: z.string().nullable(),
});

export const membershipResponse = z.object({
  userId: z.string(),
  plexUserId: z.string(),
  allLibraries: z.boolean(),
  libraryIds: z.array(z.string()),
  libraries: z.array(library).nullable(),
  allowSync: z.boolean(),
  expiresAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endedReason: z.string().nullable(),
  inviteId: z.string().nullable(),
  createdAt: z.string(),
});
export type MembershipResponse = z.infer<typeof membershipResponse>;

export const myMembershipResponse = z.object({ membership: membershipResponse.nullable() });

export const userIdParams = z.object({ id: z.uuid() });
export const updateAccessBody = z
  .object({
    libraryIds: libraryIds.optional(),
    allowSync: z.boolean().optional(),
    /** New end of access (must be in the future), or null for no end. */
    expiresAt: z.iso.datetime().nullable().optional(),
  })
  .refine((b) => b.libraryIds !== undefined || b.allowSync !== undefined || b.expiresAt !== undefined, 'change at least one field');
export type UpdateAccessBody = z.infer<typeof updateAccessBody>;

export const importResponse = z.object({ imported: z.number().int(), updated: z.number().int(), skipped: z.number().int() });
