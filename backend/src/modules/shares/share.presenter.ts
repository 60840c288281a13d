import type { User } from '@prisma/client';
import { z } from 'zod';
import type { StoredShare } from './share.repository';

/** What a user may see of the Plex server, as admins see it (no tokens, no plex.tv ids). */
export const plexShareSchema = z.object({
  access: z
    .enum(['everything', 'owner', 'shared', 'none', 'unknown'])
    .describe('everything: an account without Plex (the bootstrap admin); owner: owns the server; shared: sees its share; none: no longer shared; unknown: not read from plex.tv yet'),
  allLibraries: z.boolean().describe('Shared "all libraries", including libraries added later'),
  libraries: z.array(z.object({ id: z.string(), title: z.string() })).describe('The shared libraries (PMS section ids) when not all'),
  restrictions: z.object({ movies: z.string(), television: z.string(), music: z.string() }).describe('The share\'s restriction filters as set on plex.tv ("" = none)'),
  checkedAt: z.string().nullable().describe('When plex.tv was last read for this user'),
});
export type PlexShareResponse = z.infer<typeof plexShareSchema>;

export function toPlexShareResponse(user: Pick<User, 'plexId' | 'passwordHash'>, share: StoredShare | null | undefined): PlexShareResponse {
  const restrictions = { movies: share?.filters.movies ?? '', television: share?.filters.television ?? '', music: share?.filters.music ?? '' };
  const base = { allLibraries: false, libraries: [], restrictions, checkedAt: share ? share.checkedAt.toISOString() : null };
  if (user.plexId === null || user.passwordHash !== null) return { ...base, access: 'everything', allLibraries: true };
  if (!share) return { ...base, access: 'unknown' };
  if (share.kind === 'owner') return { ...base, access: 'owner', allLibraries: true };
  if (share.kind === 'none') return { ...base, access: 'none' };
  return { ...base, access: 'shared', allLibraries: share.allLibraries, libraries: share.libraries.map((l) => ({ id: l.key, title: l.title })) };
}
