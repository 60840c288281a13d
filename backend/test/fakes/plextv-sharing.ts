/**
 * plex.tv sharing for the fake plex.tv (UPSTREAMS F): the server's sections with their two ids,
 * the friends list, sharing, updating and removing shares, and pending invites accepted with the
 * invitee's token. Plug it in with `new FakePlexTvSharing(plextv)`. Every share lives in
 * `servers` (machine id → server → shares by shared-server id), the one structure that any
 * listing of shares (F2, F4, v2) reads.
 */
import type { FakePlexTv, PlexTvAccount } from './fake-plextv';
import { json, xml, type FakeResponse, type RecordedRequest } from './fake-server';
import { xmlDocument } from './plex-xml';

export interface FakeSection {
  /** plex.tv's global section id: every sharing call takes this one (F1). */
  id: number;
  /** The PMS section key ("1", "2"). */
  key: string;
  title: string;
  type: string;
}

export interface FakeShare {
  /** The shared-server id (F1). */
  id: number;
  userID: number;
  invitedEmail: string;
  /** plex.tv section ids shared; ignored while allLibraries. */
  sectionIds: number[];
  allLibraries: boolean;
  /** Not accepted by the invitee yet (F8). */
  pending: boolean;
  invitedAt: number;
  acceptedAt: number | null;
  allowSync: boolean;
  filters: { filterMovies: string; filterTelevision: string; filterMusic: string };
}

export interface FakeSharedServer {
  machineIdentifier: string;
  name: string;
  ownerToken: string;
  /** Connection URI for the invitee's resources once they accept. */
  uri?: string;
  sections: FakeSection[];
  shares: Map<number, FakeShare>;
}

const FIRST_SECTION_ID = 118181361;
const FIRST_SHARE_ID = 9876543;

export class FakePlexTvSharing {
  readonly servers = new Map<string, FakeSharedServer>();
  private nextSectionId = FIRST_SECTION_ID;
  private nextShareId = FIRST_SHARE_ID;

  constructor(
    private readonly plextv: FakePlexTv,
    private readonly now: () => number = Date.now,
  ) {
    plextv.addRoutes((req) => this.handle(req));
    // Shares made with FakePlexTv.setShare (tests of what each user sees) land here too, so one store answers.
    plextv.useShareStore({
      manages: (machineIdentifier) => this.servers.has(machineIdentifier),
      setShareFromOwner: (machineIdentifier, friend, sections) => {
        const server = this.requireServer(machineIdentifier);
        const existing = this.shareOf(machineIdentifier, friend.id);
        if (!existing) {
          this.share(machineIdentifier, friend, { sectionKeys: sections === 'all' ? undefined : sections });
          return;
        }
        existing.allLibraries = sections === 'all';
        existing.sectionIds = sections === 'all' ? [] : server.sections.filter((sec) => sections.includes(sec.key)).map((sec) => sec.id);
      },
    });
  }

  /** The owner's server with its sections; plex.tv section ids are assigned here and differ from the keys. */
  addServer(input: { machineIdentifier: string; ownerToken: string; sections: Array<Omit<FakeSection, 'id'>>; name?: string; uri?: string }): FakeSharedServer {
    const server: FakeSharedServer = {
      machineIdentifier: input.machineIdentifier,
      name: input.name ?? 'MediaNest Test Server',
      ownerToken: input.ownerToken,
      uri: input.uri,
      sections: input.sections.map((s) => ({ ...s, id: this.nextSectionId++ })),
      shares: new Map(),
    };
    this.servers.set(server.machineIdentifier, server);
    return server;
  }

  /** Test set-up: an existing friend's share (accepted unless pending), as the owner's share dialog would make. */
  share(machineIdentifier: string, account: PlexTvAccount, options: { sectionKeys?: string[]; pending?: boolean; allowSync?: boolean } = {}): FakeShare {
    const server = this.requireServer(machineIdentifier);
    const keys = options.sectionKeys;
    const share = this.createShare(server, account, keys ? server.sections.filter((s) => keys.includes(s.key)).map((s) => s.id) : [], keys === undefined, options.allowSync ?? false);
    if (!options.pending) this.accept(server, share);
    return share;
  }

