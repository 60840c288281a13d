/**
 * Fake Overseerr / Seerr / Jellyseerr API v1 (UPSTREAMS C) with its outgoing webhook (UPSTREAMS D).
 * The request rules follow [OS] entity/MediaRequest.ts: permission, quota, duplicate and season
 * checks, auto-approval, and the media status hooks that run after a request is saved.
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
  type CataloguePerson,
  type CatalogueTitle,
  IMAGE_BASE,
  MediaRequestStatus,
  type MediaRow,
  MediaStatus,
  type OverseerrMediaType,
  type OverseerrUser,
  Permission,
  type RequestRow,
  defaultCatalogue,
  displayName,
  hasPermission,
  mediaJson,
  movieDetailsJson,
  searchResultJson,
  tvDetailsJson,
  userJson,
} from './overseerr-model';
import { DEFAULT_WEBHOOK_TEMPLATE, type NotificationPayload, type WebhookType, renderWebhookPayload, truncateOverview } from './overseerr-webhook';
import { validateRequestBody, validationError } from './overseerr-validation';

export { MediaRequestStatus, MediaStatus, Permission, Notification } from './overseerr-model';
export type { WebhookType } from './overseerr-webhook';

export interface FakeOverseerrOptions extends FakeServerOptions {
  apiKey?: string;
  flavor?: 'overseerr' | 'jellyseerr';
  version?: string;
  /** Plex machine id used for mediaInfo.plexUrl. */
  machineId?: string;
  now?: () => number;
  /** Start without The Matrix, Game of Thrones and friends. */
  emptyCatalogue?: boolean;
}

export interface AddUserInput {
  id: number;
  email: string;
  plexId?: number | null;
  plexUsername?: string | null;
  username?: string | null;
  permissions?: number;
  movieQuotaLimit?: number | null;
  movieQuotaDays?: number | null;
  tvQuotaLimit?: number | null;
  tvQuotaDays?: number | null;
  settings?: { discordId?: string; telegramChatId?: string };
}

export interface WebhookEvent {
  type: WebhookType;
  requestId?: number;
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
const REQUEST_FILTERS = ['all', 'approved', 'available', 'pending', 'processing', 'unavailable', 'failed'];
const DAY_MS = 86_400_000;

export class FakeOverseerr extends FakeServer {
  readonly apiKey: string;
  readonly flavor: 'overseerr' | 'jellyseerr';
  readonly users = new Map<number, OverseerrUser>();
  readonly titles = new Map<string, CatalogueTitle>();
  readonly people: CataloguePerson[] = [];
  readonly media = new Map<number, MediaRow>();
  readonly requestRows = new Map<number, RequestRow>();
  /** Every webhook sent: the rendered body and the answer's status. */
  readonly webhooksSent: Array<{ url: string; body: Record<string, unknown>; status: number }> = [];
  searchFails = false;
  private readonly version: string;
  private readonly machineId: string;
  private readonly now: () => number;
  private nextMediaId = 1;
  private nextRequestId = 1;
  private nextSeasonId = 1;

  constructor(options: FakeOverseerrOptions = {}) {
    super(options);
    this.apiKey = options.apiKey ?? 'overseerr-api-key';
    this.flavor = options.flavor ?? 'overseerr';
    this.version = options.version ?? (this.flavor === 'jellyseerr' ? '2.5.2' : '1.33.2');
    this.machineId = options.machineId ?? '96f2fe7a78c9dc1f16a16bedbe90f98149be16b4';
    this.now = options.now ?? Date.now;
    // [OS] middleware/auth.ts: the API key acts as user 1, the admin.
    this.addUser({ id: 1, email: 'admin@example.com', plexId: 1, plexUsername: 'admin', permissions: Permission.ADMIN });
    if (!options.emptyCatalogue) {
      const { titles, people } = defaultCatalogue();
      for (const t of titles) this.titles.set(key(t.mediaType, t.tmdbId), t);
      this.people.push(...people);
    }
  }

