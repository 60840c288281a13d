import crypto from 'node:crypto';
import type { CachedLoader, CachedOptions } from '../../cache/cached';
import { NotConfiguredError, NotFoundError } from '../../common/errors';
import type { Metrics } from '../../common/metrics';
import type { PageQuery } from '../../http/pagination';
import type { CircuitBreaker } from '../../integrations/circuit-breaker';
import { UpstreamClient } from '../../integrations/http/upstream-client';
import { PLEX_SERVICE, PlexClient, type PlexImage, type PlexSort } from '../../integrations/plex/plex.client';
import type { PlexIdentity } from '../../integrations/plex/plex.schemas';
import type { Logger } from '../../logging/logger';
import type { PlexSettings } from '../settings/settings.service';
import {
  FULL_VIEW,
  canSeeSection,
  restrictionKey,
  restrictionOf,
  restrictionQuery,
  type LibraryView,
  type Restriction,
} from '../shares/library-view';
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
/** Upper bound of one listing read whole (a restricted library's allowed items, a collection's members). */
const ALLOWED_LISTING_MAX = 100_000;
/** What Plex's own 404 for an unknown id says (PlexClient): an unshared item must read the same. */
const UNKNOWN_TO_PLEX = 'No such item in the Plex library.';
// Plex ids (section keys, rating keys) are numbers; anything else cannot exist and never reaches Plex.
const PLEX_ID = /^\d{1,12}$/;

export interface PlexServiceDeps {
  settings: { get(): Promise<{ plex: PlexSettings }> };
  cached: CachedLoader;
  metrics: Metrics;
  logger: Logger;
  /** Signs the image URLs the presenter hands out (key derived from JWT_SECRET). */
  images: ImageSigner;
  /** This install's X-Plex-Client-Identifier (PLEX_CLIENT_ID, else the one generated and kept). */
  clientId: () => Promise<string>;
  /** The server's machineIdentifier (cached; the one sign-in uses), for "Watch on Plex" links. */
  identity: { machineIdentifier(serverUrl: string): Promise<string> };
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
  private scope?: { source: string; scope: string };
  /** One breaker per server URL: a new token or client id for the same server keeps what is known about it. */
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly now: () => number;

  constructor(private readonly deps: PlexServiceDeps) {
    this.images = deps.images;
    this.now = deps.clock ?? Date.now;
  }

  /** Live identity of the server (not cached): the service monitor's check. */
  async identity(): Promise<PlexIdentity> {
    return (await this.connect()).client.identity();
  }

  /** The libraries the view may see (all of them for the owner and "all libraries" shares). */
  async libraries(view: LibraryView): Promise<PlexLibrary[]> {
    return (await this.serverLibraries()).filter((l) => canSeeSection(view, l.id));
  }

  async libraryItems(view: LibraryView, libraryId: string, sort: LibrarySort, page: PageQuery): Promise<PlexItemPage> {
    assertPlexId(libraryId, 'No such library.');
    // Outside the share is exactly like nonexistent.
    if (!canSeeSection(view, libraryId)) throw new NotFoundError('No such library.');
    const restriction = await this.restrictionFor(view, libraryId);
    const { client, scope } = await this.connect();
    // A page depends only on its section and that section's restriction: every view that sees
    // the section under the same restriction shares the entry, and no other view can reach it.
    const key = `${scope}items:${libraryId}${restrictionPart(restriction)}:${sort}:${page.page}:${page.pageSize}`;
    return this.deps.cached.get(key, PLEX_CACHE_TTL.listing, async () => {
      const result = await client.sectionItems(libraryId, PLEX_SORT[sort], toRange(page), restrictionQuery(restriction));
      const fallback = result.container.librarySectionID ?? libraryId;
      return { items: result.items.map((i) => toPlexMedia(i, fallback)), total: result.total };
    });
  }

  async item(view: LibraryView, id: string): Promise<PlexMediaDetail> {
    assertPlexId(id, 'No such item.');
    const { client, scope } = await this.connect();
    const detail = await this.deps.cached.get(`${scope}item:${id}`, PLEX_CACHE_TTL.item, async () => {
      const { item, container } = await client.metadata(id);
      const media = toPlexMedia(item, container.librarySectionID);
      let children: PlexMedia[] = [];
      if (PARENT_TYPES.includes(item.type)) {
        const listing = await client.children(id);
        children = listing.Metadata.map((c) => toPlexMedia(c, listing.librarySectionID ?? media.libraryId));
      }
      return { ...media, summary: item.summary ?? null, children, facts: toPlexFacts(item) };
    });
    // The cached entry is the server's; what this view may see of it is decided on every request.
    if (!(await this.visible(view, [detail])).length) throw new NotFoundError(UNKNOWN_TO_PLEX);
    const plexUrl = await this.watchUrl(id);
    if (view === FULL_VIEW) return { ...detail, plexUrl };
    return { ...detail, plexUrl, children: await this.visible(view, detail.children) };
  }

