import type { CacheStore } from '../../cache/cache-store';
import { OverseerrHttpError, type OverseerrClient } from './overseerr.client';
import type { OverseerrUser } from './overseerr.schemas';

const CACHE_KEY = 'overseerr:users';
const CACHE_SECONDS = 60;
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
   * Runs `call` as the identity's Overseerr user. A cached id may name a user
   * removed from Overseerr since, and Overseerr answers an unknown X-API-User
   * exactly like a wrong API key (403 `{status, error}`); so on that answer the
   * list is read again and the call retried once, as whoever the identity is
   * now (or as the API key's user). Only a refusal without X-API-User can be
   * the key itself.
   */
  async actAs<T>(identity: MedianestIdentity, call: (asUser: number | undefined) => Promise<T>): Promise<T> {
    const asUser = await this.find(identity);
    try {
      return await call(asUser);
    } catch (err) {
      if (asUser === undefined || !(err instanceof OverseerrHttpError && err.authFailure)) throw err;
      await this.invalidate();
      return call(await this.find(identity));
    }
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
