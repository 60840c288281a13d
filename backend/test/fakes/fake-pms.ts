/**
 * Fake Plex Media Server (docs/UPSTREAMS.md B): identity, sections, paged listings, metadata, collections,
 * hub search, recently added and images, with Plex's token, content-type and error behaviour.
 */
import {
  FakeServer,
  type FakeResponse,
  type FakeServerOptions,
  type RecordedRequest,
  headerOrQuery,
  html,
  json,
  wantsJson,
  xml,
} from './fake-server';
import { xmlDocument, type TagNamer } from './plex-xml';
import {
  GENRES,
  PLEX_TYPE_NUMBER,
  PlexLibrary,
  type PlexItem,
  type PlexItemType,
  type SampleLibraryOptions,
  buildSampleLibrary,
} from './pms-library';

export interface FakePlexServerOptions extends FakeServerOptions {
  /** Owner token (always accepted); more via addToken(). */
  token?: string;
  machineIdentifier?: string;
  version?: string;
  friendlyName?: string;
  /** Send the pre-2024 401 page without the script tag (docs/UPSTREAMS.md B). */
  legacy401?: boolean;
}

// docs/UPSTREAMS.md B "General behaviour": 401 is text/html even when JSON was asked for.
const UNAUTHORIZED_MODERN = "<html><head><script>window.location = window.location.href.match(/(^.+\\/)[^\\/]*$/)[1] + 'web/index.html';</script><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>";
const UNAUTHORIZED_LEGACY = '<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>';
const NOT_FOUND = '<html><head><title>Not Found</title></head><body><h1>404 Not Found</h1></body></html>';
const BAD_REQUEST = '<html><head><title>Bad Request</title></head><body><h1>400 Bad Request</h1></body></html>';

/** 1x1 images (both verified to decode in Chromium). */
export const TINY_JPEG = Buffer.from('/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAAP/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AP//Z', 'base64');
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const SORT_FIELDS: Record<string, (i: PlexItem) => string | number> = {
  titleSort: (i) => i.titleSort.toLowerCase(),
  title: (i) => i.title.toLowerCase(),
  addedAt: (i) => i.addedAt,
  updatedAt: (i) => i.updatedAt,
  year: (i) => i.year ?? 0,
  originallyAvailableAt: (i) => i.year ?? 0,
  rating: (i) => i.rating ?? 0,
  index: (i) => i.index ?? 0,
};

const TOP_TYPE = { movie: 'movie', show: 'show', artist: 'artist', photo: 'movie' } as const;

// XML uses element names per kind instead of JSON's `Metadata`.
const namer: TagNamer = (key, item) => {
  if (key !== 'Metadata') return key;
  if (item.type === 'movie' || item.type === 'episode') return 'Video';
  return item.type === 'track' ? 'Track' : 'Directory';
};

export class FakePlexServer extends FakeServer {
  readonly library = new PlexLibrary();
  readonly token: string;
  readonly machineIdentifier: string;
  readonly version: string;
  readonly friendlyName: string;
  private readonly tokens = new Set<string>();
  private readonly legacy401: boolean;

  constructor(options: FakePlexServerOptions = {}) {
    super(options);
    this.token = options.token ?? 'pms-owner-token';
    this.machineIdentifier = options.machineIdentifier ?? '96f2fe7a78c9dc1f16a16bedbe90f98149be16b4';
    this.version = options.version ?? '1.41.3.9314-a0bfb8370';
    this.friendlyName = options.friendlyName ?? 'MediaNest Test Server';
    this.legacy401 = options.legacy401 ?? false;
    this.tokens.add(this.token);
  }

  /** Movies ("1"), TV Shows ("2"), Music ("3"), deterministic; includes The Matrix and Game of Thrones. */
  static withSampleLibrary(options: SampleLibraryOptions & FakePlexServerOptions = {}): FakePlexServer {
    const server = new FakePlexServer(options);
    buildSampleLibrary(server.library, options);
    return server;
  }

  /** Accepts another token (e.g. a shared user's accessToken from plex.tv resources). */
  addToken(token: string): void {
    this.tokens.add(token);
  }