  addUser(input: AddUserInput): OverseerrUser {
    const stamp = this.iso();
    const user: OverseerrUser = {
      plexId: null, plexUsername: null, username: null, permissions: Permission.REQUEST, movieQuotaLimit: null, movieQuotaDays: null,
      tvQuotaLimit: null, tvQuotaDays: null, settings: {}, ...input,
      userType: input.plexId ? 1 : 2, avatar: `https://plex.tv/users/${input.id.toString(16).padStart(16, '0')}/avatar?c=1700000000`,
      createdAt: stamp, updatedAt: stamp,
    };
    if (user.movieQuotaLimit && !user.movieQuotaDays) user.movieQuotaDays = 7;
    if (user.tvQuotaLimit && !user.tvQuotaDays) user.tvQuotaDays = 7;
    this.users.set(user.id, user);
    return user;
  }

  addTitle(input: { tmdbId: number; mediaType: OverseerrMediaType; title: string; year: number; posterPath?: string | null; overview?: string; seasons?: number; tvdbId?: number | null; imdbId?: string | null }): CatalogueTitle {
    const title: CatalogueTitle = {
      releaseDate: `${input.year}-01-01`, posterPath: null, backdropPath: null, overview: '', imdbId: null, tvdbId: null,
      seasons: input.mediaType === 'tv' ? 1 : 0, genreIds: [], popularity: 10, ...input,
    };
    this.titles.set(key(title.mediaType, title.tmdbId), title);
    return title;
  }

  /** Sets (and creates if needed) the Media row, as Plex/Radarr/Sonarr syncs would. */
  setMediaStatus(tmdbId: number, mediaType: OverseerrMediaType, status: MediaStatus, options: { is4k?: boolean; ratingKey?: string } = {}): MediaRow {
    const media = this.findMedia(tmdbId, mediaType) ?? this.createMedia(tmdbId, mediaType, MediaStatus.UNKNOWN, false);
    media[options.is4k ? 'status4k' : 'status'] = status;
    if (options.ratingKey !== undefined) media.ratingKey = options.ratingKey;
    media.updatedAt = this.iso();
    // Jellyseerr marks the approved requests COMPLETED once the media is available.
    if (this.flavor === 'jellyseerr' && status === MediaStatus.AVAILABLE) {
      for (const r of this.requestsFor(media)) if (r.status === MediaRequestStatus.APPROVED && r.is4k === !!options.is4k) r.status = MediaRequestStatus.COMPLETED;
    }
    return media;
  }

  /** Changes a request's status as approve/decline would, including the media status hooks. */
  setRequestStatus(requestId: number, status: MediaRequestStatus, modifiedById: number | null = 1): RequestRow {
    const request = this.requestRows.get(requestId);
    if (!request) throw new Error(`FakeOverseerr: no request ${requestId}`);
    request.status = status;
    request.modifiedById = modifiedById;
    request.updatedAt = this.iso();
    this.updateParentStatus(request);
    return request;
  }

  findMedia(tmdbId: number, mediaType: OverseerrMediaType): MediaRow | undefined {
    return [...this.media.values()].find((m) => m.tmdbId === tmdbId && m.mediaType === mediaType);
  }

  /** The body Overseerr would POST for this event (default template unless given). */
  renderWebhook(event: WebhookEvent, template: unknown = DEFAULT_WEBHOOK_TEMPLATE): Record<string, unknown> {
    return renderWebhookPayload(template, this.notificationPayload(event), event.type);
  }

  /** POSTs the webhook like Overseerr's agent ([OS] agents/webhook.ts) and returns the HTTP status. */
  async sendWebhook(url: string, event: WebhookEvent, options: WebhookOptions = {}): Promise<number> {
    if (options.applyState ?? true) this.applyEvent(event);
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
      // UPSTREAMS C "Authentication": the validator rejects the missing cookie first.
      const message = "cookie 'connect.sid' required";
      return json(401, { message, errors: [{ path, message }] });
    }
    const userHeader = req.headers['x-api-user'];
    const user = apiKey === this.apiKey ? this.users.get(userHeader === undefined ? 1 : Number(userHeader)) : undefined;
    if (!user) return json(403, FORBIDDEN);
    return this.route(req, route, user) ?? json(404, { message: 'not found', errors: [{ path, message: 'not found' }] });
  }