  shareOf(machineIdentifier: string, userId: number): FakeShare | undefined {
    return [...(this.servers.get(machineIdentifier)?.shares.values() ?? [])].find((s) => s.userID === userId);
  }

  /** PMS keys of what a share gives (all keys when allLibraries). */
  sectionKeysOf(machineIdentifier: string, share: FakeShare): string[] {
    const server = this.requireServer(machineIdentifier);
    return server.sections.filter((s) => share.allLibraries || share.sectionIds.includes(s.id)).map((s) => s.key);
  }

  private handle(req: RecordedRequest): FakeResponse | undefined {
    const { method, path } = req;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/api/users') return this.asOwner(req, true, (owner) => this.listUsers(owner));
    if ((m = /^\/api\/servers\/([^/]+)$/.exec(path)) && method === 'GET') return this.onServer(req, m[1]!, true, (s) => this.serverXml(s));
    if ((m = /^\/api\/servers\/([^/]+)\/shared_servers$/.exec(path)) && method === 'POST') return this.onServer(req, m[1]!, true, (s) => this.createFromRequest(s, req));
    // F4: every share of the server with its sections marked shared="1"/"0" (pending ones with an empty acceptedAt, UNVERIFIED).
    if ((m = /^\/api\/servers\/([^/]+)\/shared_servers$/.exec(path)) && method === 'GET') {
      return this.onServer(req, m[1]!, true, (s) => xml(200, xmlDocument('MediaContainer', { size: s.shares.size, SharedServer: [...s.shares.values()].map((sh) => this.sharedServerXml(s, sh)) })));
    }
    if ((m = /^\/api\/servers\/([^/]+)\/shared_servers\/(\d+)$/.exec(path))) {
      const shareId = Number(m[2]);
      if (method === 'GET') return this.onServer(req, m[1]!, true, (s) => this.withShare(s, shareId, true, (sh) => xml(200, xmlDocument('MediaContainer', { size: 1, SharedServer: [this.sharedServerXml(s, sh)] }))));
      if (method === 'DELETE') return this.onServer(req, m[1]!, true, (s) => this.withShare(s, shareId, true, (sh) => this.remove(s, sh)));
    }
    if (method === 'GET' && (m = /^\/api\/v2\/shared_servers\/owned\/(accepted|pending)$/.exec(path))) {
      return this.asOwner(req, false, (owner) => json(200, this.ownedShares(owner, m![1] === 'pending')));
    }
    if (method === 'GET' && path === '/api/v2/shared_servers/invites/received/pending') return this.asOwner(req, false, (a) => json(200, this.receivedPending(a)));
    if (method === 'POST' && (m = /^\/api\/v2\/shared_servers\/(\d+)\/accept$/.exec(path))) return this.asOwner(req, false, (a) => this.acceptFromRequest(a, Number(m![1])));
    if ((m = /^\/api\/v2\/shared_servers\/(\d+)$/.exec(path))) {
      const found = this.findShare(Number(m[1]));
      const ownedBy = (a: PlexTvAccount) => (found && found.server.ownerToken === a.token ? found : undefined);
      if (method === 'POST') return this.asOwner(req, false, (a) => (ownedBy(a) ? this.update(ownedBy(a)!.server, ownedBy(a)!.share, req) : notFoundJson()));
      if (method === 'DELETE') return this.asOwner(req, false, (a) => (ownedBy(a) ? this.remove(ownedBy(a)!.server, ownedBy(a)!.share) : notFoundJson()));
    }
    return undefined;
  }

