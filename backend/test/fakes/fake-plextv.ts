/**
 * Fake of plex.tv (docs/UPSTREAMS.md A): PIN sign-in, token check, resources (server access) and the
 * owner's user list. Tests approve or expire PINs and share servers through typed methods.
 */
import {
  FakeServer,
  type FakeResponse,
  type FakeServerOptions,
  type RecordedRequest,
  headerOrQuery,
  html,
  json,
  seededRandom,
  wantsJson,
  xml,
} from './fake-server';
import { xmlDocument } from './plex-xml';

export interface PlexTvAccountInput {
  id: number;
  uuid: string;
  username: string;
  email: string;
  token: string;
  thumb?: string;
  title?: string;
}

export type PlexTvAccount = Required<PlexTvAccountInput>;

export interface PlexTvPin {
  id: number;
  code: string;
  product: string;
  clientIdentifier: string;
  strong: boolean;
  createdAtMs: number;
  expiresAtMs: number;
  authToken: string | null;
  /** Set by expirePin(); a pin also expires when the clock passes expiresAtMs. */
  expired: boolean;
}

/** A device from `GET /api/v2/resources` (docs/UPSTREAMS.md A5, schema PlexDevice). */
export interface PlexTvDevice {
  name: string;
  product: string;
  productVersion: string;
  platform: string;
  platformVersion: string;
  device: string;
  clientIdentifier: string;
  createdAt: string;
  lastSeenAt: string;
  provides: string;
  ownerId: number | null;
  sourceTitle: string | null;
  publicAddress: string;
  accessToken: string;
  owned: boolean;
  home: boolean;
  synced: boolean;
  relay: boolean;
  presence: boolean;
  httpsRequired: boolean;
  publicAddressMatches: boolean;
  dnsRebindingProtection: boolean;
  natLoopbackSupported: boolean;
  connections: Array<{ protocol: string; address: string; port: number; uri: string; local: boolean; relay: boolean; IPv6: boolean }>;
}

export interface ShareServerOptions {
  owned: boolean;
  /** The owner's token, for ownerId/sourceTitle of a shared server and for `GET /api/users`. */
  ownerToken?: string;
  name?: string;
  /** Token the account uses against that PMS; default: own token when owned, a derived one when shared. */
  accessToken?: string;
  /** Connection URI, e.g. the fake PMS base URL. */
  uri?: string;
  /** Every address plex.tv lists (plex.direct https, plain http, relay); default: one local connection to `uri`. */
  connections?: PlexTvDevice['connections'];
  /** Comma-separated roles; default `server`. */
  provides?: string;
}

/** A library section of a server as plex.tv knows it: a global id besides the PMS key (UPSTREAMS F1). */
export interface PlexTvServerSection {
  id: number;
  key: string;
  title: string;
  type: string;
}

/** Restriction strings of a share (UPSTREAMS F11), e.g. `contentRating=G%2CPG|label!=adult`. */
export interface PlexTvShareFilters {
  filterAll?: string;
  filterMovies?: string;
  filterTelevision?: string;
  filterMusic?: string;
  filterPhotos?: string;
}

/** One friend's share of one server (UPSTREAMS F4 `SharedServer`). */
export interface PlexTvShare {
  id: number;
  userId: number;
  /** PMS section keys shared; ignored with allLibraries. */
  sectionKeys: string[];
  allLibraries: boolean;
  filters: PlexTvShareFilters;
  invitedAt: number;
}

export interface FakePlexTvOptions extends FakeServerOptions {
  /** Clock in epoch milliseconds; PIN expiry and expiresIn follow it. */
  now?: () => number;
  seed?: number;
}

// docs/UPSTREAMS.md A1: strong (25-char) codes show expiresIn 1800; the 4-char form spans 15 minutes.
const STRONG_PIN_SECONDS = 1800;
const SHORT_PIN_SECONDS = 900;
const FIRST_PIN_ID = 308667304;

const ERRORS = {
  clientIdMissing: { code: 1000, message: 'X-Plex-Client-Identifier is missing', status: 400 },
  pinNotFound: { code: 1020, message: 'Code not found or expired' },
  unauthenticated: { code: 1001, message: 'User could not be authenticated', status: 401 },
} as const;