  /**
   * "Watch on Plex": the item in Plex's web app, the link Overseerr builds too
   * (app.plex.tv/desktop#!/server/{machineId}/details?key=/library/metadata/{ratingKey}).
   * Null when the server's identity cannot be read; the page works without it.
   */
  private async watchUrl(ratingKey: string): Promise<string | null> {
    try {
      const { plex } = await this.deps.settings.get();
      const machineId = await this.deps.identity.machineIdentifier(plex.serverUrl!);
      return `https://app.plex.tv/desktop#!/server/${encodeURIComponent(machineId)}/details?key=${encodeURIComponent(`/library/metadata/${ratingKey}`)}`;
    } catch {
      return null;
    }
  }

  /** Collections of one library, or of every visible library when none is given. */
  async collections(view: LibraryView, libraryId?: string): Promise<PlexCollection[]> {
    if (libraryId !== undefined) {
      assertPlexId(libraryId, 'No such library.');
      if (!canSeeSection(view, libraryId)) throw new NotFoundError('No such library.');
    }
    const { client, scope } = await this.connect();
    const ofLibrary = async (key: string): Promise<PlexCollection[]> => {
      const all = await this.deps.cached.get(`${scope}collections:${key}`, PLEX_CACHE_TTL.collections, async () =>
        (await client.collections(key)).filter((c) => c.type === 'collection').map(toPlexCollection),
      );
      const restriction = await this.restrictionFor(view, key);
      if (!restriction) return all;
      // Under a restriction a collection shows only the members the share allows, and not at all without any.
      const counted = await Promise.all(all.map(async (c) => ({ ...c, childCount: (await this.visible(view, await this.collectionMembers(c.id))).length })));
      return counted.filter((c) => c.childCount > 0);
    };
    if (libraryId !== undefined) return ofLibrary(libraryId);
    const libraries = await this.libraries(view);
    return (await Promise.all(libraries.map((l) => ofLibrary(l.id)))).flat();
  }

  async collectionItems(view: LibraryView, id: string, page: PageQuery): Promise<PlexItemPage> {
    assertPlexId(id, 'No such collection.');
    const { client, scope } = await this.connect();
    const key = `${scope}collection:${id}:${page.page}:${page.pageSize}`;
    const result = await this.deps.cached.get(key, PLEX_CACHE_TTL.collections, async () => {
      // Plex routes /library/collections/:id/children to any item's children, so confirm it is a collection.
      const [{ item }, listing] = await Promise.all([client.metadata(id), client.collectionItems(id, toRange(page))]);
      if (item.type !== 'collection') throw new NotFoundError('No such collection.');
      return { items: listing.items.map((i) => toPlexMedia(i, item.librarySectionID)), total: listing.total, libraryId: item.librarySectionID ?? null };
    });
    if (result.libraryId === null ? view !== FULL_VIEW : !canSeeSection(view, result.libraryId)) throw new NotFoundError(UNKNOWN_TO_PLEX);
    const restriction = result.libraryId === null ? undefined : await this.restrictionFor(view, result.libraryId);
    if (!restriction) return { items: result.items, total: result.total };
    const members = await this.visible(view, await this.collectionMembers(id));
    const { start, size } = toRange(page);
    return { items: members.slice(start, start + size), total: members.length };
  }

  /** Hub search across the visible libraries; media hubs only, best score first. */
  async search(view: LibraryView, q: string): Promise<PlexMedia[]> {
    const query = q.trim().toLowerCase();
    const { client, scope } = await this.connect();
    // Results span libraries, so the entry is the view's: equal shares share it, others never see it.
    const key = `${scope}search:${view.key}:${crypto.createHash('sha256').update(query).digest('hex').slice(0, 32)}`;
    return this.deps.cached.get(key, PLEX_CACHE_TTL.search, async () => {
      // A narrower view drops hits afterwards, so it asks for more per hub.
      const perHub = view === FULL_VIEW ? SEARCH_LIMIT_PER_HUB : SEARCH_MAX_RESULTS;
      const hits = (await client.search(query, perHub))
        .filter((hub) => MEDIA_TYPES.includes(hub.type))
        .flatMap((hub) => hub.Metadata ?? [])
        .filter((m) => MEDIA_TYPES.includes(m.type));
      // Array#sort is stable: equal scores keep Plex's hub order.
      hits.sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
      return (await this.visible(view, hits.map((m) => toPlexMedia(m)))).slice(0, SEARCH_MAX_RESULTS);
    });
  }

