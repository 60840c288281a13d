import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOverseerr, FakePlexServer } from '../fakes';
import { bearer } from '../auth/accounts-support';
import { buildTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 15 item 1: a stored secret goes only where it was entered for. Each
 * secret MediaNest sends out (the Plex token, the Overseerr API key) is bound
 * to the scheme, host and port of the URL it was saved with.
 */
const CASES = [
  {
    name: 'Plex token',
    section: 'plex',
    urlField: 'serverUrl',
    secretField: 'token',
    setFlag: 'tokenSet',
    key: 'plex.token',
    secret: 'owner-plex-token-bound-0001',
    // A route that would send the token to the configured server.
    probe: '/api/v1/plex/libraries',
    sentHeader: 'x-plex-token',
  },
  {
    name: 'Overseerr API key',
    section: 'overseerr',
    urlField: 'url',
    secretField: 'apiKey',
    setFlag: 'apiKeySet',
    key: 'overseerr.apiKey',
    secret: 'overseerr-api-key-bound-0002',
    probe: '/api/v1/media/search?q=matrix',
    sentHeader: 'x-api-key',
  },
] as const;

describe.each(CASES)('a stored $name is bound to its URL', (c) => {
  let t: TestApp;
  let auth: { Authorization: string };
  let attacker: FakePlexServer | FakeOverseerr;
  let admin: { id: string };
  const put = (body: object) => request(t.app).put('/api/v1/admin/settings').set(auth).send(body);
  const section = (fields: Record<string, unknown>) => ({ [c.section]: fields });

  beforeAll(async () => {
    // Any HTTP server that records what reaches it stands in for the attacker's host.
    attacker = c.section === 'plex' ? new FakePlexServer() : new FakeOverseerr();
    await attacker.start();
    t = await buildTestApp();
    admin = await t.createUser({ role: 'admin' });
    auth = bearer((await t.tokenFor(admin)).token);
  });
  afterAll(async () => {
    await t.close();
    await attacker.stop();
  });

  const saveOriginal = async () => {
    const res = await put(section({ [c.urlField]: 'http://media.lan:5000', [c.secretField]: c.secret })).expect(200);
    expect(res.body[c.section][c.setFlag]).toBe(true);
  };

  it('is cleared when the URL moves to another host without a new secret, and never reaches that host', async () => {
    await saveOriginal();
    const res = await put(section({ [c.urlField]: attacker.url })).expect(200);
    expect(res.body[c.section]).toMatchObject({ [c.urlField]: attacker.url, [c.setFlag]: false });
    expect(await t.container.db.prisma.setting.count({ where: { key: c.key } })).toBe(0);

    attacker.clearRequests();
    const probe = await request(t.app).get(c.probe).set(auth);
    expect(probe.status).toBe(503);
    expect(probe.body.error.code).toBe('NOT_CONFIGURED');
    expect(attacker.requests.filter((r) => r.headers[c.sentHeader] !== undefined)).toEqual([]);
    expect(JSON.stringify(attacker.requests)).not.toContain(c.secret);
  });

  it('is cleared by another port or another scheme too', async () => {
    for (const moved of ['http://media.lan:5001', 'https://media.lan:5000']) {
      await saveOriginal();
      const res = await put(section({ [c.urlField]: moved })).expect(200);
      expect(res.body[c.section][c.setFlag]).toBe(false);
    }
  });

  it('stays when only the path changes (same scheme, host and port)', async () => {
    await saveOriginal();
    const res = await put(section({ [c.urlField]: 'http://MEDIA.lan:5000/sub/path' })).expect(200);
    expect(res.body[c.section][c.setFlag]).toBe(true);
  });

  it('moves with the URL when a new secret is given in the same update', async () => {
    await saveOriginal();
    const res = await put(section({ [c.urlField]: 'http://media2.lan:5000', [c.secretField]: `${c.secret}-new` })).expect(200);
    expect(res.body[c.section][c.setFlag]).toBe(true);
    const settings = (await t.container.settings.get()) as unknown as Record<string, Record<string, string | undefined>>;
    expect(settings[c.section]![c.secretField]).toBe(`${c.secret}-new`);
  });

  it('audits the old and new URLs and the cleared secret, never the secret itself', async () => {
    await saveOriginal();
    await put(section({ [c.urlField]: 'http://elsewhere.example:5000' })).expect(200);
    const entry = await t.container.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'admin.settings_updated' }, orderBy: { createdAt: 'desc' } });
    expect(entry.details).toEqual({
      fields: [`${c.section}.${c.urlField}`],
      urls: { [`${c.section}.${c.urlField}`]: { from: 'http://media.lan:5000', to: 'http://elsewhere.example:5000' } },
      clearedSecrets: [c.key],
    });
    const all = JSON.stringify(await t.container.db.prisma.auditLog.findMany());
    expect(all).not.toContain(c.secret);
  });

  it('is not handed out when the URL row was changed behind the settings API', async () => {
    await saveOriginal();
    const urlKey = c.section === 'plex' ? 'plex.serverUrl' : 'overseerr.url';
    await t.container.db.prisma.setting.update({ where: { key: urlKey }, data: { value: attacker.url } });
    t.container.settings.invalidate();
    const res = await request(t.app).get('/api/v1/admin/settings').set(auth).expect(200);
    expect(res.body[c.section][c.setFlag]).toBe(false);
    attacker.clearRequests();
    await request(t.app).get(c.probe).set(auth).expect(503);
    expect(JSON.stringify(attacker.requests)).not.toContain(c.secret);
  });
});
