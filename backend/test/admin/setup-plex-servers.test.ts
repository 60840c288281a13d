import net from 'node:net';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakePlexServer, FakePlexTv, plexTvConnection } from '../fakes';
import { buildTestApp, type TestApp } from '../support/test-app';

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const BASEMENT_ID = 'b45e7e9d0c1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b';
const FRIENDS_ID = 'f76e7b49cd981f44e37f3128b6e9fca2db32bca1';

describe('setup: picking the Plex server from the linked Plex account', () => {
  let t: TestApp;
  let plextv: FakePlexTv;
  /** The server the owner picks. */
  let pms: FakePlexServer;
  /** Another Plex server, answering at the address plex.tv lists for the owner's "Basement" server. */
  let impostor: FakePlexServer;
  let admin: string;
  let unlinkedAdmin: string;
  let linkedUser: string;
  let adminId: string;
  let deadUri: string;
  const ownerToken = 'owner-account-token-7f3a';
  const basementToken = 'basement-server-token-19c2';
  /** Every answer body, to prove no token ever leaves the server. */
  const bodies: string[] = [];

  beforeAll(async () => {
    plextv = new FakePlexTv();
    pms = new FakePlexServer({ token: 'living-room-server-token-5e1d' });
    impostor = new FakePlexServer({ token: basementToken, machineIdentifier: '0000aaaa1111bbbb2222cccc3333dddd4444eeee' });
    await Promise.all([plextv.start(), pms.start(), impostor.start()]);
    deadUri = `http://127.0.0.1:${await closedPort()}`;
    plextv.addAccount({ id: 1001, uuid: 'owner-uuid', username: 'owner', email: 'owner@example.com', token: ownerToken });
    // docs/UPSTREAMS.md A5: owned servers with their access token and every address; a relay connection, a
    // server shared by someone else, and a player the account also uses.
    plextv.shareServer(ownerToken, pms.machineIdentifier, {
      owned: true,
      name: 'Living Room',
      accessToken: pms.token,
      connections: [plexTvConnection(deadUri, { local: false, relay: true }), plexTvConnection(pms.url, { local: true })],
    });
    plextv.shareServer(ownerToken, BASEMENT_ID, { owned: true, name: 'Basement', accessToken: basementToken, connections: [plexTvConnection(impostor.url, { local: true })] });
    plextv.shareServer(ownerToken, FRIENDS_ID, { owned: false, name: 'Friend’s server', uri: impostor.url });
    plextv.shareServer(ownerToken, 'player-0001', { owned: true, name: 'Living Room TV', provides: 'client,player,pubsub-player' });

    t = await buildTestApp({ env: { PLEX_TV_URL: plextv.url } });
    const enc = t.container.encryptor;
    const root = await t.createUser({ username: 'root', role: 'admin' });
    adminId = root.id;
    await t.container.db.prisma.user.update({ where: { id: root.id }, data: { plexId: '1001', plexUsername: 'owner', plexTokenEnc: enc.encrypt(ownerToken) } });
    admin = (await t.tokenFor(root)).token;
    unlinkedAdmin = (await t.tokenFor(await t.createUser({ username: 'second-admin', role: 'admin' }))).token;
    const kid = await t.createUser({ username: 'kid', plexId: '2002' });
    await t.container.db.prisma.user.update({ where: { id: kid.id }, data: { plexTokenEnc: enc.encrypt(ownerToken) } });
    linkedUser = (await t.tokenFor(kid)).token;
  });
  afterEach(async () => {
    await plextv.setMode('up');
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([plextv.stop(), pms.stop(), impostor.stop()]);
    // Not in any answer: the account's token, the servers' tokens.
    for (const body of bodies) for (const token of [ownerToken, pms.token, basementToken]) expect(body).not.toContain(token);
  });

  const remember = (res: request.Response) => {
    bodies.push(res.text);
    return res;
  };
  const list = async (token = admin) => remember(await request(t.app).get('/api/v1/admin/setup/plex-servers').set('authorization', `Bearer ${token}`));
  const choose = async (body: object, token = admin) =>
    remember(await request(t.app).post('/api/v1/admin/setup/plex-server').set('authorization', `Bearer ${token}`).send(body));
  const savedPlex = async () => (await t.container.settings.get()).plex;
  const settingsAudits = () => t.container.db.prisma.auditLog.findMany({ where: { action: 'admin.settings_updated' }, orderBy: { createdAt: 'asc' } });

  it('lists the servers the account owns, with their addresses and without any token', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      servers: [
        {
          name: 'Living Room',
          machineIdentifier: pms.machineIdentifier,
          productVersion: '1.41.3.9314-a0bfb8370',
          connections: [
            { uri: deadUri, protocol: 'http', local: false, relay: true },
            { uri: pms.url, protocol: 'http', local: true, relay: false },
          ],
        },
        { name: 'Basement', machineIdentifier: BASEMENT_ID, productVersion: '1.41.3.9314-a0bfb8370', connections: [{ uri: impostor.url, protocol: 'http', local: true, relay: false }] },
      ],
    });
    // Asked with the linked account's token, for https and relay addresses too.
    const asked = plextv.requests.filter((r) => r.path === '/api/v2/resources').at(-1)!;
    expect(asked.headers['x-plex-token']).toBe(ownerToken);
    expect(asked.query).toMatchObject({ includeHttps: '1', includeRelay: '1' });
  });

  it('is for admins only, and needs a linked Plex account', async () => {
    expect((await list(linkedUser)).status).toBe(403);
    expect((await choose({ machineIdentifier: pms.machineIdentifier, uri: pms.url }, linkedUser)).status).toBe(403);
    const unlinked = await list(unlinkedAdmin);
    expect(unlinked.status).toBe(409);
    expect(unlinked.body.error).toMatchObject({ code: 'PLEX_NOT_LINKED', message: expect.stringContaining('no linked Plex account') });
    const chosen = await choose({ machineIdentifier: pms.machineIdentifier, uri: pms.url }, unlinkedAdmin);
    expect(chosen.status).toBe(409);
    expect(chosen.body.error.code).toBe('PLEX_NOT_LINKED');
    expect((await savedPlex()).serverUrl).toBeUndefined();
  });

  it('lets an admin link a Plex account before any Plex server is configured, and then lists its servers', async () => {
    const secondOwnerToken = 'second-owner-token-8d2e';
    plextv.addAccount({ id: 1002, uuid: 'second-uuid', username: 'second', email: 'second@example.com', token: secondOwnerToken });
    plextv.shareServer(secondOwnerToken, BASEMENT_ID, { owned: true, name: 'Cabin', accessToken: 'cabin-token', connections: [plexTvConnection(impostor.url, { local: true })] });
    // A non-admin cannot start a link while no server is configured: their access could not be checked.
    const refused = remember(await request(t.app).post('/api/v1/auth/plex/link/pin').set('authorization', `Bearer ${linkedUser}`));
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('NOT_CONFIGURED');
    // The ordinary sign-in still needs a server.
    expect((await request(t.app).post('/api/v1/auth/plex/login')).status).toBe(503);

    const pin = remember(await request(t.app).post('/api/v1/auth/plex/link/pin').set('authorization', `Bearer ${unlinkedAdmin}`));
    expect(pin.status).toBe(200);
    const link = () => request(t.app).post('/api/v1/auth/plex/link').set('authorization', `Bearer ${unlinkedAdmin}`).send({ pinId: pin.body.pinId, pinToken: pin.body.pinToken });
    expect((await link()).status).toBe(202);
    plextv.approvePin(pin.body.pinId, secondOwnerToken);
    const linked = remember(await link());
    expect(linked.status).toBe(200);
    expect(linked.body.user).toMatchObject({ username: 'second-admin', role: 'admin', plexLinked: true });

    const servers = await list(unlinkedAdmin);
    expect(servers.status).toBe(200);
    expect(servers.body.servers.map((s: { name: string }) => s.name)).toEqual(['Cabin']);
    expect(servers.text).not.toContain('cabin-token');
  });

  it('says to link again when plex.tv no longer accepts the stored sign-in', async () => {
    plextv.revokeToken(ownerToken);
    try {
      const res = await list();
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'PLEX_NOT_LINKED', message: expect.stringContaining('Link your Plex account again') });
    } finally {
      plextv.addAccount({ id: 1001, uuid: 'owner-uuid', username: 'owner', email: 'owner@example.com', token: ownerToken });
    }
  });

  it('answers 503 naming Plex when plex.tv is down or unreachable, and saves nothing', async () => {
    await plextv.setMode('down');
    const down = await list();
    expect(down.status).toBe(503);
    expect(down.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'plex', message: expect.stringContaining('plex.tv is not reachable') });
    const chosen = await choose({ machineIdentifier: pms.machineIdentifier, uri: pms.url });
    expect(chosen.status).toBe(503);
    await plextv.setMode('refuse');
    expect((await list()).status).toBe(503);
    expect((await savedPlex()).serverUrl).toBeUndefined();
    expect(await settingsAudits()).toEqual([]);
  });

  it('refuses an address that leads to another server, even with "save anyway"', async () => {
    for (const saveAnyway of [false, true]) {
      const res = await choose({ machineIdentifier: BASEMENT_ID, uri: impostor.url, saveAnyway });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'CONNECTION_TEST_FAILED', details: [{ cause: 'wrong_server' }] });
      expect(res.body.error.message).toMatch(/is a different Plex server .* not Basement/);
    }
    const dry = await choose({ machineIdentifier: BASEMENT_ID, uri: impostor.url, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ saved: false, test: { ok: false, cause: 'wrong_server' } });
    expect((await savedPlex()).serverUrl).toBeUndefined();
    expect(await settingsAudits()).toEqual([]);
  });

  it('refuses an unknown server (404) and an address plex.tv does not list for it (400)', async () => {
    expect((await choose({ machineIdentifier: FRIENDS_ID, uri: impostor.url })).status).toBe(404);
    const foreign = await choose({ machineIdentifier: pms.machineIdentifier, uri: impostor.url });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toContain('is not one of the addresses plex.tv lists for Living Room');
    expect((await choose({ machineIdentifier: pms.machineIdentifier, uri: 'file:///etc/passwd' })).status).toBe(400);
    // The picked server's token never went to the other server.
    expect(impostor.requests.some((r) => JSON.stringify(r.headers).includes(pms.token))).toBe(false);
  });

  it('tests without saving (dryRun), and reports an unreachable address in plain words', async () => {
    const dry = await choose({ machineIdentifier: pms.machineIdentifier, uri: pms.url, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({ saved: false, test: { ok: true, message: expect.stringContaining('Plex works: Living Room'), detail: expect.any(String) } });
    const dead = await choose({ machineIdentifier: pms.machineIdentifier, uri: deadUri });
    expect(dead.status).toBe(422);
    expect(dead.body.error).toMatchObject({ code: 'CONNECTION_TEST_FAILED', details: [{ cause: 'connection_refused' }], message: expect.stringContaining('Connection refused') });
    expect((await savedPlex()).serverUrl).toBeUndefined();
    expect(await settingsAudits()).toEqual([]);
  });

  it('saves the picked server with the token from plex.tv, audited, and the checklist shows Plex done', async () => {
    const res = await choose({ machineIdentifier: pms.machineIdentifier, uri: pms.url });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ saved: true, test: { ok: true } });
    expect(await savedPlex()).toMatchObject({ serverUrl: pms.url, token: pms.token, managedByEnv: false });
    const settings = remember(await request(t.app).get('/api/v1/admin/settings').set('authorization', `Bearer ${admin}`).expect(200));
    expect(settings.body.plex).toEqual({ serverUrl: pms.url, tokenSet: true, managedByEnv: false });
    const setup = remember(await request(t.app).get('/api/v1/admin/setup').set('authorization', `Bearer ${admin}`).expect(200));
    expect(setup.body.plex).toEqual({ configured: true, managedByEnv: false });
    // The library works with what was saved.
    remember(await request(t.app).get('/api/v1/plex/libraries').set('authorization', `Bearer ${admin}`).expect(200));

    const [entry, ...more] = await settingsAudits();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actorId: adminId,
      targetType: 'settings',
      details: {
        fields: ['plex.serverUrl', 'plex.token'],
        urls: { 'plex.serverUrl': { from: null, to: pms.url } },
        via: 'plex_server_picker',
        server: { name: 'Living Room', machineIdentifier: pms.machineIdentifier },
      },
    });
    expect(JSON.stringify(entry!.details)).not.toContain(pms.token);
  });

  it('saves an address that failed its test only when asked to "save anyway", and says so in the audit log', async () => {
    const res = await choose({ machineIdentifier: pms.machineIdentifier, uri: deadUri, saveAnyway: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ saved: true, test: { ok: false, cause: 'connection_refused' } });
    expect(await savedPlex()).toMatchObject({ serverUrl: deadUri, token: pms.token });
    const entry = (await settingsAudits()).at(-1)!;
    expect(entry.details).toMatchObject({ via: 'plex_server_picker', savedAnyway: true, testCause: 'connection_refused', urls: { 'plex.serverUrl': { from: pms.url, to: deadUri } } });
  });
});