  private route(req: RecordedRequest, route: string, user: OverseerrUser): FakeResponse | undefined {
    const { method } = req;
    let m: RegExpExecArray | null;
    if (method === 'GET' && route === '/search') return this.search(req);
    if (method === 'POST' && route === '/request') return this.createRequest(req, user);
    if (method === 'GET' && route === '/request') return this.listRequests(req, user);
    if ((m = /^\/request\/(\d+)$/.exec(route))) {
      const request = this.requestRows.get(Number(m[1]));
      if (!request) return json(404, { message: 'Request not found.' });
      if (method === 'GET') {
        if (request.requestedById !== user.id && !hasPermission(user.permissions, [Permission.MANAGE_REQUESTS, Permission.REQUEST_VIEW], 'or')) {
          return json(403, { message: 'You do not have permission to view this request.' });
        }
        return json(200, this.requestJson(request));
      }
      if (method === 'DELETE') {
        // [OS] routes/request.ts: the condition really is this permissive.
        if (!hasPermission(user.permissions, Permission.MANAGE_REQUESTS) && request.requestedById !== user.id && request.status !== MediaRequestStatus.PENDING) {
          return json(401, { message: 'You do not have permission to delete this request.' });
        }
        this.deleteRequest(request);
        return noContent();
      }
    }
    if (method === 'POST' && (m = /^\/request\/(\d+)\/(approve|decline)$/.exec(route))) {
      if (!hasPermission(user.permissions, Permission.MANAGE_REQUESTS)) return json(403, FORBIDDEN);
      if (!this.requestRows.has(Number(m[1]))) return json(404, { message: 'Request not found.' });
      const status = m[2] === 'approve' ? MediaRequestStatus.APPROVED : MediaRequestStatus.DECLINED;
      return json(200, this.requestJson(this.setRequestStatus(Number(m[1]), status, user.id)));
    }
    if (method === 'GET' && route === '/user') return this.listUsers(req, user);
    if (method === 'GET' && (m = /^\/(movie|tv)\/(\d+)$/.exec(route))) {
      const mediaType = m[1] as OverseerrMediaType;
      const title = this.titles.get(key(mediaType, Number(m[2])));
      if (!title) return json(500, { message: mediaType === 'movie' ? 'Unable to retrieve movie.' : 'Unable to retrieve series.' });
      const media = this.findMedia(title.tmdbId, mediaType);
      const mediaInfo = media ? { ...mediaJson(media, this.machineId), requests: this.requestsFor(media).map((r) => this.requestJson(r)), issues: [] } : undefined;
      return json(200, mediaType === 'movie' ? movieDetailsJson(title, mediaInfo) : tvDetailsJson(title, mediaInfo));
    }
    return undefined;
  }

