import type { User } from '@prisma/client';
import type { Logger } from '../../logging/logger';
import type { PlexService, TmdbIndexEntry } from '../plex/plex.service';
import { canSeeSection, type LibraryView } from '../shares/library-view';

/** What a user may see of the Plex server (the share service answers). */
export interface LibraryViews {
  viewFor(user: Pick<User, 'id' | 'plexId' | 'passwordHash'>): Promise<LibraryView>;
}

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
    /** Narrows matches to the libraries shared with the user (issue 16); absent: every library. */
    private readonly views?: LibraryViews,
  ) {}

  /** Plex item ids keyed `movie:603` / `tv:1399`, only for titles found. */
  async inUserLibraries(user: Pick<User, 'id' | 'role' | 'plexId' | 'passwordHash'>, titles: TitleRef[]): Promise<Map<string, TmdbIndexEntry>> {
    const found = new Map<string, TmdbIndexEntry>();
    if (titles.length === 0) return found;
    let index: Record<string, TmdbIndexEntry>;
    let view: LibraryView | undefined;
    try {
      [index, view] = await Promise.all([this.plex.tmdbIndex(), this.views?.viewFor(user)]);
    } catch (err) {
      this.logger.debug('library match skipped', { reason: err instanceof Error ? err.message : String(err), userId: user.id });
      return found;
    }
    for (const t of titles) {
      const entry = index[titleKey(t)];
      // A title only in a library not shared with this user is not "in your library" (and its item would be a 404).
      if (entry && (!view || canSeeSection(view, entry.libraryId))) found.set(titleKey(t), entry);
    }
    return found;
  }
}

export function titleKey(t: TitleRef): string {
  return `${t.mediaType}:${t.tmdbId}`;
}