// A sample location from docs/UPSTREAMS.md A1; real plex.tv geolocates the caller.
const LOCATION = {
  code: 'NL', european_union_member: true, continent_code: 'EU', country: 'The Netherlands', city: 'Breda',
  time_zone: 'Europe/Amsterdam', postal_code: '4814', in_privacy_restricted_country: true,
  in_privacy_restricted_region: true, subdivisions: 'North Brabant', coordinates: '51.5869, 4.7471',
};

const AUTH_PAGE = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Plex</title></head><body><main><h1>Plex</h1><p>Sign in to approve this device.</p></main></body></html>';

export class FakePlexTv extends FakeServer {
  readonly pins = new Map<number, PlexTvPin>();
  readonly accounts = new Map<string, PlexTvAccount>();
  private readonly resources = new Map<string, PlexTvDevice[]>();
  private readonly revoked = new Set<string>();
  private readonly now: () => number;
  private readonly random: () => number;
  private nextPinId = FIRST_PIN_ID;
  private readonly serverSections = new Map<string, PlexTvServerSection[]>();
  /** machineIdentifier → friend's plex.tv id → share. */
  private readonly shares = new Map<string, Map<number, PlexTvShare>>();
  private nextSectionId = 118181361;
  private nextShareId = 9876543;
  /** Extra behaviour plugged in by other fake modules (e.g. plextv-sharing.ts); tried before the routes below. */
  private readonly routeHooks: Array<(req: RecordedRequest) => FakeResponse | undefined> = [];
  /** A sharing plug-in (plextv-sharing.ts) keeping the shares of the machines it manages: setShare writes there too. */
  private shareStore?: { manages(machineIdentifier: string): boolean; setShareFromOwner(machineIdentifier: string, friend: PlexTvAccount, sections: string[] | 'all'): void };

  constructor(options: FakePlexTvOptions = {}) {
    super(options);
    this.now = options.now ?? Date.now;
    this.random = seededRandom(options.seed ?? 0x9e1);
  }

  addAccount(input: PlexTvAccountInput): PlexTvAccount {
    const account: PlexTvAccount = {
      ...input,
      title: input.title ?? input.username,
      thumb: input.thumb ?? `https://plex.tv/users/${input.uuid}/avatar?c=1724402119`,
    };
    this.accounts.set(account.token, account);
    this.revoked.delete(account.token);
    return account;
  }

  /** Makes the token invalid (401) as when a user signs out everywhere. */
  revokeToken(token: string): void {
    this.revoked.add(token);
  }

  /** What a user approving on app.plex.tv does (docs/UPSTREAMS.md A3): the pin's authToken becomes set. */
  approvePin(pinId: number, accountToken: string): void {
    this.requirePin(pinId).authToken = accountToken;
  }

  expirePin(pinId: number): void {
    this.requirePin(pinId).expired = true;
  }

  /** The most recently created pin, handy when the code under test created it. */
  get lastPin(): PlexTvPin | undefined {
    return [...this.pins.values()].at(-1);
  }

  setResources(token: string, devices: Array<Partial<PlexTvDevice> & { clientIdentifier: string }>): void {
    this.resources.set(token, devices.map((d) => ({ ...this.defaultDevice(d.clientIdentifier), ...d })));
  }

