import type { PrismaClient } from '@prisma/client';

/** The setting under which the accounts module persists this install's X-Plex-Client-Identifier. */
export const PLEX_CLIENT_ID_SETTING = 'plex.clientId';

/** The persisted Plex client identifier, if one has been generated yet. */
export function persistedPlexClientId(prisma: PrismaClient): () => Promise<string | undefined> {
  return async () => {
    const row = await prisma.setting.findUnique({ where: { key: PLEX_CLIENT_ID_SETTING } });
    return row && !row.encrypted && row.value ? row.value : undefined;
  };
}