  private asOwner(req: RecordedRequest, legacy: boolean, ok: (account: PlexTvAccount) => FakeResponse): FakeResponse {
    const account = this.plextv.authenticate(req);
    if (!account) return legacy ? legacyError(401, 'Unauthorized') : json(401, { errors: [{ code: 1001, message: 'User could not be authenticated', status: 401 }] });
    return ok(account);
  }

  /** Only the owner sees their server; anyone else gets 404 (UNVERIFIED: [DOC] lists 401 and 404). */
  private onServer(req: RecordedRequest, machineIdentifier: string, legacy: boolean, ok: (server: FakeSharedServer) => FakeResponse): FakeResponse {
    return this.asOwner(req, legacy, (account) => {
      const server = this.servers.get(machineIdentifier);
      if (!server || server.ownerToken !== account.token) return legacyError(404, 'Not Found');
      return ok(server);
    });
  }

  private withShare(server: FakeSharedServer, id: number, legacy: boolean, ok: (share: FakeShare) => FakeResponse): FakeResponse {
    const share = server.shares.get(id);
    if (!share) return legacy ? legacyError(404, 'Not Found') : notFoundJson();
    return ok(share);
  }

  /** F5 legacy share: invited_email (username or email) or invited_id; "already sharing" is a 400. */
  private createFromRequest(server: FakeSharedServer, req: RecordedRequest): FakeResponse {
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as {
      shared_server?: { library_section_ids?: unknown; invited_email?: unknown; invited_id?: unknown };
      sharing_settings?: Record<string, unknown>;
    };
    const invited = body.shared_server ?? {};
    const accounts = [...this.plextv.accounts.values()];
    const invitee = typeof invited.invited_id === 'number'
      ? this.plextv.accountById(invited.invited_id)
      : accounts.find((a) => typeof invited.invited_email === 'string' && [a.username.toLowerCase(), a.email.toLowerCase()].includes(invited.invited_email.toLowerCase()));
    if (!invitee) return legacyError(400, 'Unable to find the user you are inviting');
    if (invitee.token === server.ownerToken) return legacyError(400, 'You cannot share a server with yourself');
    const existing = this.shareOf(server.machineIdentifier, invitee.id);
    // pkkid/python-plexapi#128: the exact text Wizarr looks for ("already sharing").
    if (existing) return legacyError(400, `You're already sharing this server with ${invitee.username}. Please edit your existing share.`);
    const ids = Array.isArray(invited.library_section_ids) ? invited.library_section_ids.map(Number) : [];
    if (ids.some((id) => !server.sections.some((s) => s.id === id))) return legacyError(400, 'Invalid library section');
    const share = this.createShare(server, invitee, ids, false, String(body.sharing_settings?.allowSync ?? '0') === '1');
    return xml(200, xmlDocument('SharedServer', this.sharedServerAttributes(server, share)));
  }

  private createShare(server: FakeSharedServer, invitee: PlexTvAccount, sectionIds: number[], allLibraries: boolean, allowSync: boolean): FakeShare {
    const share: FakeShare = {
      id: this.nextShareId++, userID: invitee.id, invitedEmail: invitee.email, sectionIds, allLibraries, pending: true,
      invitedAt: Math.floor(this.now() / 1000), acceptedAt: null, allowSync, filters: { filterMovies: '', filterTelevision: '', filterMusic: '' },
    };
    server.shares.set(share.id, share);
    return share;
  }

  /** F6 v2: `{settings, librarySectionIds}` replaces the share's libraries and settings. */
  private update(server: FakeSharedServer, share: FakeShare, req: RecordedRequest): FakeResponse {
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as { librarySectionIds?: unknown; settings?: Record<string, unknown> };
    if (Array.isArray(body.librarySectionIds)) {
      const ids = body.librarySectionIds.map(Number);
      if (ids.some((id) => !server.sections.some((s) => s.id === id))) return json(400, { errors: [{ code: 1000, message: 'Invalid library section', status: 400 }] });
      share.sectionIds = ids;
      share.allLibraries = false;
    }
    if (body.settings && 'allowSync' in body.settings) share.allowSync = Boolean(body.settings.allowSync);
    for (const key of ['filterMovies', 'filterTelevision', 'filterMusic'] as const) {
      if (typeof body.settings?.[key] === 'string') share.filters[key] = body.settings[key];
    }
    // The response body is not used by callers; its shape is UNVERIFIED.
    return json(200, this.v2Share(server, share));
  }

