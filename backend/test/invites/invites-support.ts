import type { User } from '@prisma/client';
import request from 'supertest';
import { FakePlexServer, FakePlexTv, FakePlexTvSharing, type PlexTvAccount } from '../fakes';
import { buildTestApp, type TestApp, type TestAppOptions } from '../support/test-app';

/** The app with a fake Plex Media Server and a fake plex.tv that shares (UPSTREAMS F). */
export interface InvitesApp {
  t: TestApp;
  plextv: FakePlexTv;
  sharing: FakePlexTvSharing;
  pms: FakePlexServer;
  owner: PlexTvAccount;
  admin: User;
  /** Re-minted by tests that move the clock past its 15 minutes. */
  adminToken: string;
  /** A plex.tv account with no access yet. */
  newAccount(name: string): PlexTvAccount;
  close(): Promise<void>;
}

let nextAccountId = 5000;

export async function startInvitesApp(options: TestAppOptions = {}): Promise<InvitesApp> {
  const plextv = new FakePlexTv({ now: options.clock });
  const sharing = new FakePlexTvSharing(plextv, options.clock);
  const pms = FakePlexServer.withSampleLibrary({ movies: 3, shows: 1, seasonsPerShow: 1, episodesPerSeason: 1, collections: 0, artists: 1 });
  await Promise.all([plextv.start(), pms.start()]);
  // The owner's plex.tv token is also the server's token, as on a real install.
  const owner = plextv.addAccount({ id: 1001, uuid: 'owner-uuid', username: 'owner', email: 'owner@example.com', token: pms.token });
  plextv.shareServer(owner.token, pms.machineIdentifier, { owned: true, uri: pms.url });
  sharing.addServer({
    machineIdentifier: pms.machineIdentifier,
    ownerToken: owner.token,
    uri: pms.url,
    sections: [{ key: '1', type: 'movie', title: 'Movies' }, { key: '2', type: 'show', title: 'TV Shows' }, { key: '3', type: 'artist', title: 'Music' }],
  });
  const t = await buildTestApp({
    ...options,
    env: { PLEX_TV_URL: plextv.url, PLEX_SERVER_URL: pms.url, PLEX_TOKEN: owner.token, RATE_LIMIT_AUTH_PER_MINUTE: '1000', APP_URL: 'https://media.example.org', ...options.env },
  });
  const admin = await t.createUser({ username: 'admin', role: 'admin', plexId: String(owner.id) });
  const { token: adminToken } = await t.tokenFor(admin);
  return {
    t, plextv, sharing, pms, owner, admin, adminToken,
    newAccount(name) {
      const id = nextAccountId++;
      return plextv.addAccount({ id, uuid: `${name}-uuid`, username: name, email: `${name}@example.com`, token: `${name}-plex-token-${id}` });
    },
    async close() {
      await t.close();
      await Promise.all([plextv.stop(), pms.stop()]);
    },
  };
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

export interface CreatedInvite {
  id: string;
  code: string;
  url: string;
  uses: number;
  status: string;
}

export async function createInvite(app: InvitesApp, body: Record<string, unknown> = {}): Promise<CreatedInvite> {
  const res = await request(app.t.app).post('/api/v1/admin/invites').set(bearer(app.adminToken)).send(body);
  if (res.status !== 201) throw new Error(`invite not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CreatedInvite;
}

/** A PIN from the app's own sign-in start, approved at the fake plex.tv by this account. */
export async function approvedPin(app: InvitesApp, account: PlexTvAccount): Promise<{ pinId: number; pinToken: string }> {
  const res = await request(app.t.app).get('/api/v1/auth/plex/login').expect(200);
  app.plextv.approvePin(res.body.pinId, account.token);
  return { pinId: res.body.pinId, pinToken: res.body.pinToken };
}

export function accept(app: InvitesApp, code: string, pin: { pinId: number; pinToken: string }): request.Test {
  return request(app.t.app).post(`/api/v1/invites/${encodeURIComponent(code)}/accept`).send(pin);
}