  revokeToken(token: string): void {
    this.tokens.delete(token);
  }

  findByTitle(title: string): PlexItem | undefined {
    return this.library.findByTitle(title);
  }

  protected downResponse(): FakeResponse {
    // PMS answers 503 while running start-up maintenance (body form UNVERIFIED).
    return xml(503, '<?xml version="1.0" encoding="UTF-8"?>\n<Response code="503" title="Maintenance" status="Plex Media Server is currently running startup maintenance tasks."/>\n', { 'x-plex-protocol': '1.0' });
  }

  protected handle(req: RecordedRequest): FakeResponse {
    if (req.method !== 'GET' && req.method !== 'HEAD') return this.notFound();
    // docs/UPSTREAMS.md B1: /identity needs no token.
    if (req.path === '/identity') {
      return this.container(req, { size: 0, claimed: true, machineIdentifier: this.machineIdentifier, version: this.version });
    }
    const token = headerOrQuery(req, 'X-Plex-Token');
    if (token === undefined || !this.tokens.has(token)) {
      return html(401, this.legacy401 ? UNAUTHORIZED_LEGACY : UNAUTHORIZED_MODERN, { 'x-plex-protocol': '1.0' });
    }
    return this.route(req) ?? this.notFound();
  }

  private route(req: RecordedRequest): FakeResponse | undefined {
    const p = req.path;
    let m: RegExpExecArray | null;
    if (p === '/') return this.root(req);
    if (p === '/library/sections' || p === '/library/sections/all') return this.sections(req);
    if ((m = /^\/library\/sections\/([^/]+)\/all$/.exec(p))) return this.sectionAll(req, m[1] ?? '');
    if ((m = /^\/library\/sections\/([^/]+)\/collections$/.exec(p))) return this.sectionCollections(req, m[1] ?? '');
    if (/^\/library\/(?:metadata|collections)\/\d+\/(?:thumb|art|composite)/.test(p)) {
      return this.library.hasImagePath(p) ? image(req) : undefined;
    }
    if ((m = /^\/library\/metadata\/(\d+)$/.exec(p))) return this.metadata(req, m[1] ?? '');
    if ((m = /^\/library\/(?:metadata|collections)\/(\d+)\/children$/.exec(p))) return this.children(req, m[1] ?? '');
    if ((m = /^\/library\/collections\/(\d+)$/.exec(p))) return this.metadata(req, m[1] ?? '');
    if (p === '/hubs/search') return this.hubSearch(req);
    if (p === '/library/recentlyAdded') return this.recentlyAdded(req);
    if (p === '/photo/:/transcode') return this.transcode(req);
    if (p === '/status/sessions') return this.container(req, { size: 0 });
    return undefined;
  }

  private root(req: RecordedRequest): FakeResponse {
    return this.container(req, {
      size: 1, allowSync: true, friendlyName: this.friendlyName, machineIdentifier: this.machineIdentifier, version: this.version,
      platform: 'Linux', platformVersion: '22.04', myPlex: true, myPlexUsername: 'owner@example.com', myPlexSubscription: false,
      transcoderActiveVideoSessions: 0, updatedAt: 1700000000, Directory: [{ count: 1, key: 'library', title: 'library' }],
    });
  }

  private sections(req: RecordedRequest): FakeResponse {
    const Directory = this.library.sections.map((s) => ({
      allowSync: true, art: `/:/resources/${s.type}-fanart.jpg`, composite: `/library/sections/${s.key}/composite/1700000000`,
      filters: true, refreshing: false, thumb: `/:/resources/${s.type}.png`, key: s.key, type: s.type, title: s.title,
      agent: s.agent, scanner: s.scanner, language: 'en-US', uuid: s.uuid, updatedAt: 1700000000, createdAt: 1560000000,
      scannedAt: 1700000100, content: true, directory: true, contentChangedAt: 3155, hidden: 0,
      Location: [{ id: s.locationId, path: s.locationPath }],
    }));
    return this.container(req, { size: Directory.length, allowSync: false, title1: 'Plex Library', Directory });
  }