  private remove(server: FakeSharedServer, share: FakeShare): FakeResponse {
    server.shares.delete(share.id);
    const invitee = this.plextv.accountById(share.userID);
    if (invitee) this.plextv.removeServer(invitee.token, server.machineIdentifier);
    return { status: 200 };
  }

  private acceptFromRequest(invitee: PlexTvAccount, shareId: number): FakeResponse {
    const found = this.findShare(shareId);
    if (!found || found.share.userID !== invitee.id || !found.share.pending) return notFoundJson();
    this.accept(found.server, found.share);
    // Status and body UNVERIFIED ([WZ] only checks 2xx).
    return json(200, this.v2Share(found.server, found.share));
  }

  private accept(server: FakeSharedServer, share: FakeShare): void {
    share.pending = false;
    share.acceptedAt = Math.floor(this.now() / 1000);
    const invitee = this.plextv.accountById(share.userID);
    if (invitee) this.plextv.shareServer(invitee.token, server.machineIdentifier, { owned: false, ownerToken: server.ownerToken, name: server.name, uri: server.uri });
  }

  private findShare(id: number): { server: FakeSharedServer; share: FakeShare } | undefined {
    for (const server of this.servers.values()) {
      const share = server.shares.get(id);
      if (share) return { server, share };
    }
    return undefined;
  }

  private receivedPending(invitee: PlexTvAccount): unknown[] {
    const invites: unknown[] = [];
    for (const server of this.servers.values()) {
      const owner = this.plextv.accounts.get(server.ownerToken);
      for (const share of server.shares.values()) {
        if (share.userID !== invitee.id || !share.pending) continue;
        invites.push({
          id: share.id, createdAt: share.invitedAt, friend: true, home: false, server: true,
          owner: { id: owner?.id, uuid: owner?.uuid, username: owner?.username, email: owner?.email, title: owner?.title, friendlyName: owner?.title, thumb: owner?.thumb },
          sharedServers: [this.v2Share(server, share)],
        });
      }
    }
    return invites;
  }

  private ownedShares(owner: PlexTvAccount, pending: boolean): unknown[] {
    return [...this.servers.values()]
      .filter((s) => s.ownerToken === owner.token)
      .flatMap((s) => [...s.shares.values()].filter((sh) => sh.pending === pending).map((sh) => this.v2Share(s, sh)));
  }

  /** v2 share object (F5 v2 201 fields, [GPC]). */
  private v2Share(server: FakeSharedServer, share: FakeShare): Record<string, unknown> {
    const owner = this.plextv.accounts.get(server.ownerToken);
    const invitee = this.plextv.accountById(share.userID);
    return {
      id: share.id, name: server.name, ownerId: owner?.id, invitedId: share.userID, invitedEmail: share.invitedEmail, serverId: 9999999,
      accepted: !share.pending, acceptedAt: share.acceptedAt, deletedAt: null, leftAt: null, owned: false, inviteToken: null,
      machineIdentifier: server.machineIdentifier, lastSeenAt: share.invitedAt, numLibraries: this.sharedSections(server, share).length,
      invited: invitee ? { id: invitee.id, uuid: invitee.uuid, title: invitee.title, username: invitee.username, email: invitee.email, thumb: invitee.thumb } : null,
      sharingSettings: { allowSync: share.allowSync, allowCameraUpload: false, allowChannels: false, ...share.filters },
      libraries: this.sharedSections(server, share).map((s) => ({ id: s.id, key: Number(s.key), title: s.title, type: s.type })),
      allLibraries: share.allLibraries,
    };
  }

