/**
 * Fake Overseerr / Seerr / Jellyseerr API v1 (docs/UPSTREAMS.md C) with its outgoing webhook (docs/UPSTREAMS.md D).
 * HTTP, authentication and listings live here; state and request rules in overseerr-store.ts.
 */
import {
  FakeServer,
  type FakeResponse,
  type FakeServerOptions,
  type RecordedRequest,
  json,
  noContent,
} from './fake-server';
import {
  type CatalogueTitle,
  MediaRequestStatus,
  type MediaRow,
  type MediaStatus,
  type OverseerrMediaType,
  type OverseerrUser,
  Permission,
  type RequestRow,
  displayName,
  hasPermission,
  mediaJson,
  movieDetailsJson,
  tvDetailsJson,
  userJson,
} from './overseerr-model';
import { type AddTitleInput, type AddUserInput, type OverseerrFlavor, OverseerrStore, type RequestBody, type WebhookEvent, titleKey } from './overseerr-store';
import { DEFAULT_WEBHOOK_TEMPLATE, renderWebhookPayload } from './overseerr-webhook';
import { validateRequestBody, validationError } from './overseerr-validation';
import { PlexImport } from './overseerr-plex-import';

export { MediaRequestStatus, MediaStatus, Permission, Notification } from './overseerr-model';
export type { AddTitleInput, AddUserInput, OverseerrFlavor, WebhookEvent } from './overseerr-store';
export type { WebhookType } from './overseerr-webhook';
export type { PlexTvFriend } from './overseerr-plex-import';

export interface FakeOverseerrOptions extends FakeServerOptions {
  apiKey?: string;
  flavor?: OverseerrFlavor;
  version?: string;
  /** Plex machine id used for mediaInfo.plexUrl. */
  machineId?: string;
  now?: () => number;
  /** Start without The Matrix, Game of Thrones and friends. */
  emptyCatalogue?: boolean;
}

export interface WebhookOptions {
  authHeader?: string;
  /** A custom `jsonPayload` template (object); the default template otherwise. */
  template?: unknown;
  /** Apply the state change the event stands for before sending (default true). */
  applyState?: boolean;
}

const FORBIDDEN = { status: 403, error: 'You do not have permission to access this endpoint' };
const PAGE_SIZE = 20; // TMDB's search page size
type DiscoverList = 'trending' | 'movies' | 'tv' | 'movies/upcoming' | 'tv/upcoming';
/** [OS] routes/discover.ts error messages (UPSTREAMS G1). */
const DISCOVER_ERRORS: Record<DiscoverList, string> = {
  trending: 'Unable to retrieve trending items.',
  movies: 'Unable to retrieve popular movies.',
  tv: 'Unable to retrieve popular series.',
  'movies/upcoming': 'Unable to retrieve upcoming movies.',
  'tv/upcoming': 'Unable to retrieve upcoming series.',
};
const REQUEST_FILTERS = ['all', 'approved', 'available', 'pending', 'processing', 'unavailable', 'failed'];

export class FakeOverseerr extends FakeServer {
  readonly apiKey: string;
  readonly flavor: OverseerrFlavor;
  readonly store: OverseerrStore;
  /** plex.tv users the admin could import (`POST /user/import-from-plex`) and the default permissions they get. */
  readonly plexImport: PlexImport;
  /** Every webhook sent: the rendered body and the answer's status. */
  readonly webhooksSent: Array<{ url: string; body: Record<string, unknown>; status: number }> = [];
  /** Makes GET /search answer 500 "Unable to retrieve search results." (TMDB failing). */
  searchFails = false;
  /**
   * TMDB unreachable, as seen on a real Overseerr (46a9b24) with api.themoviedb.org unresolvable:
   * search answers 200 with no results (the TMDB error is swallowed), details answer their catch-all
   * 500, and creating a request fails with the TMDB error.
   */
  tmdbDown = false;
  /** Called before each page of GET /user is answered (a test changes users between pages). */
  onUserListPage?: (skip: number) => void;
  /** Makes the discover lists answer 500 with Overseerr's messages (TMDB failing). */
  discoverFails = false;
  private readonly version: string;
  private readonly machineId: string;