  private sectionAll(req: RecordedRequest, key: string): FakeResponse | undefined {
    const section = this.library.section(key);
    if (!section) return undefined;
    const type = req.query.type === undefined ? TOP_TYPE[section.type] : typeFromNumber(req.query.type);
    if (type === undefined) return html(400, BAD_REQUEST);
    const items = this.filter(this.library.sectionItems(key, type), req);
    const sorted = this.sorted(items, req.query.sort ?? 'titleSort');
    if (!sorted) return html(400, BAD_REQUEST);
    return this.listing(req, sorted, {
      allowSync: true, art: `/:/resources/${section.type}-fanart.jpg`, identifier: 'com.plexapp.plugins.library',
      librarySectionID: Number(key), librarySectionTitle: section.title, librarySectionUUID: section.uuid,
      thumb: `/:/resources/${section.type}.png`, title1: section.title, title2: 'All', viewGroup: type,
    });
  }

  private sectionCollections(req: RecordedRequest, key: string): FakeResponse | undefined {
    const section = this.library.section(key);
    if (!section) return undefined;
    const all = [...this.library.collections.values()].filter((c) => c.sectionKey === key).sort((a, b) => a.title.localeCompare(b.title));
    const page = paging(req, all.length);
    const slice = all.slice(page.start, page.end).map((c) => this.library.collectionJson(c));
    return this.container(req, { size: slice.length, ...page.fields, librarySectionID: Number(key), librarySectionTitle: section.title, Metadata: slice }, page.headers);
  }

  private metadata(req: RecordedRequest, ratingKey: string): FakeResponse | undefined {
    const collection = this.library.collections.get(ratingKey);
    if (collection) return this.container(req, { size: 1, Metadata: [this.library.collectionJson(collection)] });
    const item = this.library.items.get(ratingKey);
    if (!item) return undefined;
    // docs/UPSTREAMS.md B5: Guid[] always here; includeChildren=1 adds Children.
    const entry = this.library.metadataJson(item, { includeGuids: true });
    if (req.query.includeChildren === '1') {
      const kids = this.library.childrenOf(ratingKey);
      entry.Children = { size: kids.length, Metadata: kids.map((k) => this.library.metadataJson(k, { includeGuids: false })) };
    }
    const section = this.library.section(item.sectionKey);
    return this.container(req, {
      size: 1, allowSync: true, identifier: 'com.plexapp.plugins.library', librarySectionID: Number(item.sectionKey),
      librarySectionTitle: section?.title, librarySectionUUID: section?.uuid, Metadata: [entry],
    });
  }

  private children(req: RecordedRequest, ratingKey: string): FakeResponse | undefined {
    const collection = this.library.collections.get(ratingKey);
    if (collection) {
      const members = collection.itemRatingKeys.map((rk) => this.library.items.get(rk)).filter((i): i is PlexItem => i !== undefined);
      return this.listing(req, members, { title1: collection.title });
    }
    const parent = this.library.items.get(ratingKey);
    if (!parent) return undefined;
    const sorted = this.sorted(this.library.childrenOf(ratingKey), req.query.sort ?? 'index') ?? [];
    return this.listing(req, sorted, { key: ratingKey, parentRatingKey: Number(ratingKey), parentTitle: parent.title, title1: parent.title });
  }

  private recentlyAdded(req: RecordedRequest): FakeResponse {
    // [PPA] Library.recentlyAdded: mixed types; episodes are grouped under their season.
    const items = [...this.library.items.values()].filter((i) => i.type === 'movie' || i.type === 'season' || i.type === 'album');
    return this.listing(req, this.sorted(items, 'addedAt:desc') ?? [], {});
  }

