/**
 * State and request rules of the fake Overseerr, following [OS] entity/MediaRequest.ts and
 * entity/User.ts: permission, quota, duplicate and season checks, auto-approval, and the media
 * status hooks that run after a request is saved or removed. The HTTP layer is fake-overseerr.ts.
 */
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
  searchResultJson,
  userJson,
} from './overseerr-model';
import { type NotificationPayload, type WebhookType, truncateOverview } from './overseerr-webhook';

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

export interface AddTitleInput {
  tmdbId: number;
  mediaType: OverseerrMediaType;
  title: string;
  year: number;
  releaseDate?: string;
  posterPath?: string | null;
  overview?: string;
  /** Number of regular seasons (TV). */
  seasons?: number;
  tvdbId?: number | null;
  imdbId?: string | null;
  backdropPath?: string | null;
  popularity?: number;
  genreIds?: number[];
  runtime?: number;
  episodeCounts?: number[];
  cast?: CatalogueTitle['cast'];
  trailerKey?: string;
}

export interface RequestBody {
  mediaType: OverseerrMediaType;
  mediaId: number;
  seasons?: number[] | 'all';
  is4k?: boolean;
  userId?: number;
}

export interface WebhookEvent {
  type: WebhookType;
  requestId?: number;
}

/** An HTTP-shaped outcome of a rule (status and JSON body). */
export interface Outcome {
  status: number;
  body: unknown;
}

/** Overseerr, or one of its successors: Seerr and Jellyseerr add COMPLETED and DELETED and leave specials out of "all". */
export type OverseerrFlavor = 'overseerr' | 'jellyseerr' | 'seerr';

export interface StoreOptions {
  flavor: OverseerrFlavor;
  machineId: string;
  now: () => number;
  emptyCatalogue: boolean;
}

const DAY_MS = 86_400_000;

export class OverseerrStore {
  readonly users = new Map<number, OverseerrUser>();
  readonly titles = new Map<string, CatalogueTitle>();
  readonly people: CataloguePerson[] = [];
  readonly media = new Map<number, MediaRow>();
  readonly requestRows = new Map<number, RequestRow>();
  private nextMediaId = 1;
  private nextRequestId = 1;
  private nextSeasonId = 1;

