import crypto from 'node:crypto';
import type { CachedLoader, CachedOptions } from '../../cache/cached';
import { NotConfiguredError, NotFoundError } from '../../http/errors';
import type { Metrics } from '../../http/metrics';
import type { PageQuery } from '../../http/pagination';
import { CircuitBreaker } from '../../integrations/circuit-breaker';
import { PLEX_SERVICE, PlexClient, type PlexImage, type PlexSort } from '../../integrations/plex/plex.client';
import type { PlexIdentity } from '../../integrations/plex/plex.schemas';
import type { Logger } from '../../logging/logger';
import type { PlexSettings } from '../settings/settings.service';
import { ImageSigner } from './image-signing';
import {
  LIBRARY_TYPES,
  MEDIA_TYPES,
  PARENT_TYPES,
  parseGuids,
  toPlexCollection,
  toPlexFacts,
  toPlexMedia,
  type LibraryType,
  type PlexCollection,
  type PlexItemPage,
  type PlexLibrary,
  type PlexMedia,
  type PlexMediaDetail,
} from './plex.mapping';

export type LibrarySort = 'title' | 'addedAt' | 'year';

/** API sort → Plex sort: titles A→Z (ignoring leading articles), newest additions first, newest releases first. */
export const PLEX_SORT: Record<LibrarySort, PlexSort> = { title: 'titleSort', addedAt: 'addedAt:desc', year: 'year:desc' };

const DAY = 86_400;
/**
 * How long each kind of data is fresh, and how long past that it may still be
 * served while Plex is down (stale beats an error for a browsing page).
 */
export const PLEX_CACHE_TTL = {
  libraries: { ttlSeconds: 600, staleSeconds: DAY },
  listing: { ttlSeconds: 300, staleSeconds: DAY },
  item: { ttlSeconds: 600, staleSeconds: DAY },
  collections: { ttlSeconds: 600, staleSeconds: DAY },
  search: { ttlSeconds: 120, staleSeconds: 3600 },
  recentlyAdded: { ttlSeconds: 60, staleSeconds: DAY },
  tmdbIndex: { ttlSeconds: 300, staleSeconds: DAY },
} satisfies Record<string, CachedOptions>;

/** Recently added is fetched once at the largest allowed size and sliced per request. */
export const RECENTLY_ADDED_MAX = 50;
const SEARCH_LIMIT_PER_HUB = 10;
const TMDB_INDEX_PAGE = 500;
// A bound per library so one huge library cannot stall Discover.
const TMDB_INDEX_MAX_ITEMS = 50_000;

/** Where a TMDB title sits in the Plex library. */
export interface TmdbIndexEntry {
  itemId: string;
  libraryId: string;
}
const SEARCH_MAX_RESULTS = 50;
/** Fallback product id until the accounts module has persisted this install's id. */
const FALLBACK_CLIENT_ID = 'medianest';
const CLIENT_ID_RETRY_MS = 60_000;
// Plex ids (section keys, rating keys) are numbers; anything else cannot exist and never reaches Plex.
const PLEX_ID = /^\d{1,12}$/;

export interface PlexServiceDeps {
  settings: { get(): Promise<{ plex: PlexSettings }> };
  cached: CachedLoader;
  metrics: Metrics;
  logger: Logger;
  /** Signs the image URLs the presenter hands out (key derived from JWT_SECRET). */
  images: ImageSigner;
  /** PLEX_CLIENT_ID when set; it wins over the persisted one. */
  configuredClientId?: string;
  /** The persisted `plex.clientId` setting, once the accounts module has generated it. */
  readClientId: () => Promise<string | undefined>;
  clock?: () => number;
  /** Per-request deadline for Plex (default 5 s). */
  timeoutMs?: number;
  /** Circuit breaker of the Plex server: consecutive failures that open it (default 5) and its cool-down (default 30 s). */
  failureThreshold?: number;
  cooldownMs?: number;
}

/**
 * The configured Plex Media Server's library, read through the cache:
 * repeated pages never reach Plex, concurrent misses share one call, and an
 * expired copy is served while Plex is unreachable.
 */
export class PlexService {
  readonly images: ImageSigner;
  private client?: { key: string; client: PlexClient };
  /** One breaker per server URL: a new token or client id for the same server keeps what is known about it. */
  private readonly breakers = new Map<string, CircuitBreaker>();
  private clientId?: string;
  private clientIdCheckedAt = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(private readonly deps: PlexServiceDeps) {
    this.images = deps.images;
    this.now = deps.clock ?? Date.now;
  }

