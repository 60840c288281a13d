import type { CacheStore } from '../../cache/cache-store';
import type { OverseerrClient } from './overseerr.client';
import type { OverseerrUser } from './overseerr.schemas';

const CACHE_KEY = 'overseerr:users';
const CACHE_SECONDS = 60;
// An import Overseerr refused is not retried for this long: each try costs Overseerr a plex.tv call.
const IMPORT_REFUSED_KEY = 'overseerr:import-refused:';
const IMPORT_REFUSED_SECONDS = 60;
const PAGE = 100;
// A sanity bound: no shared Plex server has anywhere near this many Overseerr users.
const MAX_PAGES = 50;

interface MedianestIdentity {
  plexId: string | null;
  email: string | null;
}

/**
 * Finds the Overseerr user a MediaNest user corresponds to, so requests are
 * made as them (X-API-User) and their quotas and auto-approval apply. The
 * user list is cached briefly: a request burst costs one listing.
 */
export class OverseerrUserDirectory {
  constructor(
    private readonly client: OverseerrClient,
    private readonly cache: CacheStore,
  ) {}

  /** The Overseerr user id matched by Plex account id, else by email (case-insensitive); undefined when none. */
  async find(identity: MedianestIdentity): Promise<number | undefined> {
    const users = await this.users();
    const plexId = identity.plexId !== null && /^\d+$/.test(identity.plexId) ? Number(identity.plexId) : undefined;
    if (plexId !== undefined) {
      const byPlex = users.find((u) => u.plexId === plexId);
      if (byPlex) return byPlex.id;
    }
    const email = identity.email?.trim().toLowerCase();
    if (email) return users.find((u) => u.email?.trim().toLowerCase() === email)?.id;
    return undefined;
  }

  /**
   * Imports the user's Plex account into Overseerr (UPSTREAMS G7) and finds
   * them again: the answer lists only newly created users and leaves out their
   * plexId, and an existing user matched by email is updated instead.
   * Undefined when Overseerr did not admit them (no access to its server,
   * a managed Home user without email).
   */
  async importFromPlex(identity: MedianestIdentity): Promise<number | undefined> {
    if (identity.plexId === null || !/^\d+$/.test(identity.plexId)) return undefined;
    const refusedKey = IMPORT_REFUSED_KEY + identity.plexId;
    if (await this.cache.get<boolean>(refusedKey)) return undefined;
    await this.client.importFromPlex([identity.plexId]);
    await this.invalidate();
    const found = await this.find(identity);
    if (found === undefined) await this.cache.set(refusedKey, true, IMPORT_REFUSED_SECONDS);
    return found;
  }

  async invalidate(): Promise<void> {
    await this.cache.del(CACHE_KEY);
  }

  private async users(): Promise<Array<Pick<OverseerrUser, 'id' | 'email' | 'plexId'>>> {
    const cached = await this.cache.get<Array<Pick<OverseerrUser, 'id' | 'email' | 'plexId'>>>(CACHE_KEY);
    if (cached) return cached;
    const all: Array<Pick<OverseerrUser, 'id' | 'email' | 'plexId'>> = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const list = await this.client.listUsers(PAGE, page * PAGE);
      all.push(...list.results.map((u) => ({ id: u.id, email: u.email ?? null, plexId: u.plexId ?? null })));
      if (list.results.length < PAGE || all.length >= list.pageInfo.results) break;
    }
    await this.cache.set(CACHE_KEY, all, CACHE_SECONDS);
    return all;
  }
}