  constructor(options: FakeOverseerrOptions = {}) {
    super(options);
    this.apiKey = options.apiKey ?? 'overseerr-api-key';
    this.flavor = options.flavor ?? 'overseerr';
    // The successors' version strings are illustrative (any non-empty string passes /status readers).
    this.version = options.version ?? { overseerr: '1.33.2', jellyseerr: '2.5.2', seerr: '3.0.0' }[this.flavor];
    this.machineId = options.machineId ?? '96f2fe7a78c9dc1f16a16bedbe90f98149be16b4';
    this.store = new OverseerrStore({ flavor: this.flavor, machineId: this.machineId, now: options.now ?? Date.now, emptyCatalogue: options.emptyCatalogue ?? false });
    this.plexImport = new PlexImport(this.store);
  }

  get users(): Map<number, OverseerrUser> { return this.store.users; }
  get media(): Map<number, MediaRow> { return this.store.media; }
  get requestRows(): Map<number, RequestRow> { return this.store.requestRows; }

  addUser(input: AddUserInput): OverseerrUser { return this.store.addUser(input); }
  addTitle(input: AddTitleInput): CatalogueTitle { return this.store.addTitle(input); }
  findMedia(tmdbId: number, mediaType: OverseerrMediaType): MediaRow | undefined { return this.store.findMedia(tmdbId, mediaType); }

  /** Sets (creating if needed) the Media row, as Plex/Radarr/Sonarr syncs would. */
  setMediaStatus(tmdbId: number, mediaType: OverseerrMediaType, status: MediaStatus, options: { is4k?: boolean; ratingKey?: string } = {}): MediaRow {
    return this.store.setMediaStatus(tmdbId, mediaType, status, options);
  }

  /** A Plex library scan of a show: per-season statuses, the show status and its ratingKey (UPSTREAMS G4). */
  scanShow(tmdbId: number, seasonStatuses: Record<number, MediaStatus>, ratingKey: string): MediaRow {
    return this.store.scanShow(tmdbId, seasonStatuses, ratingKey);
  }

  /** Changes a request's status as approve/decline would, including the media status hooks. */
  setRequestStatus(requestId: number, status: MediaRequestStatus, modifiedById: number | null = 1): RequestRow {
    return this.store.setRequestStatus(requestId, status, modifiedById);
  }

  /** The body Overseerr would POST for this event (default template unless given). */
  renderWebhook(event: WebhookEvent, template: unknown = DEFAULT_WEBHOOK_TEMPLATE): Record<string, unknown> {
    return renderWebhookPayload(template, this.store.notificationPayload(event), event.type);
  }