  async isConfigured(): Promise<boolean> {
    const { plex } = await this.deps.settings.get();
    return Boolean(plex.serverUrl && plex.token);
  }

  /** Live identity of the server (not cached): the service monitor's check. */
  async identity(): Promise<PlexIdentity> {
    return (await this.connect()).client.identity();
  }

  async libraries(): Promise<PlexLibrary[]> {
    const { client, scope } = await this.connect();
    return this.deps.cached.get(`${scope}libraries`, PLEX_CACHE_TTL.libraries, async () =>
      (await client.sections())
        .filter((s) => LIBRARY_TYPES.includes(s.type))
        .map((s) => ({ id: s.key, title: s.title, type: s.type as LibraryType })),
    );
  }

  async libraryItems(libraryId: string, sort: LibrarySort, page: PageQuery): Promise<PlexItemPage> {
    assertPlexId(libraryId, 'No such library.');
    const { client, scope } = await this.connect();
    const key = `${scope}items:${libraryId}:${sort}:${page.page}:${page.pageSize}`;
    return this.deps.cached.get(key, PLEX_CACHE_TTL.listing, async () => {
      const result = await client.sectionItems(libraryId, PLEX_SORT[sort], toRange(page));
      const fallback = result.container.librarySectionID ?? libraryId;
      return { items: result.items.map((i) => toPlexMedia(i, fallback)), total: result.total };
    });
  }

  async item(id: string): Promise<PlexMediaDetail> {
    assertPlexId(id, 'No such item.');
    const { client, scope } = await this.connect();
    return this.deps.cached.get(`${scope}item:${id}`, PLEX_CACHE_TTL.item, async () => {
      const { item, container } = await client.metadata(id);
      const media = toPlexMedia(item, container.librarySectionID);
      let children: PlexMedia[] = [];
      if (PARENT_TYPES.includes(item.type)) {
        const listing = await client.children(id);
        children = listing.Metadata.map((c) => toPlexMedia(c, listing.librarySectionID ?? media.libraryId));
      }
      return { ...media, summary: item.summary ?? null, children, facts: toPlexFacts(item) };
    });
  }

  /** Collections of one library, or of every library when none is given. */
  async collections(libraryId?: string): Promise<PlexCollection[]> {
    if (libraryId !== undefined) assertPlexId(libraryId, 'No such library.');
    const { client, scope } = await this.connect();
    const ofLibrary = (key: string) =>
      this.deps.cached.get(`${scope}collections:${key}`, PLEX_CACHE_TTL.collections, async () =>
        (await client.collections(key)).filter((c) => c.type === 'collection').map(toPlexCollection),
      );
    if (libraryId !== undefined) return ofLibrary(libraryId);
    const libraries = await this.libraries();
    return (await Promise.all(libraries.map((l) => ofLibrary(l.id)))).flat();
  }

  async collectionItems(id: string, page: PageQuery): Promise<PlexItemPage> {
    assertPlexId(id, 'No such collection.');
    const { client, scope } = await this.connect();
    const key = `${scope}collection:${id}:${page.page}:${page.pageSize}`;
    return this.deps.cached.get(key, PLEX_CACHE_TTL.collections, async () => {
      // Plex routes /library/collections/:id/children to any item's children, so confirm it is a collection.
      const [{ item }, result] = await Promise.all([client.metadata(id), client.collectionItems(id, toRange(page))]);
      if (item.type !== 'collection') throw new NotFoundError('No such collection.');
      return { items: result.items.map((i) => toPlexMedia(i, item.librarySectionID)), total: result.total };
    });
  }

  /** Hub search across every library; media hubs only, best score first. */
  async search(q: string): Promise<PlexMedia[]> {
    const query = q.trim().toLowerCase();
    const { client, scope } = await this.connect();
    const key = `${scope}search:${crypto.createHash('sha256').update(query).digest('hex').slice(0, 32)}`;
    return this.deps.cached.get(key, PLEX_CACHE_TTL.search, async () => {
      const hits = (await client.search(query, SEARCH_LIMIT_PER_HUB))
        .filter((hub) => MEDIA_TYPES.includes(hub.type))
        .flatMap((hub) => hub.Metadata ?? [])
        .filter((m) => MEDIA_TYPES.includes(m.type));
      // Array#sort is stable: equal scores keep Plex's hub order.
      hits.sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
      return hits.slice(0, SEARCH_MAX_RESULTS).map((m) => toPlexMedia(m));
    });
  }