  constructor(private readonly options: StoreOptions) {
    // [OS] middleware/auth.ts: the API key acts as user 1, the admin.
    this.addUser({ id: 1, email: 'admin@example.com', plexId: 1, plexUsername: 'admin', permissions: Permission.ADMIN });
    if (!options.emptyCatalogue) {
      const { titles, people } = defaultCatalogue();
      for (const t of titles) this.titles.set(titleKey(t.mediaType, t.tmdbId), t);
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

  addTitle(input: AddTitleInput): CatalogueTitle {
    const title: CatalogueTitle = {
      releaseDate: `${input.year}-01-01`, posterPath: null, backdropPath: null, overview: '', imdbId: null, tvdbId: null,
      seasons: input.mediaType === 'tv' ? 1 : 0, genreIds: [], popularity: 10, ...input,
    };
    this.titles.set(titleKey(title.mediaType, title.tmdbId), title);
    return title;
  }

  /** Sets (and creates if needed) the Media row, as Plex/Radarr/Sonarr syncs would. */
  setMediaStatus(tmdbId: number, mediaType: OverseerrMediaType, status: MediaStatus, options: { is4k?: boolean; ratingKey?: string } = {}): MediaRow {
    const media = this.findMedia(tmdbId, mediaType) ?? this.createMedia(tmdbId, mediaType, MediaStatus.UNKNOWN, false);
    media[options.is4k ? 'status4k' : 'status'] = status;
    if (options.ratingKey !== undefined) media.ratingKey = options.ratingKey;
    media.updatedAt = this.iso();
    // Seerr/Jellyseerr mark the approved requests COMPLETED once the media is available, and also once it is DELETED
    // ([SR] subscriber/MediaSubscriber.ts updateRelatedMediaRequest).
    if (this.options.flavor !== 'overseerr' && (status === MediaStatus.AVAILABLE || status === MediaStatus.DELETED)) {
      for (const r of this.requestsFor(media)) if (r.status === MediaRequestStatus.APPROVED && r.is4k === !!options.is4k) r.status = MediaRequestStatus.COMPLETED;
    }
    return media;
  }

  /**
   * What the Plex scanner does once it finds a show ([OS] lib/scanners): a season row for every
   * TMDB season, specials included; the listed seasons AVAILABLE, the others UNKNOWN. The show is
   * AVAILABLE only when every season is, else PARTIALLY_AVAILABLE. Seerr then marks each approved
   * request whose own seasons are all AVAILABLE as COMPLETED; Overseerr keeps it APPROVED (and would
   * send MEDIA_AVAILABLE for it).
   */
  scanSeasons(tmdbId: number, available: number[], options: { is4k?: boolean } = {}): MediaRow {
    const title = this.titles.get(titleKey('tv', tmdbId));
    if (!title) throw new Error(`FakeOverseerr: no show ${tmdbId}`);
    const media = this.findMedia(tmdbId, 'tv') ?? this.createMedia(tmdbId, 'tv', MediaStatus.UNKNOWN, false, title);
    const field = options.is4k ? 'status4k' : 'status';
    const stamp = this.iso();
    for (let n = 0; n <= title.seasons; n++) {
      let row = media.seasons.find((x) => x.seasonNumber === n);
      if (!row) {
        row = { id: this.nextSeasonId++, seasonNumber: n, status: MediaStatus.UNKNOWN, status4k: MediaStatus.UNKNOWN, createdAt: stamp, updatedAt: stamp };
        media.seasons.push(row);
      }
      if (available.includes(n)) row[field] = MediaStatus.AVAILABLE;
    }
    const all = media.seasons.every((x) => x[field] === MediaStatus.AVAILABLE);
    media[field] = all ? MediaStatus.AVAILABLE : media.seasons.some((x) => x[field] === MediaStatus.AVAILABLE) ? MediaStatus.PARTIALLY_AVAILABLE : media[field];
    media.updatedAt = stamp;
    if (this.options.flavor !== 'overseerr') {
      for (const r of this.requestsFor(media)) {
        const done = r.seasons.every((rs) => media.seasons.find((x) => x.seasonNumber === rs.seasonNumber)?.[field] === MediaStatus.AVAILABLE);
        if (r.status === MediaRequestStatus.APPROVED && r.is4k === !!options.is4k && done) r.status = MediaRequestStatus.COMPLETED;
      }
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

  /**
   * What a Plex library scan leaves behind for a show (UPSTREAMS G4): a season row for every TMDB
   * season, specials included (UNKNOWN unless given), the show's ratingKey, and the show status:
   * AVAILABLE only when every season is, else PARTIALLY_AVAILABLE when any episode exists.
   */
  scanShow(tmdbId: number, seasonStatuses: Record<number, MediaStatus>, ratingKey: string): MediaRow {
    const title = this.titles.get(titleKey('tv', tmdbId));
    if (!title) throw new Error(`FakeOverseerr: no show ${tmdbId}`);
    const media = this.findMedia(tmdbId, 'tv') ?? this.createMedia(tmdbId, 'tv', MediaStatus.UNKNOWN, false, title);
    const stamp = this.iso();
    for (let n = 0; n <= title.seasons; n++) {
      let season = media.seasons.find((s) => s.seasonNumber === n);
      if (!season) {
        season = { id: this.nextSeasonId++, seasonNumber: n, status: MediaStatus.UNKNOWN, status4k: MediaStatus.UNKNOWN, createdAt: stamp, updatedAt: stamp };
        media.seasons.push(season);
      }
      const next = seasonStatuses[n];
      // Once AVAILABLE, a season stays AVAILABLE.
      if (next !== undefined && season.status !== MediaStatus.AVAILABLE) {
        season.status = next;
        season.updatedAt = stamp;
      }
    }
    const statuses = media.seasons.map((s) => s.status);
    if (statuses.every((s) => s === MediaStatus.AVAILABLE)) media.status = MediaStatus.AVAILABLE;
    else if (statuses.some((s) => s === MediaStatus.AVAILABLE || s === MediaStatus.PARTIALLY_AVAILABLE)) media.status = MediaStatus.PARTIALLY_AVAILABLE;
    media.ratingKey = ratingKey;
    media.updatedAt = stamp;
    return media;
  }

  /**
   * A discover list (UPSTREAMS G1), most popular first. Upcoming: release (or first air) date from
   * today to today + 1.5 years. Trending mixes in people, as TMDB's /trending/all/day does.
   */
  discover(list: 'trending' | 'movies' | 'tv' | 'movies/upcoming' | 'tv/upcoming'): Array<Record<string, unknown>> {
    const today = new Date(this.options.now()).toISOString().slice(0, 10);
    const until = new Date(this.options.now() + 548 * DAY_MS).toISOString().slice(0, 10);
    const upcoming = (t: CatalogueTitle) => t.releaseDate >= today && t.releaseDate <= until;
    const titles = [...this.titles.values()]
      .filter((t) => {
        if (list === 'movies') return t.mediaType === 'movie';
        if (list === 'tv') return t.mediaType === 'tv';
        if (list === 'movies/upcoming') return t.mediaType === 'movie' && upcoming(t);
        if (list === 'tv/upcoming') return t.mediaType === 'tv' && upcoming(t);
        return true;
      })
      .sort((a, b) => b.popularity - a.popularity || a.tmdbId - b.tmdbId);
    const results = titles.map((t) => this.searchResult(t));
    if (list === 'trending') {
      for (const p of this.people) results.splice(Math.min(1, results.length), 0, { id: p.id, name: p.name, popularity: 50, profilePath: p.profilePath, adult: false, mediaType: 'person', knownFor: [] });
    }
    return results;
  }

  /** [OS] User.getQuota (UPSTREAMS G6): `remaining` is omitted without a limit. */
  quotaJson(user: OverseerrUser): Record<string, unknown> {
    const one = (mediaType: OverseerrMediaType) => {
      const q = this.quota(user, mediaType);
      const days = (mediaType === 'movie' ? user.movieQuotaDays : user.tvQuotaDays) ?? 7;
      return q.limit ? { days, limit: q.limit, used: q.used, remaining: q.remaining, restricted: q.restricted } : { days, limit: 0, used: 0, restricted: false };
    };
    return { movie: one('movie'), tv: one('tv') };
  }

  findMedia(tmdbId: number, mediaType: OverseerrMediaType): MediaRow | undefined {
    return [...this.media.values()].find((m) => m.tmdbId === tmdbId && m.mediaType === mediaType);
  }

  /** [OS] MediaRequest.request, as POST /request runs it for `user` (the acting user). */
  createRequest(body: RequestBody, user: OverseerrUser): Outcome {
    const is4k = body.is4k ?? false;
    let requestUser = user;
    if (body.userId) {
      if (!hasPermission(user.permissions, [Permission.MANAGE_USERS, Permission.MANAGE_REQUESTS])) return out(403, { message: 'You do not have permission to modify the request user.' });
      const other = this.users.get(body.userId);
      if (!other) return out(500, { message: 'Could not find any entity of type "User" matching: {\n    "where": {\n        "id": ' + body.userId + '\n    }\n}' });
      requestUser = other;
    }
    const movie = body.mediaType === 'movie';
    const requestPerms = is4k ? [Permission.REQUEST_4K, movie ? Permission.REQUEST_4K_MOVIE : Permission.REQUEST_4K_TV] : [Permission.REQUEST, movie ? Permission.REQUEST_MOVIE : Permission.REQUEST_TV];
    if (!hasPermission(requestUser.permissions, requestPerms, 'or')) {
      return out(403, { message: `You do not have permission to make ${is4k ? '4K ' : ''}${movie ? 'movie' : 'series'} requests.` });
    }
    const quota = this.quota(requestUser, body.mediaType);
    if (quota.restricted) return out(403, { message: movie ? 'Movie Quota exceeded.' : 'Series Quota exceeded.' });
    const title = this.titles.get(titleKey(body.mediaType, body.mediaId));
    if (!title) return out(500, { message: `[TMDB] Failed to fetch ${movie ? 'movie' : 'TV show'} details: Request failed with status code 404` });

    const existingMedia = this.findMedia(title.tmdbId, body.mediaType);
    const existing = existingMedia ? this.requestsFor(existingMedia).filter((r) => r.is4k === is4k) : [];
    const first = existing[0];
    if (movie && first && first.status !== MediaRequestStatus.DECLINED && first.status !== MediaRequestStatus.COMPLETED) {
      return out(409, { message: 'Request for this media already exists.' });
    }
    let seasons: number[] = [];
    if (!movie) {
      if (body.seasons === undefined) return out(500, { message: "Cannot read properties of undefined (reading 'filter')" });
      // "all" is every TMDB season: Overseerr includes season 0 (specials); Seerr leaves it out, and drops
      // an explicit 0 unless its enableSpecialEpisodes setting is on (off here) ([OS]/[SR] entity/MediaRequest.ts).
      const seerr = this.options.flavor !== 'overseerr';
      const everySeason = Array.from({ length: title.seasons + 1 }, (_, i) => i).filter((n) => !(seerr && n === 0));
      const requested = body.seasons === 'all' ? everySeason : body.seasons.filter((n) => !(seerr && n === 0));
      const taken = new Set([
        ...existing.filter((r) => r.status !== MediaRequestStatus.DECLINED && r.status !== MediaRequestStatus.COMPLETED).flatMap((r) => r.seasons.map((s) => s.seasonNumber)),
        ...(existingMedia?.seasons ?? []).filter((s) => s[is4k ? 'status4k' : 'status'] !== MediaStatus.UNKNOWN && s[is4k ? 'status4k' : 'status'] !== MediaStatus.DELETED).map((s) => s.seasonNumber),
      ]);
      seasons = requested.filter((n) => !taken.has(n));
      if (seasons.length === 0) return out(202, { message: 'No seasons available to request' });
      if (quota.limit && seasons.length > quota.remaining) return out(403, { message: 'Series Quota exceeded.' });
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
    // The 201 body holds the media as saved before the AfterInsert hook changed it (docs/UPSTREAMS.md C3: status 2).
    const created: Record<string, unknown> = { ...this.requestJson(request), media: mediaJson(media, this.options.machineId) };
    delete created.seasonCount;
    if (!auto) delete created.modifiedBy;
    if (movie) delete created.seasons;
    this.updateParentStatus(request);
    return out(201, created);
  }

  /** docs/UPSTREAMS.md C4 filter meanings. */
  matchesFilter(r: RequestRow, filter: string): boolean {
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

  quota(user: OverseerrUser, mediaType: OverseerrMediaType): { limit: number; used: number; remaining: number; restricted: boolean } {
    const { limit, used, remaining, restricted } = this.quotaDetails(user, mediaType);
    return { limit, used, remaining, restricted };
  }

  /** [OS] User.getQuota: MANAGE_USERS (or ADMIN) gives limit 0 and used 0; TV counts seasons. */
  quotaDetails(user: OverseerrUser, mediaType: OverseerrMediaType): { days: number; limit: number; used: number; remaining: number; restricted: boolean } {
    const bypass = hasPermission(user.permissions, Permission.MANAGE_USERS);
    const days = (mediaType === 'movie' ? user.movieQuotaDays : user.tvQuotaDays) ?? 7;
    const limit = bypass ? 0 : ((mediaType === 'movie' ? user.movieQuotaLimit : user.tvQuotaLimit) ?? 0);
    if (!limit) return { days, limit: 0, used: 0, remaining: 0, restricted: false };
    const since = this.options.now() - days * DAY_MS;
    const recent = [...this.requestRows.values()].filter((r) => r.requestedById === user.id && r.type === mediaType && r.status !== MediaRequestStatus.DECLINED && Date.parse(r.createdAt) > since);
    const used = mediaType === 'movie' ? recent.length : recent.reduce((n, r) => n + r.seasons.length, 0);
    return { days, limit, used, remaining: Math.max(0, limit - used), restricted: limit - used <= 0 };
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
  deleteRequest(r: RequestRow): void {
    this.requestRows.delete(r.id);
    const media = this.media.get(r.mediaId);
    if (!media) return;
    const left = this.requestsFor(media);
    if (!left.some((x) => !x.is4k) && media.status !== MediaStatus.AVAILABLE) media.status = MediaStatus.UNKNOWN;
    if (!left.some((x) => x.is4k) && media.status4k !== MediaStatus.AVAILABLE) media.status4k = MediaStatus.UNKNOWN;
  }

  applyEvent(event: WebhookEvent): void {
    const request = event.requestId === undefined ? undefined : this.requestRows.get(event.requestId);
    if (!request) return;
    if (event.type === 'MEDIA_APPROVED' || event.type === 'MEDIA_AUTO_APPROVED') this.setRequestStatus(request.id, MediaRequestStatus.APPROVED);
    if (event.type === 'MEDIA_DECLINED') this.setRequestStatus(request.id, MediaRequestStatus.DECLINED);
    if (event.type === 'MEDIA_FAILED') this.setRequestStatus(request.id, MediaRequestStatus.FAILED);
    const media = this.media.get(request.mediaId);
    if (event.type === 'MEDIA_AVAILABLE' && media) this.setMediaStatus(media.tmdbId, media.mediaType, MediaStatus.AVAILABLE, { is4k: request.is4k });
  }

  notificationPayload(event: WebhookEvent): NotificationPayload {
    if (event.type === 'TEST_NOTIFICATION') {
      const admin = this.users.get(1);
      return { subject: 'Test Notification', message: 'Check check, 1, 2, 3. Are we coming in clear?', ...(admin ? { notifyUser: this.payloadUser(admin) } : {}) };
    }
    const request = event.requestId === undefined ? undefined : this.requestRows.get(event.requestId);
    const media = request ? this.media.get(request.mediaId) : undefined;
    const title = media ? this.titles.get(titleKey(media.mediaType, media.tmdbId)) : undefined;
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
      media: {
        mediaType: media.mediaType, tmdbId: media.tmdbId, tvdbId: media.tvdbId, status: media.status, status4k: media.status4k,
        // [SR] server/constants/media.ts spells 6 BLOCKLISTED; Jellyseerr (and this fake's enum) BLACKLISTED.
        ...(this.options.flavor === 'seerr' ? { statusNames: { [MediaStatus.BLACKLISTED]: 'BLOCKLISTED' } } : {}),
      },
      request: { id: request.id, requestedBy: this.payloadUser(requester) },
      ...(request.type === 'tv' ? { extra: [{ name: 'Requested Seasons', value: request.seasons.map((s) => s.seasonNumber).join(', ') }] } : {}),
    };
  }

  private payloadUser(u: OverseerrUser): { displayName: string; email: string; avatar: string; settings: OverseerrUser['settings'] } {
    return { displayName: displayName(u), email: u.email, avatar: u.avatar, settings: u.settings };
  }

  requestJson(r: RequestRow): Record<string, unknown> {
    const media = this.media.get(r.mediaId);
    const requestedBy = this.users.get(r.requestedById);
    const modifiedBy = r.modifiedById === null ? undefined : this.users.get(r.modifiedById);
    return {
      id: r.id, status: r.status, createdAt: r.createdAt, updatedAt: r.updatedAt, type: r.type, is4k: r.is4k, serverId: r.serverId,
      profileId: r.profileId, rootFolder: r.rootFolder, languageProfileId: r.languageProfileId, tags: null, isAutoRequest: false,
      media: media ? mediaJson(media, this.options.machineId) : null, seasons: r.seasons.map((s) => ({ ...s })),
      requestedBy: requestedBy ? userJson(requestedBy, { showFiltered: true }) : null,
      modifiedBy: modifiedBy ? userJson(modifiedBy, { showFiltered: true }) : null, seasonCount: r.seasons.length,
    };
  }

  requestsFor(media: MediaRow): RequestRow[] {
    return [...this.requestRows.values()].filter((r) => r.mediaId === media.id).sort((a, b) => a.id - b.id);
  }

  private createMedia(tmdbId: number, mediaType: OverseerrMediaType, status: MediaStatus, is4k: boolean, title?: CatalogueTitle): MediaRow {
    const t = title ?? this.titles.get(titleKey(mediaType, tmdbId));
    const stamp = this.iso();
    const media: MediaRow = {
      id: this.nextMediaId++, mediaType, tmdbId, tvdbId: t?.tvdbId ?? null, imdbId: null, status: is4k ? MediaStatus.UNKNOWN : status,
      status4k: is4k ? status : MediaStatus.UNKNOWN, ratingKey: null, seasons: [], createdAt: stamp, updatedAt: stamp,
    };
    this.media.set(media.id, media);
    return media;
  }

  searchResult(t: CatalogueTitle): Record<string, unknown> {
    const media = this.findMedia(t.tmdbId, t.mediaType);
    return searchResultJson(t, media ? mediaJson(media, this.options.machineId) : undefined);
  }

  iso(): string {
    return new Date(this.options.now()).toISOString();
  }
}

export function titleKey(mediaType: OverseerrMediaType, tmdbId: number): string {
  return `${mediaType}:${tmdbId}`;
}

function out(status: number, body: unknown): Outcome {
  return { status, body };
}