  async recentlyAdded(view: LibraryView, limit: number): Promise<PlexMedia[]> {
    const { client, scope } = await this.connect();
    if (view === FULL_VIEW) {
      const all = await this.deps.cached.get(`${scope}recently-added`, PLEX_CACHE_TTL.recentlyAdded, async () =>
        (await client.recentlyAdded(RECENTLY_ADDED_MAX)).map((m) => toPlexMedia(m)),
      );
      return all.slice(0, limit);
    }
    // A share: the newest of each visible library under its restriction, merged (one entry per view).
    const all = await this.deps.cached.get(`${scope}recently-added:${view.key}`, PLEX_CACHE_TTL.recentlyAdded, async () => {
      const perLibrary = await Promise.all(
        (await this.libraries(view)).map(async (l) => {
          const filters = restrictionQuery(restrictionOf(view, l.type));
          const page = await client.sectionItems(l.id, 'addedAt:desc', { start: 0, size: RECENTLY_ADDED_MAX }, filters);
          return page.items.map((i) => toPlexMedia(i, l.id));
        }),
      );
      return perLibrary.flat().sort((a, b) => (b.addedAt ?? 0) - (a.addedAt ?? 0)).slice(0, RECENTLY_ADDED_MAX);
    });
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
      for (const library of (await this.serverLibraries()).filter((l) => l.type === 'movie' || l.type === 'show')) {
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

  /** Every library on the server, whoever may see it: for admin work (invitations), never for a user's view. */
  async serverLibraries(): Promise<PlexLibrary[]> {
    const { client, scope } = await this.connect();
    return this.deps.cached.get(`${scope}libraries`, PLEX_CACHE_TTL.libraries, async () =>
      (await client.sections())
        .filter((s) => LIBRARY_TYPES.includes(s.type))
        .map((s) => ({ id: s.key, title: s.title, type: s.type as LibraryType })),
    );
  }

  /** The view's restriction for a library (by its type); none for views without restrictions. */
  private async restrictionFor(view: LibraryView, libraryId: string): Promise<Restriction | undefined> {
    if (Object.keys(view.restrictions).length === 0) return undefined;
    const library = (await this.serverLibraries()).find((l) => l.id === libraryId);
    return library ? restrictionOf(view, library.type) : undefined;
  }

  /**
   * The items the view may see, in order: their library is shared and, under a
   * restriction, their top-level item (show, movie, artist) passes it. Plex
   * applies the restriction itself: the allowed top-level items of a library
   * are the library listed with the restriction as filters (cached).
   */
  private async visible<T extends Pick<PlexMedia, 'libraryId' | 'topId'>>(view: LibraryView, items: T[]): Promise<T[]> {
    if (view === FULL_VIEW) return items;
    const allowed = new Map<string, Set<string> | null>();
    for (const libraryId of new Set(items.map((i) => i.libraryId))) {
      if (libraryId === null || !canSeeSection(view, libraryId)) continue;
      const restriction = await this.restrictionFor(view, libraryId);
      allowed.set(libraryId, restriction ? await this.allowedTopIds(libraryId, restriction) : null);
    }
    return items.filter((i) => {
      if (i.libraryId === null || !allowed.has(i.libraryId)) return false;
      const set = allowed.get(i.libraryId);
      return !set || set.has(i.topId);
    });
  }

  private async allowedTopIds(libraryId: string, restriction: Restriction): Promise<Set<string>> {
    const { client, scope } = await this.connect();
    const ids = await this.deps.cached.get(`${scope}allowed:${libraryId}${restrictionPart(restriction)}`, PLEX_CACHE_TTL.listing, async () =>
      (await client.sectionItems(libraryId, 'titleSort', { start: 0, size: ALLOWED_LISTING_MAX }, restrictionQuery(restriction))).items.map((i) => i.ratingKey),
    );
    return new Set(ids);
  }

  /** Every member of a collection (for restricted views, which filter before paging). */
  private async collectionMembers(id: string): Promise<PlexMedia[]> {
    const { client, scope } = await this.connect();
    return this.deps.cached.get(`${scope}collection-members:${id}`, PLEX_CACHE_TTL.collections, async () => {
      const { item } = await client.metadata(id);
      return (await client.collectionItems(id, { start: 0, size: ALLOWED_LISTING_MAX })).items.map((i) => toPlexMedia(i, item.librarySectionID));
    });
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
    const clientIdentifier = await this.deps.clientId();
    const scope = this.scopeOf(plex.serverUrl, plex.token);
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

  /** Cache-key scope of a server and token (a hash, so the token never appears in a key); hashed once per pair. */
  private scopeOf(serverUrl: string, token: string): string {
    const source = `${serverUrl}\n${token}`;
    if (this.scope?.source !== source) {
      this.scope = { source, scope: `plex:${crypto.createHash('sha256').update(source).digest('hex').slice(0, 16)}:` };
    }
    return this.scope.scope;
  }

  private breakerFor(serverUrl: string): CircuitBreaker {
    let breaker = this.breakers.get(serverUrl);
    if (!breaker) {
      breaker = UpstreamClient.breaker({
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
}

function assertPlexId(id: string, message: string): void {
  if (!PLEX_ID.test(id)) throw new NotFoundError(message);
}

function restrictionPart(restriction: Restriction | undefined): string {
  return restriction ? `:r=${crypto.createHash('sha256').update(restrictionKey(restriction)).digest('hex').slice(0, 16)}` : '';
}

function toRange(page: PageQuery): { start: number; size: number } {
  return { start: (page.page - 1) * page.pageSize, size: page.pageSize };
}