  /** Adds a server entry to the account's resources: owned (admin) or shared (docs/UPSTREAMS.md A5). */
  shareServer(accountToken: string, machineIdentifier: string, options: ShareServerOptions): PlexTvDevice {
    const account = this.accounts.get(accountToken);
    const owner = options.ownerToken === undefined ? undefined : this.accounts.get(options.ownerToken);
    const device: PlexTvDevice = {
      ...this.defaultDevice(machineIdentifier, options.uri),
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.connections === undefined ? {} : { connections: options.connections }),
      ...(options.provides === undefined ? {} : { provides: options.provides }),
      owned: options.owned,
      ownerId: options.owned ? null : (owner?.id ?? 1),
      sourceTitle: options.owned ? null : (owner?.username ?? 'owner'),
      accessToken: options.accessToken ?? (options.owned ? accountToken : `shared-${machineIdentifier.slice(0, 8)}-${account?.id ?? 0}`),
    };
    const list = (this.resources.get(accountToken) ?? []).filter((d) => d.clientIdentifier !== machineIdentifier);
    this.resources.set(accountToken, [...list, device]);
    return device;
  }

  /** The server's libraries as plex.tv lists them (F3); ids are global and differ from the keys. */
  setServerSections(machineIdentifier: string, sections: Array<{ key: string; title: string; type: string }>): PlexTvServerSection[] {
    const known = this.serverSections.get(machineIdentifier) ?? [];
    const list = sections.map((s) => ({ ...s, id: known.find((k) => k.key === s.key)?.id ?? this.nextSectionId++ }));
    this.serverSections.set(machineIdentifier, list);
    return list;
  }

  /**
   * What the owner does on plex.tv: shares the server with a friend (some libraries or all, with
   * restrictions). The friend's resources list the server, and the owner's share list the share.
   * Calling it again changes the share in place (same shared-server id).
   */
  setShare(
    ownerToken: string,
    friendToken: string,
    machineIdentifier: string,
    share: { sections: string[] | 'all'; filters?: PlexTvShareFilters; uri?: string },
  ): PlexTvShare {
    const friend = this.accounts.get(friendToken);
    if (!friend) throw new Error('FakePlexTv: unknown friend token');
    const byUser = this.shares.get(machineIdentifier) ?? new Map<number, PlexTvShare>();
    const entry: PlexTvShare = {
      id: byUser.get(friend.id)?.id ?? this.nextShareId++,
      userId: friend.id,
      sectionKeys: share.sections === 'all' ? [] : [...share.sections],
      allLibraries: share.sections === 'all',
      filters: share.filters ?? {},
      invitedAt: Math.floor(this.now() / 1000) - 3600,
    };
    byUser.set(friend.id, entry);
    this.shares.set(machineIdentifier, byUser);
    if (this.shareStore?.manages(machineIdentifier)) this.shareStore.setShareFromOwner(machineIdentifier, friend, share.sections);
    if (!(this.resources.get(friendToken) ?? []).some((d) => d.clientIdentifier === machineIdentifier)) {
      this.shareServer(friendToken, machineIdentifier, { owned: false, ownerToken, uri: share.uri });
    }
    return entry;
  }

  /** Removes access (UPSTREAMS F7): gone from the share list and from the friend's resources. */
  removeShare(friendToken: string, machineIdentifier: string): void {
    const friend = this.accounts.get(friendToken);
    if (friend) this.shares.get(machineIdentifier)?.delete(friend.id);
    this.resources.set(friendToken, (this.resources.get(friendToken) ?? []).filter((d) => d.clientIdentifier !== machineIdentifier));
  }

  /** Plugs in more routes; a hook answers by returning a response, or passes with undefined. */
  addRoutes(hook: (req: RecordedRequest) => FakeResponse | undefined): void {
    this.routeHooks.push(hook);
  }

  /** The account behind the request's X-Plex-Token, unless unknown or revoked. */
  authenticate(req: RecordedRequest): PlexTvAccount | undefined {
    const token = headerOrQuery(req, 'X-Plex-Token');
    return token === undefined || this.revoked.has(token) ? undefined : this.accounts.get(token);
  }

  accountById(id: number): PlexTvAccount | undefined {
    return [...this.accounts.values()].find((a) => a.id === id);
  }

  /** Drops a server from the account's resources (its share was removed). */
  removeServer(accountToken: string, machineIdentifier: string): void {
    this.resources.set(accountToken, (this.resources.get(accountToken) ?? []).filter((d) => d.clientIdentifier !== machineIdentifier));
  }

  /** Lets a sharing plug-in keep the shares of its machines (one store answers plex.tv's share routes). */
  useShareStore(store: NonNullable<FakePlexTv['shareStore']>): void {
    this.shareStore = store;
  }

  protected downResponse(): FakeResponse {
    // plex.tv sits behind nginx; an outage is an HTML 503 (exact page UNVERIFIED).
    return html(503, '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n');
  }

  protected handle(req: RecordedRequest): FakeResponse {
    for (const hook of this.routeHooks) {
      const answer = hook(req);
      if (answer) return answer;
    }
    const { method, path } = req;
    if (method === 'POST' && path === '/api/v2/pins') return this.createPin(req);
    const pinMatch = /^\/api\/v2\/pins\/(\d+)$/.exec(path);
    if (method === 'GET' && pinMatch) return this.getPin(req, Number(pinMatch[1]));
    if (method === 'GET' && path === '/api/v2/user') return this.withAccount(req, (a) => this.reply(req, 200, 'user', this.accountJson(a)));
    if (method === 'GET' && path === '/api/v2/resources') return this.withAccount(req, (a) => this.listResources(req, a));
    if (method === 'GET' && path === '/api/v2/ping') return this.withAccount(req, () => this.reply(req, 200, 'response', { pong: true }));
    if (method === 'GET' && path === '/users/account.json') return this.withAccount(req, (a) => json(200, { user: this.legacyAccountJson(a) }));
    if (method === 'GET' && path === '/api/users') return this.withAccount(req, (a) => this.listUsers(a));
    const serverMatch = /^\/api\/servers\/([^/]+)(\/shared_servers)?$/.exec(path);
    if (method === 'GET' && serverMatch) {
      return this.withAccount(req, (a) => this.ownedServer(a, decodeURIComponent(serverMatch[1] ?? ''), serverMatch[2] !== undefined));
    }
    // Stand-in for app.plex.tv/auth (PLEX_AUTH_APP_URL): the page a sign-in popup opens. The PIN
    // travels in the URL fragment, which never reaches the server; tests approve with approvePin().
    if (method === 'GET' && (path === '/auth' || path === '/auth/')) return html(200, AUTH_PAGE, { 'content-type': 'text/html; charset=utf-8' });
    return this.reply(req, 404, 'errors', { errors: [{ code: 1002, message: 'Not Found', status: 404 }] });
  }

  private createPin(req: RecordedRequest): FakeResponse {
    // docs/UPSTREAMS.md A1: the client fields may come as headers or as form fields.
    const form = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, string>;
    const clientIdentifier = headerOrQuery(req, 'X-Plex-Client-Identifier') ?? form['X-Plex-Client-Identifier'];
    if (!clientIdentifier) return this.reply(req, 400, 'errors', { errors: [ERRORS.clientIdMissing] });
    const strong = (req.query.strong ?? form.strong) === 'true';
    const createdAtMs = Math.floor(this.now() / 1000) * 1000;
    const pin: PlexTvPin = {
      id: this.nextPinId++,
      code: strong ? this.randomCode(25, 'abcdefghijklmnopqrstuvwxyz0123456789') : this.randomCode(4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
      product: headerOrQuery(req, 'X-Plex-Product') ?? form['X-Plex-Product'] ?? 'Plex Web',
      clientIdentifier,
      strong,
      createdAtMs,
      expiresAtMs: createdAtMs + (strong ? STRONG_PIN_SECONDS : SHORT_PIN_SECONDS) * 1000,
      authToken: null,
      expired: false,
    };
    this.pins.set(pin.id, pin);
    return this.reply(req, 201, 'pin', this.pinJson(pin));
  }

  private getPin(req: RecordedRequest, id: number): FakeResponse {
    const pin = this.pins.get(id);
    // docs/UPSTREAMS.md A2: expired and unknown pins look the same.
    if (!pin || pin.expired || this.now() >= pin.expiresAtMs) {
      return this.reply(req, 404, 'errors', { errors: [ERRORS.pinNotFound] });
    }
    return this.reply(req, 200, 'pin', this.pinJson(pin));
  }

  private pinJson(pin: PlexTvPin): Record<string, unknown> {
    return {
      id: pin.id,
      code: pin.code,
      product: pin.product,
      trusted: false,
      qr: `https://plex.tv/api/v2/pins/qr/${pin.code}`,
      clientIdentifier: pin.clientIdentifier,
      location: LOCATION,
      // docs/UPSTREAMS.md A2: expiresIn counts down.
      expiresIn: Math.max(0, Math.round((pin.expiresAtMs - this.now()) / 1000)),
      createdAt: isoSeconds(pin.createdAtMs),
      expiresAt: isoSeconds(pin.expiresAtMs),
      authToken: pin.authToken,
      newRegistration: null,
    };
  }

  private withAccount(req: RecordedRequest, ok: (account: PlexTvAccount) => FakeResponse): FakeResponse {
    const account = this.authenticate(req);
    // docs/UPSTREAMS.md A4: 401 with this body from /user and /resources alike.
    if (!account) return this.reply(req, 401, 'errors', { errors: [ERRORS.unauthenticated] });
    return ok(account);
  }

  private listResources(req: RecordedRequest, account: PlexTvAccount): FakeResponse {
    const devices = this.resources.get(account.token) ?? [];
    if (wantsJson(req)) return json(200, devices);
    const body = xmlDocument('MediaContainer', { size: devices.length, Device: devices.map(({ connections, ...d }) => ({ ...d, Connection: connections })) });
    return xml(200, body);
  }

  /** docs/UPSTREAMS.md A5.2: XML only, even when JSON is asked for. */
  private listUsers(owner: PlexTvAccount): FakeResponse {
    const ownedMachines = new Set(
      (this.resources.get(owner.token) ?? []).filter((d) => d.owned && d.provides.includes('server')).map((d) => d.clientIdentifier),
    );
    const users = [...this.accounts.values()]
      .filter((a) => a.token !== owner.token)
      .map((a) => ({ account: a, servers: (this.resources.get(a.token) ?? []).filter((d) => !d.owned && ownedMachines.has(d.clientIdentifier)) }))
      .filter((u) => u.servers.length > 0);
    const body = xmlDocument('MediaContainer', {
      friendlyName: 'myPlex', identifier: 'com.plexapp.plugins.myplex', machineIdentifier: [...ownedMachines][0] ?? '',
      totalSize: users.length, size: users.length,
      User: users.map(({ account, servers }) => ({
        id: account.id, title: account.title, username: account.username, email: account.email, thumb: account.thumb,
        home: '0', restricted: '0',
        Server: servers.map((s, i) => ({
          id: 907759180 + i, serverId: 9999999, machineIdentifier: s.clientIdentifier, name: s.name,
          lastSeenAt: Math.floor(this.now() / 1000), numLibraries: 3, allLibraries: '1', owned: '0', pending: '0',
        })),
      })),
    });
    return xml(200, body);
  }

  /**
   * UPSTREAMS F3/F4: XML only, owner token. Another account's server is a 404 here (plexopedia
   * lists 401 and 404; which one a non-owner gets is UNVERIFIED); errors as `<Response code status/>`.
   */
  private ownedServer(owner: PlexTvAccount, machineIdentifier: string, sharedServers: boolean): FakeResponse {
    const owned = (this.resources.get(owner.token) ?? []).find((d) => d.owned && d.clientIdentifier === machineIdentifier);
    if (!owned) return xml(404, '<?xml version="1.0" encoding="UTF-8"?>\n<Response code="404" status="Not Found"/>\n');
    const sections = this.serverSections.get(machineIdentifier) ?? [];
    if (!sharedServers) {
      return xml(200, xmlDocument('MediaContainer', {
        friendlyName: 'myPlex', identifier: 'com.plexapp.plugins.myplex', machineIdentifier, size: 1,
        Server: [{
          name: owned.name, address: owned.publicAddress, port: 32400, version: owned.productVersion, scheme: 'http', host: owned.publicAddress,
          localAddresses: '', machineIdentifier, createdAt: 1575535812, updatedAt: Math.floor(this.now() / 1000), owned: '1', synced: '0',
          Section: sections.map((s) => ({ id: s.id, key: s.key, type: s.type, title: s.title })),
        }],
      }));
    }
    const shares = [...(this.shares.get(machineIdentifier)?.values() ?? [])];
    const accounts = [...this.accounts.values()];
    return xml(200, xmlDocument('MediaContainer', {
      friendlyName: 'myPlex', identifier: 'com.plexapp.plugins.myplex', machineIdentifier, size: shares.length,
      SharedServer: shares.map((sh) => {
        const friend = accounts.find((a) => a.id === sh.userId);
        return {
          id: sh.id, username: friend?.username ?? '', email: friend?.email ?? '', userID: sh.userId,
          accessToken: `shared-${machineIdentifier.slice(0, 8)}-${sh.userId}`, name: owned.name,
          acceptedAt: sh.invitedAt + 600, invitedAt: sh.invitedAt, allowSync: '0', allowCameraUpload: '0', allowChannels: '0', owned: '0',
          allLibraries: sh.allLibraries ? '1' : '0',
          filterAll: sh.filters.filterAll ?? '', filterMovies: sh.filters.filterMovies ?? '', filterTelevision: sh.filters.filterTelevision ?? '',
          filterMusic: sh.filters.filterMusic ?? '', filterPhotos: sh.filters.filterPhotos ?? '',
          // Every section, marked shared or not; with allLibraries all are marked (UNVERIFIED, F10).
          Section: sections.map((s) => ({ id: s.id, key: s.key, title: s.title, type: s.type, shared: sh.allLibraries || sh.sectionKeys.includes(s.key) ? '1' : '0' })),
        };
      }),
    }));
  }

  private accountJson(a: PlexTvAccount): Record<string, unknown> {
    return {
      id: a.id, uuid: a.uuid, username: a.username, title: a.title, email: a.email, friendlyName: '', locale: null,
      confirmed: true, joinedAt: 1552593531, emailOnlyAuth: false, hasPassword: true, protected: false, thumb: a.thumb,
      authToken: a.token, mailingListStatus: 'unsubscribed', mailingListActive: false, scrobbleTypes: '', country: 'NL',
      subscription: { active: false, subscribedAt: null, status: 'Inactive', paymentService: null, plan: null, features: [] },
      subscriptionDescription: null, restricted: false, anonymous: false, home: false, guest: false, homeSize: 1,
      homeAdmin: false, maxHomeSize: 15, rememberExpiresAt: Math.floor(this.now() / 1000) + 14 * 86400, twoFactorEnabled: false,
      profile: { autoSelectAudio: true, defaultAudioLanguage: 'en', defaultSubtitleLanguage: 'en', autoSelectSubtitle: 1 },
      entitlements: [], roles: [], services: [],
    };
  }

  private legacyAccountJson(a: PlexTvAccount): Record<string, unknown> {
    return {
      id: a.id, uuid: a.uuid, email: a.email, joined_at: '2019-03-14T19:58:51Z', username: a.username, title: a.title,
      thumb: a.thumb, hasPassword: true, authToken: a.token,
      subscription: { active: false, status: 'Inactive', plan: null, features: [] }, roles: { roles: [] }, entitlements: [],
    };
  }

  private defaultDevice(clientIdentifier: string, uri?: string): PlexTvDevice {
    const connectionUri = uri ?? 'http://127.0.0.1:32400';
    const parsed = new URL(connectionUri);
    return {
      name: 'MediaNest Test Server', product: 'Plex Media Server', productVersion: '1.41.3.9314-a0bfb8370', platform: 'Linux',
      platformVersion: '22.04 (Jammy Jellyfish)', device: 'PC', clientIdentifier, createdAt: '2019-12-05T08:50:12Z',
      lastSeenAt: isoSeconds(Math.floor(this.now() / 1000) * 1000), provides: 'server', ownerId: null, sourceTitle: null,
      publicAddress: '203.0.113.10', accessToken: '', owned: true, home: false, synced: false, relay: true, presence: true,
      httpsRequired: false, publicAddressMatches: false, dnsRebindingProtection: false, natLoopbackSupported: true,
      connections: [{ protocol: parsed.protocol.replace(':', ''), address: parsed.hostname, port: Number(parsed.port || 32400), uri: connectionUri, local: true, relay: false, IPv6: false }],
    };
  }

  private reply(req: RecordedRequest, status: number, rootTag: string, body: Record<string, unknown>): FakeResponse {
    if (wantsJson(req)) return json(status, body);
    // XML form (docs/UPSTREAMS.md A1; [PPA] reads pin attributes). Error XML as <errors><error .../></errors> is UNVERIFIED.
    if ('errors' in body) return xml(status, xmlDocument('errors', { error: body.errors as unknown[] }));
    return xml(status, xmlDocument(rootTag, body));
  }

  private requirePin(pinId: number): PlexTvPin {
    const pin = this.pins.get(pinId);
    if (!pin) throw new Error(`FakePlexTv: no pin ${pinId}`);
    return pin;
  }

  private randomCode(length: number, alphabet: string): string {
    let code = '';
    for (let i = 0; i < length; i++) code += alphabet[Math.floor(this.random() * alphabet.length)];
    return code;
  }
}

/** One entry of a device's `connections` (docs/UPSTREAMS.md A5), with protocol, address and port read from the URI. */
export function plexTvConnection(uri: string, flags: { local?: boolean; relay?: boolean; IPv6?: boolean } = {}): PlexTvDevice['connections'][number] {
  const parsed = new URL(uri);
  const protocol = parsed.protocol.replace(':', '');
  return {
    protocol,
    address: parsed.hostname,
    port: Number(parsed.port || (protocol === 'https' ? 443 : 80)),
    uri,
    local: flags.local ?? false,
    relay: flags.relay ?? false,
    IPv6: flags.IPv6 ?? false,
  };
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