  private sharedSections(server: FakeSharedServer, share: FakeShare): FakeSection[] {
    return server.sections.filter((s) => share.allLibraries || share.sectionIds.includes(s.id));
  }

  private sharedServerAttributes(server: FakeSharedServer, share: FakeShare): Record<string, unknown> {
    const invitee = this.plextv.accountById(share.userID);
    return {
      id: share.id, username: invitee?.username ?? '', email: share.invitedEmail, userID: share.userID,
      accessToken: `shared-${server.machineIdentifier.slice(0, 8)}-${share.userID}`, name: server.name,
      acceptedAt: share.acceptedAt ?? '', invitedAt: share.invitedAt, allowSync: share.allowSync ? '1' : '0', allowCameraUpload: '0',
      allowChannels: '0', owned: '0', allLibraries: share.allLibraries ? '1' : '0', ...share.filters,
    };
  }

  private sharedServerXml(server: FakeSharedServer, share: FakeShare): Record<string, unknown> {
    return {
      ...this.sharedServerAttributes(server, share),
      Section: server.sections.map((s) => ({ id: s.id, key: s.key, title: s.title, type: s.type, shared: share.allLibraries || share.sectionIds.includes(s.id) ? '1' : '0' })),
    };
  }

  private serverXml(server: FakeSharedServer): FakeResponse {
    return xml(200, xmlDocument('MediaContainer', {
      friendlyName: 'myPlex', identifier: 'com.plexapp.plugins.myplex', size: 1,
      Server: [{ name: server.name, machineIdentifier: server.machineIdentifier, owned: '1', synced: '0', Section: server.sections.map((s) => ({ id: s.id, key: s.key, type: s.type, title: s.title })) }],
    }));
  }

  /** F2: every account with a share on one of the owner's servers; pending shares carry pending="1" (UNVERIFIED). */
  private listUsers(owner: PlexTvAccount): FakeResponse {
    const owned = [...this.servers.values()].filter((s) => s.ownerToken === owner.token);
    const byUser = new Map<number, Array<{ server: FakeSharedServer; share: FakeShare }>>();
    for (const server of owned) for (const share of server.shares.values()) byUser.set(share.userID, [...(byUser.get(share.userID) ?? []), { server, share }]);
    const users = [...byUser.entries()].map(([id, shares]) => {
      const a = this.plextv.accountById(id);
      return {
        id, title: a?.title ?? '', username: a?.username ?? '', email: a?.email ?? '', thumb: a?.thumb ?? '', home: '0', restricted: '0',
        Server: shares.map(({ server, share }) => ({
          id: share.id, serverId: 9999999, machineIdentifier: server.machineIdentifier, name: server.name, lastSeenAt: share.invitedAt,
          numLibraries: this.sharedSections(server, share).length, allLibraries: share.allLibraries ? '1' : '0', owned: '0', pending: share.pending ? '1' : '0',
        })),
      };
    });
    return xml(200, xmlDocument('MediaContainer', {
      friendlyName: 'myPlex', identifier: 'com.plexapp.plugins.myplex', machineIdentifier: owned[0]?.machineIdentifier ?? '', totalSize: users.length, size: users.length, User: users,
    }));
  }

  private requireServer(machineIdentifier: string): FakeSharedServer {
    const server = this.servers.get(machineIdentifier);
    if (!server) throw new Error(`FakePlexTvSharing: no server ${machineIdentifier}`);
    return server;
  }
}

/** Legacy routes' error form (UPSTREAMS F "General"). */
export function legacyError(status: number, text: string): FakeResponse {
  return xml(status, `<?xml version="1.0" encoding="UTF-8"?>\n<Response code="${status}" status="${text.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"/>\n`);
}

function notFoundJson(): FakeResponse {
  return json(404, { errors: [{ code: 1002, message: 'Not Found', status: 404 }] });
}