  async recentlyAdded(limit: number): Promise<PlexMedia[]> {
    const { client, scope } = await this.connect();
    const all = await this.deps.cached.get(`${scope}recently-added`, PLEX_CACHE_TTL.recentlyAdded, async () =>
      (await client.recentlyAdded(RECENTLY_ADDED_MAX)).map((m) => toPlexMedia(m)),
    );
    return all.slice(0, limit);
  }

  /**
   * Every movie and show of every library by TMDB id (`movie:603`, `tv:1399`), so Discover can tell
   * what is already on the server. Read a page at a time and cached as a whole.
   */
  async tmdbIndex(): Promise<Record<string, TmdbIndexEntry>> {
    const { client, scope } = await this.connect();
    return this.deps.cached.get(`${scope}tmdb-index`, PLEX_CACHE_TTL.tmdbIndex, async () => {
      const index: Record<string, TmdbIndexEntry> = {};
      for (const library of (await this.libraries()).filter((l) => l.type === 'movie' || l.type === 'show')) {
        for (let start = 0; start < TMDB_INDEX_MAX_ITEMS; start += TMDB_INDEX_PAGE) {
          const page = await client.sectionItems(library.id, 'titleSort', { start, size: TMDB_INDEX_PAGE });
          for (const item of page.items) {
            const tmdb = parseGuids(item.Guid).tmdb;
            const kind = item.type === 'movie' ? 'movie' : item.type === 'show' ? 'tv' : undefined;
            if (tmdb && kind && !index[`${kind}:${tmdb}`]) index[`${kind}:${tmdb}`] = { itemId: item.ratingKey, libraryId: library.id };
          }
          if (page.items.length < TMDB_INDEX_PAGE || start + page.items.length >= page.total) break;
        }
      }
      return index;
    });
  }

  /** A resized library image (never cached here: the browser caches the signed URL). */
  async image(path: string, width: number, height: number): Promise<PlexImage> {
    return (await this.connect()).client.image(path, width, height);
  }

  /**
   * The client for the current settings (rebuilt when the URL, token or client
   * id changes) and the cache-key scope of that server. The scope hashes URL
   * and token so a cache never answers for another server or account; admin
   * settings changes also clear everything under `plex:`.
   */
  private async connect(): Promise<{ client: PlexClient; scope: string }> {
    const { plex } = await this.deps.settings.get();
    if (!plex.serverUrl || !plex.token) throw new NotConfiguredError(PLEX_SERVICE);
    const clientIdentifier = await this.resolveClientId();
    const scope = `plex:${crypto.createHash('sha256').update(`${plex.serverUrl}\n${plex.token}`).digest('hex').slice(0, 16)}:`;
    const key = `${scope}${clientIdentifier}`;
    if (this.client?.key !== key) {
      const client = new PlexClient({
        baseUrl: plex.serverUrl,
        token: plex.token,
        clientIdentifier,
        metrics: this.deps.metrics,
        logger: this.deps.logger,
        timeoutMs: this.deps.timeoutMs,
        breaker: this.breakerFor(plex.serverUrl),
      });
      this.client = { key, client };
    }
    return { client: this.client.client, scope };
  }

  private breakerFor(serverUrl: string): CircuitBreaker {
    let breaker = this.breakers.get(serverUrl);
    if (!breaker) {
      breaker = new CircuitBreaker({
        service: PLEX_SERVICE,
        failureThreshold: this.deps.failureThreshold,
        cooldownMs: this.deps.cooldownMs,
        clock: this.now,
        logger: this.deps.logger,
      });
      this.breakers.set(serverUrl, breaker);
    }
    return breaker;
  }

  private async resolveClientId(): Promise<string> {
    if (this.deps.configuredClientId) return this.deps.configuredClientId;
    if (this.clientId) return this.clientId;
    // Not generated yet: look again now and then rather than on every request.
    if (this.now() - this.clientIdCheckedAt >= CLIENT_ID_RETRY_MS) {
      this.clientIdCheckedAt = this.now();
      this.clientId = await this.deps.readClientId();
      if (this.clientId) return this.clientId;
    }
    return FALLBACK_CLIENT_ID;
  }
}

function assertPlexId(id: string, message: string): void {
  if (!PLEX_ID.test(id)) throw new NotFoundError(message);
}

function toRange(page: PageQuery): { start: number; size: number } {
  return { start: (page.page - 1) * page.pageSize, size: page.pageSize };
}
