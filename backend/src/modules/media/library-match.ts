import type { User } from '@prisma/client';
import type { Logger } from '../../logging/logger';
import type { PlexService, TmdbIndexEntry } from '../plex/plex.service';

export interface TitleRef {
  tmdbId: number;
  mediaType: 'movie' | 'tv';
}

/**
 * "Is this title in the user's libraries?", by TMDB id against the Plex library.
 * The one place that answers it: narrowing to the libraries a user can see
 * belongs here. Discover must keep working without Plex, so any failure
 * (not configured, down) means "not known to be in the library".
 */
export class LibraryMatcher {
  constructor(
    private readonly plex: Pick<PlexService, 'tmdbIndex'>,
    private readonly logger: Logger,
  ) {}

  /** Plex item ids keyed `movie:603` / `tv:1399`, only for titles found. */
  async inUserLibraries(user: Pick<User, 'id' | 'role'>, titles: TitleRef[]): Promise<Map<string, TmdbIndexEntry>> {
    const found = new Map<string, TmdbIndexEntry>();
    if (titles.length === 0) return found;
    let index: Record<string, TmdbIndexEntry>;
    try {
      index = await this.plex.tmdbIndex();
    } catch (err) {
      this.logger.debug('library match skipped', { reason: err instanceof Error ? err.message : String(err), userId: user.id });
      return found;
    }
    for (const t of titles) {
      const entry = index[titleKey(t)];
      if (entry) found.set(titleKey(t), entry);
    }
    return found;
  }
}

export function titleKey(t: TitleRef): string {
  return `${t.mediaType}:${t.tmdbId}`;
}