  /** POSTs the webhook like Overseerr's agent ([OS] agents/webhook.ts) and returns the HTTP status. */
  async sendWebhook(url: string, event: WebhookEvent, options: WebhookOptions = {}): Promise<number> {
    if (options.applyState ?? true) this.store.applyEvent(event);
    const body = this.renderWebhook(event, options.template);
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/plain, */*', 'user-agent': 'axios/1.7.9' };
    if (options.authHeader) headers.authorization = options.authHeader;
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(20_000) });
    await response.arrayBuffer();
    this.webhooksSent.push({ url, body, status: response.status });
    return response.status;
  }

  protected downResponse(): FakeResponse {
    // Overseerr's error handler shape ([OS] server/index.ts) for a failing database.
    return json(500, { message: 'SQLITE_BUSY: database is locked' });
  }

  protected handle(req: RecordedRequest): FakeResponse {
    const path = req.path.replace(/\/+$/, '');
    if (!path.startsWith('/api/v1')) return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html><html><head><title>Overseerr</title></head><body></body></html>' };
    const route = path.slice('/api/v1'.length) || '/';
    if (req.method === 'GET' && route === '/status') {
      return json(200, { version: this.version, commitTag: 'b1f6ae4', updateAvailable: false, commitsBehind: 0, restartRequired: false });
    }
    const apiKey = req.headers['x-api-key'];
    if (apiKey === undefined) {
      // docs/UPSTREAMS.md C "Authentication": the validator rejects the missing cookie first.
      const message = "cookie 'connect.sid' required";
      return json(401, { message, errors: [{ path, message }] });
    }
    // [EOV] req.parameter.mutator.ts: no parameter in overseerr-api.yml has allowReserved, so a raw reserved
    // character in any query value is a 400 from the request validator (it runs before the route's own checks).
    const unencoded = rawQueryParameters(req.url).find(([, value]) => RESERVED.test(value));
    if (unencoded) {
      const message = `Parameter '${unencoded[0]}' must be url encoded. Its value may not contain reserved characters.`;
      return json(400, { message, errors: [{ path: `/query/${unencoded[0]}`, message }] });
    }
    // [OS] middleware/auth.ts checkUser: a wrong key, and a valid key whose X-API-User names no user,
    // both leave req.user unset, so isAuthenticated answers the same 403.
    const userHeader = req.headers['x-api-user'];
    const user = apiKey === this.apiKey ? this.store.users.get(userHeader === undefined ? 1 : Number(userHeader)) : undefined;
    if (!user) return json(403, FORBIDDEN);
    return this.route(req, route, user) ?? json(404, { message: 'not found', errors: [{ path, message: 'not found' }] });
  }

  private route(req: RecordedRequest, route: string, user: OverseerrUser): FakeResponse | undefined {
    const { method } = req;
    let m: RegExpExecArray | null;
    if (method === 'GET' && route === '/search') return this.search(req);
    if (method === 'POST' && route === '/request') {
      const invalid = validateRequestBody(req.body);
      if (invalid) return invalid;
      if (this.tmdbDown) return json(500, { message: 'getaddrinfo ENOTFOUND api.themoviedb.org' });
      const outcome = this.store.createRequest(req.body as RequestBody, user);
      return json(outcome.status, outcome.body);
    }
    if (method === 'GET' && route === '/request') return this.listRequests(req, user);
    if ((m = /^\/request\/(\d+)$/.exec(route))) {
      const request = this.store.requestRows.get(Number(m[1]));
      if (!request) return json(404, { message: 'Request not found.' });
      if (method === 'GET') {
        if (request.requestedById !== user.id && !hasPermission(user.permissions, [Permission.MANAGE_REQUESTS, Permission.REQUEST_VIEW], 'or')) {
          return json(403, { message: 'You do not have permission to view this request.' });
        }
        return json(200, this.store.requestJson(request));
      }
      if (method === 'DELETE') {
        // [OS] routes/request.ts: the condition really is this permissive.
        if (!hasPermission(user.permissions, Permission.MANAGE_REQUESTS) && request.requestedById !== user.id && request.status !== MediaRequestStatus.PENDING) {
          return json(401, { message: 'You do not have permission to delete this request.' });
        }
        this.store.deleteRequest(request);
        return noContent();
      }
    }
    if (method === 'POST' && (m = /^\/request\/(\d+)\/(approve|decline)$/.exec(route))) {
      if (!hasPermission(user.permissions, Permission.MANAGE_REQUESTS)) return json(403, FORBIDDEN);
      if (!this.store.requestRows.has(Number(m[1]))) return json(404, { message: 'Request not found.' });
      const status = m[2] === 'approve' ? MediaRequestStatus.APPROVED : MediaRequestStatus.DECLINED;
      return json(200, this.store.requestJson(this.setRequestStatus(Number(m[1]), status, user.id)));
    }
    if (method === 'GET' && route === '/user') return this.listUsers(req, user);
    if (method === 'POST' && route === '/user/import-from-plex') {
      // UPSTREAMS G7: needs MANAGE_USERS (ADMIN implies it).
      if (!hasPermission(user.permissions, Permission.MANAGE_USERS)) return json(403, FORBIDDEN);
      const outcome = this.plexImport.run(req.body);
      return json(outcome.status, outcome.body);
    }
    if (method === 'GET' && (m = /^\/discover\/(trending|movies|tv|movies\/upcoming|tv\/upcoming)$/.exec(route))) return this.discover(req, m[1] as DiscoverList);
    if (method === 'GET' && (m = /^\/user\/(\d+)\/quota$/.exec(route))) return this.quota(Number(m[1]), user);
    if (method === 'GET' && (m = /^\/(movie|tv)\/(\d+)$/.exec(route))) {
      const mediaType = m[1] as OverseerrMediaType;
      const title = this.tmdbDown ? undefined : this.store.titles.get(titleKey(mediaType, Number(m[2])));
      // [OS] routes/movie.ts, tv.ts: every failure (unknown id, TMDB down or rate limited) is this one 500.
      if (!title) return json(500, { message: mediaType === 'movie' ? 'Unable to retrieve movie.' : 'Unable to retrieve series.' });
      const media = this.store.findMedia(title.tmdbId, mediaType);
      const mediaInfo = media ? { ...mediaJson(media, this.machineId), requests: this.store.requestsFor(media).map((r) => this.store.requestJson(r)), issues: [] } : undefined;
      return json(200, mediaType === 'movie' ? movieDetailsJson(title, mediaInfo) : tvDetailsJson(title, mediaInfo));
    }
    return undefined;
  }

  /** UPSTREAMS G1: 20 per page; TMDB serves pages 1..500. */
  private discover(req: RecordedRequest, list: DiscoverList): FakeResponse {
    if (this.discoverFails) return json(500, { message: DISCOVER_ERRORS[list] });
    const page = req.query.page === undefined ? 1 : Number(req.query.page);
    if (!Number.isInteger(page) || page < 1) return validationError('query', 'page', 'type', 'number');
    const results = this.store.discover(list);
    return json(200, { page, totalPages: Math.max(1, Math.ceil(results.length / PAGE_SIZE)), totalResults: results.length, results: results.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE) });
  }