  private hubSearch(req: RecordedRequest): FakeResponse {
    const query = (req.query.query ?? '').trim().toLowerCase();
    if (query === '') return html(400, BAD_REQUEST); // 400 as text/html ([LHS] /hubs/search)
    // [LHS] /hubs/search 404: "Search restrictions result in no possible items found (such as searching no
    // sections)". Which restrictions exactly trigger it is UNVERIFIED; this fake uses no sections at all, or a
    // sectionId that names none.
    const searchable = this.library.sections.filter((s) => req.query.sectionId === undefined || s.key === req.query.sectionId);
    if (searchable.length === 0) return html(404, NOT_FOUND, { 'x-plex-protocol': '1.0' });
    const limit = Number(req.query.limit ?? 3) || 3;
    const inSection = (i: { sectionKey: string }): boolean => req.query.sectionId === undefined || i.sectionKey === req.query.sectionId;
    const score = (title: string): number => (title.toLowerCase().startsWith(query) ? 0.9 : 0.5) - title.length / 1000;
    const hubTypes: Array<[PlexItemType, string]> = [['movie', 'Movies'], ['show', 'Shows'], ['season', 'Seasons'], ['episode', 'Episodes'], ['artist', 'Artists'], ['album', 'Albums'], ['track', 'Tracks']];
    const Hub: Array<Record<string, unknown>> = hubTypes.map(([type, title]) => {
      const found = [...this.library.items.values()]
        .filter((i) => i.type === type && inSection(i) && i.title.toLowerCase().includes(query))
        .sort((a, b) => score(b.title) - score(a.title) || a.title.localeCompare(b.title));
      const shown = found.slice(0, limit).map((i) => ({ ...this.library.metadataJson(i, { includeGuids: false }), score: score(i.title).toFixed(5) }));
      // docs/UPSTREAMS.md B7: empty hubs have no Metadata key.
      return { title, type, hubIdentifier: type, context: '', size: shown.length, more: found.length > limit, style: 'shelf', ...(shown.length > 0 ? { Metadata: shown } : {}) };
    });
    const collections = [...this.library.collections.values()].filter((c) => inSection(c) && c.title.toLowerCase().includes(query)).slice(0, limit);
    Hub.push({ title: 'Collections', type: 'collection', hubIdentifier: 'collection', context: '', size: collections.length, more: false, style: 'shelf', ...(collections.length > 0 ? { Metadata: collections.map((c) => this.library.collectionJson(c)) } : {}) });
    const genres = this.library.sections.flatMap((s) =>
      GENRES.filter((g) => g.toLowerCase().includes(query) && (req.query.sectionId === undefined || req.query.sectionId === s.key) && [...this.library.items.values()].some((i) => i.sectionKey === s.key && i.genres.includes(g)))
        .map((tag) => ({ key: `/library/sections/${s.key}/all?genre=${genreId(tag)}`, tag, tagType: 1, reason: 'section', reasonID: Number(s.key), reasonTitle: s.title })));
    Hub.push({ title: 'Genres', type: 'genre', hubIdentifier: 'genre', size: Math.min(genres.length, limit), ...(genres.length > 0 ? { Directory: genres.slice(0, limit) } : {}) });
    return this.container(req, { size: Hub.length, Hub });
  }

  private transcode(req: RecordedRequest): FakeResponse | undefined {
    const target = req.query.url;
    if (!target) return html(400, BAD_REQUEST);
    const path = new URL(target, 'http://pms.invalid').pathname;
    return this.library.hasImagePath(path) ? image(req) : undefined;
  }

  private filter(items: PlexItem[], req: RecordedRequest): PlexItem[] {
    const q = req.query;
    return items.filter((i) =>
      (q.year === undefined || String(i.year) === q.year) &&
      (q.title === undefined || i.title.toLowerCase().includes(q.title.toLowerCase())) &&
      // docs/UPSTREAMS.md B4: `addedAt>>=<unix>` parses as the parameter `addedAt>>` (likewise `<<`).
      (q['addedAt>>'] === undefined || i.addedAt > Number(q['addedAt>>'])) &&
      (q['addedAt<<'] === undefined || i.addedAt < Number(q['addedAt<<'])) &&
      (q.genre === undefined || i.genres.some((g) => String(genreId(g)) === q.genre || g === q.genre)) &&
      // Restriction filters of a share (UPSTREAMS F11 keys); `label!=x` parses as the parameter `label!`.
      // Comma-separated values: any of them matches; `!` excludes any of them (PMS's exact rules UNVERIFIED).
      anyOf(q.contentRating, i.contentRating ? [i.contentRating] : []) &&
      noneOf(q['contentRating!'], i.contentRating ? [i.contentRating] : []) &&
      anyOf(q.label, i.labels ?? []) &&
      noneOf(q['label!'], i.labels ?? []));
  }