  private search(req: RecordedRequest): FakeResponse {
    const query = req.query.query;
    if (query === undefined) return validationError('query', 'query', 'required');
    if (this.searchFails) return json(500, { message: 'Unable to retrieve search results.' });
    const page = Math.max(1, Number(req.query.page ?? 1) || 1);
    const byId = /^tmdb:(\d+)$/.exec(query);
    const needle = query.toLowerCase();
    const titles = [...this.titles.values()].filter((t) => (byId ? t.tmdbId === Number(byId[1]) : t.title.toLowerCase().includes(needle)));
    const results: Array<Record<string, unknown>> = titles.map((t) => this.searchResult(t));
    if (!byId) {
      for (const p of this.people.filter((x) => x.name.toLowerCase().includes(needle))) {
        const knownFor = p.knownFor.map((id) => this.titles.get(key('movie', id))).filter((t): t is CatalogueTitle => t !== undefined);
        results.push({ id: p.id, name: p.name, popularity: 50, profilePath: p.profilePath, adult: false, mediaType: 'person', knownFor: knownFor.map((t) => this.searchResult(t)) });
      }
    }
    return json(200, { page, totalPages: Math.max(1, Math.ceil(results.length / PAGE_SIZE)), totalResults: results.length, results: results.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE) });
  }

  private createRequest(req: RecordedRequest, user: OverseerrUser): FakeResponse {
    const invalid = validateRequestBody(req.body);
    if (invalid) return invalid;
    const body = req.body as { mediaType: OverseerrMediaType; mediaId: number; seasons?: number[] | 'all'; is4k?: boolean; userId?: number };
    const is4k = body.is4k ?? false;
    let requestUser = user;
    if (body.userId) {
      if (!hasPermission(user.permissions, [Permission.MANAGE_USERS, Permission.MANAGE_REQUESTS])) return json(403, { message: 'You do not have permission to modify the request user.' });
      const other = this.users.get(body.userId);
      if (!other) return json(500, { message: 'Could not find any entity of type "User" matching: {\n    "where": {\n        "id": ' + body.userId + '\n    }\n}' });
      requestUser = other;
    }
    const movie = body.mediaType === 'movie';
    const requestPerms = is4k ? [Permission.REQUEST_4K, movie ? Permission.REQUEST_4K_MOVIE : Permission.REQUEST_4K_TV] : [Permission.REQUEST, movie ? Permission.REQUEST_MOVIE : Permission.REQUEST_TV];
    if (!hasPermission(requestUser.permissions, requestPerms, 'or')) {
      return json(403, { message: `You do not have permission to make ${is4k ? '4K ' : ''}${movie ? 'movie' : 'series'} requests.` });
    }
    const quota = this.quota(requestUser, body.mediaType);
    if (quota.restricted) return json(403, { message: movie ? 'Movie Quota exceeded.' : 'Series Quota exceeded.' });
    const title = this.titles.get(key(body.mediaType, body.mediaId));
    if (!title) return json(500, { message: `[TMDB] Failed to fetch ${movie ? 'movie' : 'TV show'} details: Request failed with status code 404` });

    const existingMedia = this.findMedia(title.tmdbId, body.mediaType);
    const existing = existingMedia ? this.requestsFor(existingMedia).filter((r) => r.is4k === is4k) : [];
    const first = existing[0];
    if (movie && first && first.status !== MediaRequestStatus.DECLINED && first.status !== MediaRequestStatus.COMPLETED) {
      return json(409, { message: 'Request for this media already exists.' });
    }
    let seasons: number[] = [];
    if (!movie) {
      if (body.seasons === undefined) return json(500, { message: "Cannot read properties of undefined (reading 'filter')" });
      const requested = body.seasons === 'all' ? Array.from({ length: title.seasons }, (_, i) => i + 1) : body.seasons;
      const taken = new Set([
        ...existing.filter((r) => r.status !== MediaRequestStatus.DECLINED && r.status !== MediaRequestStatus.COMPLETED).flatMap((r) => r.seasons.map((s) => s.seasonNumber)),
        ...(existingMedia?.seasons ?? []).filter((s) => s[is4k ? 'status4k' : 'status'] !== MediaStatus.UNKNOWN && s[is4k ? 'status4k' : 'status'] !== MediaStatus.DELETED).map((s) => s.seasonNumber),
      ]);
      seasons = requested.filter((n) => !taken.has(n));
      if (seasons.length === 0) return json(202, { message: 'No seasons available to request' });
      if (quota.limit && seasons.length > quota.remaining) return json(403, { message: 'Series Quota exceeded.' });
    }

    const media = existingMedia ?? this.createMedia(title.tmdbId, body.mediaType, MediaStatus.UNKNOWN, false, title);
    if (!is4k && media.status === MediaStatus.UNKNOWN) media.status = MediaStatus.PENDING;
    if (is4k && media.status4k === MediaStatus.UNKNOWN) media.status4k = MediaStatus.PENDING;
    // Auto-approval looks at the acting user, not the one the request is made for ([OS]).
    const autoPerm = movie ? (is4k ? Permission.AUTO_APPROVE_4K_MOVIE : Permission.AUTO_APPROVE_MOVIE) : is4k ? Permission.AUTO_APPROVE_4K_TV : Permission.AUTO_APPROVE_TV;
    const auto = hasPermission(user.permissions, [is4k ? Permission.AUTO_APPROVE_4K : Permission.AUTO_APPROVE, autoPerm, Permission.MANAGE_REQUESTS], 'or');
    const status = auto ? MediaRequestStatus.APPROVED : MediaRequestStatus.PENDING;
    const stamp = this.iso();
    const request: RequestRow = {
      id: this.nextRequestId++, status, mediaId: media.id, requestedById: requestUser.id, modifiedById: auto ? user.id : null,
      type: body.mediaType, is4k, serverId: null, profileId: null, rootFolder: null, languageProfileId: null, createdAt: stamp, updatedAt: stamp,
      seasons: seasons.map((seasonNumber) => ({ id: this.nextSeasonId++, seasonNumber, status, createdAt: stamp, updatedAt: stamp })),
    };
    this.requestRows.set(request.id, request);
    // The 201 body holds the media as saved before the AfterInsert hook changed it (UPSTREAMS C3: status 2).
    const created = { ...this.requestJson(request), media: { ...mediaJson(media, this.machineId) } };
    delete created.seasonCount;
    if (!auto) delete created.modifiedBy;
    if (movie) delete created.seasons;
    this.updateParentStatus(request);
    return json(201, created);
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
    const rows = [...this.requestRows.values()].filter((r) => (requestedBy === undefined || r.requestedById === requestedBy) && this.matchesFilter(r, filter));
    rows.sort(req.query.sort === 'modified' ? (a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id - a.id : (a, b) => b.id - a.id);
    return json(200, {
      pageInfo: { pages: Math.ceil(rows.length / take), pageSize: take, results: rows.length, page: Math.ceil(skip / take) + 1 },
      results: rows.slice(skip, skip + take).map((r) => this.requestJson(r)),
    });
  }

  /** UPSTREAMS C4 filter meanings. */
  private matchesFilter(r: RequestRow, filter: string): boolean {
    const media = this.media.get(r.mediaId);
    const mediaStatus = media ? media[r.is4k ? 'status4k' : 'status'] : MediaStatus.UNKNOWN;
    const approvedLike = r.status === MediaRequestStatus.APPROVED || r.status === MediaRequestStatus.COMPLETED;
    switch (filter) {
      case 'pending': return r.status === MediaRequestStatus.PENDING;
      case 'approved': return r.status === MediaRequestStatus.APPROVED;
      case 'processing': return r.status === MediaRequestStatus.APPROVED && mediaStatus <= MediaStatus.PARTIALLY_AVAILABLE;
      case 'available': return approvedLike && mediaStatus === MediaStatus.AVAILABLE;
      case 'unavailable': return r.status <= MediaRequestStatus.DECLINED && mediaStatus !== MediaStatus.AVAILABLE;
      case 'failed': return r.status === MediaRequestStatus.FAILED;
      default: return true;
    }
  }

  private listUsers(req: RecordedRequest, caller: OverseerrUser): FakeResponse {
    const take = Number(req.query.take ?? 10);
    const skip = Number(req.query.skip ?? 0);
    const count = (u: OverseerrUser): number => [...this.requestRows.values()].filter((r) => r.requestedById === u.id).length;
    const users = [...this.users.values()];
    if (req.query.sort === 'updated') users.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    else if (req.query.sort === 'displayname') users.sort((a, b) => displayName(a).localeCompare(displayName(b)));
    else if (req.query.sort === 'requests') users.sort((a, b) => count(b) - count(a));
    const showFiltered = hasPermission(caller.permissions, Permission.MANAGE_USERS);
    return json(200, {
      pageInfo: { pages: Math.ceil(users.length / take), pageSize: take, results: users.length, page: Math.ceil(skip / take) + 1 },
      results: users.slice(skip, skip + take).map((u) => userJson(u, { showFiltered, requestCount: count(u) })),
    });
  }

  private quota(user: OverseerrUser, mediaType: OverseerrMediaType): { limit: number; remaining: number; restricted: boolean } {
    // [OS] User.getQuota: MANAGE_USERS + MANAGE_REQUESTS (or ADMIN) bypass quotas.
    const bypass = hasPermission(user.permissions, [Permission.MANAGE_USERS, Permission.MANAGE_REQUESTS]);
    const limit = bypass ? 0 : ((mediaType === 'movie' ? user.movieQuotaLimit : user.tvQuotaLimit) ?? 0);
    if (!limit) return { limit: 0, remaining: 0, restricted: false };
    const since = this.now() - ((mediaType === 'movie' ? user.movieQuotaDays : user.tvQuotaDays) ?? 7) * DAY_MS;
    const recent = [...this.requestRows.values()].filter((r) => r.requestedById === user.id && r.type === mediaType && r.status !== MediaRequestStatus.DECLINED && Date.parse(r.createdAt) > since);
    const used = mediaType === 'movie' ? recent.length : recent.reduce((n, r) => n + r.seasons.length, 0);
    return { limit, remaining: Math.max(0, limit - used), restricted: limit - used <= 0 };
  }

  /** [OS] MediaRequest.updateParentStatus (runs after insert and update). */
  private updateParentStatus(r: RequestRow): void {
    const media = this.media.get(r.mediaId);
    if (!media) return;
    const field = r.is4k ? 'status4k' : 'status';
    if (r.status === MediaRequestStatus.APPROVED && media[field] !== MediaStatus.AVAILABLE && media[field] !== MediaStatus.PARTIALLY_AVAILABLE) media[field] = MediaStatus.PROCESSING;
    if (r.status === MediaRequestStatus.DECLINED && media[field] !== MediaStatus.DELETED) {
      const pending = this.requestsFor(media).some((x) => x.status === MediaRequestStatus.PENDING);
      if (media.mediaType === 'movie' || (!pending && media[field] === MediaStatus.PENDING)) media[field] = MediaStatus.UNKNOWN;
    }
    if (r.type === 'tv' && r.status === MediaRequestStatus.APPROVED) for (const s of r.seasons) s.status = MediaRequestStatus.APPROVED;
    media.updatedAt = this.iso();
  }

  /** [OS] MediaRequest.handleRemoveParentUpdate. */
  private deleteRequest(r: RequestRow): void {
    this.requestRows.delete(r.id);
    const media = this.media.get(r.mediaId);
    if (!media) return;
    const left = this.requestsFor(media);
    if (!left.some((x) => !x.is4k) && media.status !== MediaStatus.AVAILABLE) media.status = MediaStatus.UNKNOWN;
    if (!left.some((x) => x.is4k) && media.status4k !== MediaStatus.AVAILABLE) media.status4k = MediaStatus.UNKNOWN;
  }

  private applyEvent(event: WebhookEvent): void {
    const request = event.requestId === undefined ? undefined : this.requestRows.get(event.requestId);
    if (!request) return;
    if (event.type === 'MEDIA_APPROVED' || event.type === 'MEDIA_AUTO_APPROVED') this.setRequestStatus(request.id, MediaRequestStatus.APPROVED);
    if (event.type === 'MEDIA_DECLINED') this.setRequestStatus(request.id, MediaRequestStatus.DECLINED);
    if (event.type === 'MEDIA_FAILED') this.setRequestStatus(request.id, MediaRequestStatus.FAILED);
    const media = this.media.get(request.mediaId);
    if (event.type === 'MEDIA_AVAILABLE' && media) this.setMediaStatus(media.tmdbId, media.mediaType, MediaStatus.AVAILABLE, { is4k: request.is4k });
  }

  private notificationPayload(event: WebhookEvent): NotificationPayload {
    if (event.type === 'TEST_NOTIFICATION') {
      const admin = this.users.get(1);
      return { subject: 'Test Notification', message: 'Check check, 1, 2, 3. Are we coming in clear?', ...(admin ? { notifyUser: this.payloadUser(admin) } : {}) };
    }
    const request = event.requestId === undefined ? undefined : this.requestRows.get(event.requestId);
    const media = request ? this.media.get(request.mediaId) : undefined;
    const title = media ? this.titles.get(key(media.mediaType, media.tmdbId)) : undefined;
    const requester = request ? this.users.get(request.requestedById) : undefined;
    if (!request || !media || !title || !requester) throw new Error(`FakeOverseerr: ${event.type} needs a known requestId`);
    const fourK = request.is4k ? '4K ' : '';
    const kind = media.mediaType === 'movie' ? 'Movie' : 'Series';
    const events: Partial<Record<WebhookType, string>> = {
      MEDIA_PENDING: `New ${fourK}${kind} Request`, MEDIA_APPROVED: `${fourK}${kind} Request Approved`,
      MEDIA_AUTO_APPROVED: `${fourK}${kind} Request Automatically Approved`, MEDIA_DECLINED: `${fourK}${kind} Request Declined`,
      MEDIA_FAILED: `${fourK}${kind} Request Failed`, MEDIA_AVAILABLE: `${fourK}${kind} Request Now Available`,
    };
    return {
      event: events[event.type], subject: `${title.title} (${title.releaseDate.slice(0, 4)})`, message: truncateOverview(title.overview),
      image: title.posterPath ? `${IMAGE_BASE}${title.posterPath}` : undefined,
      media: { mediaType: media.mediaType, tmdbId: media.tmdbId, tvdbId: media.tvdbId, status: media.status, status4k: media.status4k },
      request: { id: request.id, requestedBy: this.payloadUser(requester) },
      ...(request.type === 'tv' ? { extra: [{ name: 'Requested Seasons', value: request.seasons.map((s) => s.seasonNumber).join(', ') }] } : {}),
    };
  }

  private payloadUser(u: OverseerrUser): { displayName: string; email: string; avatar: string; settings: OverseerrUser['settings'] } {
    return { displayName: displayName(u), email: u.email, avatar: u.avatar, settings: u.settings };
  }

  private requestJson(r: RequestRow): Record<string, unknown> {
    const media = this.media.get(r.mediaId);
    const requestedBy = this.users.get(r.requestedById);
    const modifiedBy = r.modifiedById === null ? undefined : this.users.get(r.modifiedById);
    return {
      id: r.id, status: r.status, createdAt: r.createdAt, updatedAt: r.updatedAt, type: r.type, is4k: r.is4k, serverId: r.serverId,
      profileId: r.profileId, rootFolder: r.rootFolder, languageProfileId: r.languageProfileId, tags: null, isAutoRequest: false,
      media: media ? mediaJson(media, this.machineId) : null, seasons: r.seasons.map((s) => ({ ...s })),
      requestedBy: requestedBy ? userJson(requestedBy, { showFiltered: true }) : null,
      modifiedBy: modifiedBy ? userJson(modifiedBy, { showFiltered: true }) : null, seasonCount: r.seasons.length,
    };
  }

  private requestsFor(media: MediaRow): RequestRow[] {
    return [...this.requestRows.values()].filter((r) => r.mediaId === media.id).sort((a, b) => a.id - b.id);
  }

  private createMedia(tmdbId: number, mediaType: OverseerrMediaType, status: MediaStatus, is4k: boolean, title?: CatalogueTitle): MediaRow {
    const t = title ?? this.titles.get(key(mediaType, tmdbId));
    const stamp = this.iso();
    const media: MediaRow = {
      id: this.nextMediaId++, mediaType, tmdbId, tvdbId: t?.tvdbId ?? null, imdbId: null, status: is4k ? MediaStatus.UNKNOWN : status,
      status4k: is4k ? status : MediaStatus.UNKNOWN, ratingKey: null, seasons: [], createdAt: stamp, updatedAt: stamp,
    };
    this.media.set(media.id, media);
    return media;
  }

  private searchResult(t: CatalogueTitle): Record<string, unknown> {
    const media = this.findMedia(t.tmdbId, t.mediaType);
    return searchResultJson(t, media ? mediaJson(media, this.machineId) : undefined);
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}

function key(mediaType: OverseerrMediaType, tmdbId: number): string {
  return `${mediaType}:${tmdbId}`;
}