  private search(req: RecordedRequest): FakeResponse {
    const query = req.query.query;
    if (query === undefined) return validationError('query', 'query', 'required');
    if (this.searchFails) return json(500, { message: 'Unable to retrieve search results.' });
    if (this.tmdbDown) return json(200, { page: 1, totalPages: 1, totalResults: 0, results: [] });
    const page = Math.max(1, Number(req.query.page ?? 1) || 1);
    const byId = /^tmdb:(\d+)$/.exec(query);
    const needle = query.toLowerCase();
    const titles = [...this.store.titles.values()].filter((t) => (byId ? t.tmdbId === Number(byId[1]) : t.title.toLowerCase().includes(needle)));
    const results: Array<Record<string, unknown>> = titles.map((t) => this.store.searchResult(t));
    if (!byId) {
      for (const p of this.store.people.filter((x) => x.name.toLowerCase().includes(needle))) {
        const knownFor = p.knownFor.map((id) => this.store.titles.get(titleKey('movie', id))).filter((t): t is CatalogueTitle => t !== undefined);
        results.push({ id: p.id, name: p.name, popularity: 50, profilePath: p.profilePath, adult: false, mediaType: 'person', knownFor: knownFor.map((t) => this.store.searchResult(t)) });
      }
    }
    return json(200, { page, totalPages: Math.max(1, Math.ceil(results.length / PAGE_SIZE)), totalResults: results.length, results: results.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE) });
  }

  private listRequests(req: RecordedRequest, user: OverseerrUser): FakeResponse {
    const take = Number(req.query.take ?? 10);
    const skip = Number(req.query.skip ?? 0);
    const filter = req.query.filter ?? 'all';
    if (!REQUEST_FILTERS.includes(filter)) return validationError('query', 'filter', 'enum', REQUEST_FILTERS);
    const canViewAll = hasPermission(user.permissions, [Permission.MANAGE_REQUESTS, Permission.REQUEST_VIEW], 'or');
    let requestedBy = req.query.requestedBy === undefined ? undefined : Number(req.query.requestedBy);
    if (!canViewAll) {
      if (requestedBy !== undefined && requestedBy !== user.id) return json(403, { message: "You do not have permission to view this user's requests." });
      requestedBy = user.id;
    }
    const rows = [...this.store.requestRows.values()].filter((r) => (requestedBy === undefined || r.requestedById === requestedBy) && this.store.matchesFilter(r, filter));
    rows.sort(req.query.sort === 'modified' ? (a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id - a.id : (a, b) => b.id - a.id);
    return json(200, {
      pageInfo: { pages: Math.ceil(rows.length / take), pageSize: take, results: rows.length, page: Math.ceil(skip / take) + 1 },
      results: rows.slice(skip, skip + take).map((r) => this.store.requestJson(r)),
    });
  }

  /** UPSTREAMS G6: one's own quota, or anyone's with MANAGE_USERS and MANAGE_REQUESTS. */
  private quota(userId: number, caller: OverseerrUser): FakeResponse {
    if (userId !== caller.id && !hasPermission(caller.permissions, [Permission.MANAGE_USERS, Permission.MANAGE_REQUESTS])) {
      return json(403, { message: "You do not have permission to view this user's request limits." });
    }
    const target = this.store.users.get(userId);
    if (!target) return json(404, { message: `Could not find any entity of type "User" matching: {\n    "id": ${userId}\n}` });
    const part = (mediaType: OverseerrMediaType) => {
      const q = this.store.quotaDetails(target, mediaType);
      return { days: q.days, limit: q.limit, used: q.used, ...(q.limit ? { remaining: q.remaining } : {}), restricted: q.restricted };
    };
    return json(200, { movie: part('movie'), tv: part('tv') });
  }

  private listUsers(req: RecordedRequest, caller: OverseerrUser): FakeResponse {
    const take = Number(req.query.take ?? 10);
    const skip = Number(req.query.skip ?? 0);
    const count = (u: OverseerrUser): number => [...this.store.requestRows.values()].filter((r) => r.requestedById === u.id).length;
    this.onUserListPage?.(skip);
    // [OS] routes/user/index.ts: `created` (the yml default) has no case of its own and falls to the default order, by id.
    const users = [...this.store.users.values()].sort((a, b) => a.id - b.id);
    if (req.query.sort === 'updated') users.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    else if (req.query.sort === 'displayname') users.sort((a, b) => displayName(a).localeCompare(displayName(b)));
    else if (req.query.sort === 'requests') users.sort((a, b) => count(b) - count(a));
    const showFiltered = hasPermission(caller.permissions, Permission.MANAGE_USERS);
    return json(200, {
      pageInfo: { pages: Math.ceil(users.length / take), pageSize: take, results: users.length, page: Math.ceil(skip / take) + 1 },
      results: users.slice(skip, skip + take).map((u) => userJson(u, { showFiltered, requestCount: count(u) })),
    });
  }
}

/** Characters the validator refuses raw in a query value ([EOV] validateReservedCharacters). */
const RESERVED = /[:/?#[\]@!$&'()*+,;=]/;

/** Query parameters as sent on the wire (still percent-encoded), to see what the client left unencoded. */
function rawQueryParameters(url: string): Array<[string, string]> {
  const at = url.indexOf('?');
  if (at < 0) return [];
  return url
    .slice(at + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    });
}