  /** Plex's `sort=field[:asc|:desc][,field...]`; undefined for an unknown field. */
  private sorted(items: PlexItem[], sort: string): PlexItem[] | undefined {
    const keys = sort.split(',').map((part) => {
      const [field = '', direction] = part.split(':');
      return { get: SORT_FIELDS[field], desc: direction === 'desc' };
    });
    if (keys.some((k) => k.get === undefined)) return undefined;
    return [...items].sort((a, b) => {
      for (const { get, desc } of keys) {
        const x = get?.(a) ?? 0;
        const y = get?.(b) ?? 0;
        if (x !== y) return (x < y ? -1 : 1) * (desc ? -1 : 1);
      }
      return Number(a.ratingKey) - Number(b.ratingKey);
    });
  }

  private listing(req: RecordedRequest, items: PlexItem[], fields: Record<string, unknown>): FakeResponse {
    const page = paging(req, items.length);
    const includeGuids = req.query.includeGuids === '1';
    const Metadata = items.slice(page.start, page.end).map((i) => this.library.metadataJson(i, { includeGuids }));
    return this.container(req, { size: Metadata.length, ...page.fields, ...fields, Metadata }, page.headers);
  }

  private container(req: RecordedRequest, mediaContainer: Record<string, unknown>, headers: Record<string, string> = {}): FakeResponse {
    const all = { 'x-plex-protocol': '1.0', ...headers };
    return wantsJson(req) ? json(200, { MediaContainer: mediaContainer }, all) : xml(200, xmlDocument('MediaContainer', mediaContainer, namer), all);
  }

  private notFound(): FakeResponse {
    return html(404, NOT_FOUND, { 'x-plex-protocol': '1.0' });
  }
}

/**
 * docs/UPSTREAMS.md B "Pagination": X-Plex-Container-Start/-Size as headers or query parameters.
 * totalSize/offset and the response headers are sent when the client asked for a page.
 */
function paging(req: RecordedRequest, total: number): { start: number; end: number; fields: Record<string, number>; headers: Record<string, string> } {
  const rawStart = headerOrQuery(req, 'X-Plex-Container-Start');
  const rawSize = headerOrQuery(req, 'X-Plex-Container-Size');
  if (rawStart === undefined && rawSize === undefined) return { start: 0, end: total, fields: {}, headers: {} };
  const start = Math.max(0, Number(rawStart ?? 0) || 0);
  const size = rawSize === undefined ? total : Math.max(0, Number(rawSize) || 0);
  return {
    start, end: Math.min(total, start + size),
    fields: { totalSize: total, offset: start },
    headers: { 'x-plex-container-start': String(start), 'x-plex-container-total-size': String(total) },
  };
}

function anyOf(wanted: string | undefined, values: string[]): boolean {
  if (wanted === undefined) return true;
  const list = wanted.split(',').map((v) => v.trim().toLowerCase());
  return values.some((v) => list.includes(v.toLowerCase()));
}

function noneOf(excluded: string | undefined, values: string[]): boolean {
  return excluded === undefined || !anyOf(excluded, values);
}

function typeFromNumber(value: string): PlexItemType | undefined {
  const entry = Object.entries(PLEX_TYPE_NUMBER).find(([, n]) => String(n) === value);
  return entry?.[0] as PlexItemType | undefined;
}

function genreId(tag: string): number {
  return 100 + GENRES.indexOf(tag);
}

function image(req: RecordedRequest): FakeResponse {
  const png = req.query.format === 'png';
  return { status: 200, headers: { 'content-type': png ? 'image/png' : 'image/jpeg', 'x-plex-protocol': '1.0' }, body: png ? TINY_PNG : TINY_JPEG };
}
