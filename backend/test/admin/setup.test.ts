import net from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOverseerr, FakePlexServer, FakeUptimeKuma, hugeJson, type FakeServer } from '../fakes';
import { waitFor } from '../support/load';
import { buildTestApp, type TestApp } from '../support/test-app';

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('setup checklist', () => {
  let t: TestApp;
  let pms: FakePlexServer;
  let overseerr: FakeOverseerr;
  let kuma: FakeUptimeKuma;
  let admin: string;
  let user: string;

  beforeAll(async () => {
    pms = new FakePlexServer();
    overseerr = new FakeOverseerr();
    kuma = new FakeUptimeKuma();
    await Promise.all([pms.start(), overseerr.start(), kuma.start()]);
    t = await buildTestApp({ env: { APP_URL: 'https://media.example.org' } });
    admin = (await t.tokenFor(await t.createUser({ username: 'root', role: 'admin' }))).token;
    user = (await t.tokenFor(await t.createUser({ username: 'kid' }))).token;
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([pms.stop(), overseerr.stop(), kuma.stop()]);
  });

  const status = (token = admin) => request(t.app).get('/api/v1/admin/setup').set('authorization', `Bearer ${token}`);
  const test = (body: object) => request(t.app).post('/api/v1/admin/setup/test').set('authorization', `Bearer ${admin}`).send(body).expect(200);

  it('starts with nothing set up and gives the exact webhook URL to copy', async () => {
    expect((await status().expect(200)).body).toEqual({
      plex: { configured: false, managedByEnv: false },
      overseerr: { configured: false, managedByEnv: false },
      webhook: { url: 'https://media.example.org/api/v1/webhooks/overseerr', secretSet: false, lastTestAt: null },
      uptimeKuma: { configured: false, managedByEnv: false },
      done: false,
    });
    await status(user).expect(403);
  });

  it('tells connection refused, wrong token and wrong product apart for Plex, saving nothing', async () => {
    const refused = await test({ service: 'plex', url: `http://127.0.0.1:${await closedPort()}`, secret: pms.token });
    expect(refused.body).toMatchObject({ ok: false, cause: 'connection_refused' });
    expect(refused.body.message).toMatch(/Connection refused/);
    expect((await test({ service: 'plex', url: pms.url, secret: 'not-the-token' })).body).toMatchObject({ ok: false, cause: 'wrong_token' });
    expect((await test({ service: 'plex', url: overseerr.url, secret: pms.token })).body).toMatchObject({ ok: false, cause: 'wrong_product' });
    expect((await test({ service: 'plex', url: pms.url })).body).toMatchObject({ ok: false, cause: 'incomplete' });
    // https:// to a server that speaks plain HTTP: the TLS handshake fails, and the Test says so.
    const tls = await test({ service: 'plex', url: pms.url.replace(/^http:/, 'https:'), secret: pms.token });
    expect(tls.body).toMatchObject({ ok: false, cause: 'tls' });
    expect(tls.body.message).toMatch(/^TLS failed with 127\.0\.0\.1/);
    expect((await test({ service: 'plex', url: pms.url, secret: pms.token })).body).toMatchObject({ ok: true, message: expect.stringContaining('Plex works') });
    expect((await status().expect(200)).body.plex.configured).toBe(false);
    expect(await t.container.db.prisma.setting.count({ where: { key: { startsWith: 'plex' } } })).toBe(0);
  });

  it('checks Overseerr\u2019s API key and Uptime Kuma\u2019s status page', async () => {
    expect((await test({ service: 'overseerr', url: overseerr.url, secret: 'wrong-key' })).body).toMatchObject({ ok: false, cause: 'wrong_token' });
    expect((await test({ service: 'overseerr', url: pms.url, secret: overseerr.apiKey })).body).toMatchObject({ ok: false, cause: 'wrong_product' });
    expect((await test({ service: 'overseerr', url: overseerr.url, secret: overseerr.apiKey })).body).toMatchObject({ ok: true, detail: 'Overseerr 1.33.2' });
    expect((await test({ service: 'uptimeKuma', url: kuma.url, statusPage: 'nope' })).body).toMatchObject({ ok: false, cause: 'not_found' });
    expect((await test({ service: 'uptimeKuma', url: kuma.url, statusPage: kuma.slug })).body.ok).toBe(true);
    expect((await test({ service: 'uptimeKuma', url: 'http://no-such-host.invalid', statusPage: 'home' })).body).toMatchObject({ ok: false, cause: 'dns' });
  });

  it('an endless answer is a clear too_large cause within the deadline, and the fake stops being read', async () => {
    const cases: Array<{ fake: FakeServer; path: string; body: object }> = [
      { fake: pms, path: '/identity', body: { service: 'plex', url: pms.url, secret: pms.token } },
      { fake: pms, path: '/library/sections', body: { service: 'plex', url: pms.url, secret: pms.token } },
      { fake: overseerr, path: '/api/v1/status', body: { service: 'overseerr', url: overseerr.url, secret: overseerr.apiKey } },
      { fake: kuma, path: '/api/status-page/', body: { service: 'uptimeKuma', url: kuma.url, statusPage: kuma.slug } },
    ];
    for (const c of cases) {
      c.fake.override(c.path, () => hugeJson(undefined), { once: true });
      const started = Date.now();
      const res = await test(c.body);
      // The Test's deadline is 5 s; the cap (1 MB) must stop it well before, and 3x leaves room for a busy machine.
      expect(Date.now() - started, c.path).toBeLessThan(15_000);
      expect(res.body, c.path).toMatchObject({ ok: false, cause: 'too_large', message: expect.stringMatching(/more than 1 MB/) });
      await waitFor(() => c.fake.streams.at(-1)?.abandoned === true, 15_000);
      const stream = c.fake.streams.at(-1)!;
      expect(stream.completed).toBe(false);
      // 1 MB plus what socket buffers hold when the reader stops.
      expect(stream.bytesSent, c.path).toBeLessThan(16 * 1024 * 1024);
    }
  });

  it('a redirect is not followed: the token never reaches the address it points to', async () => {
    pms.override('/identity', () => ({ status: 302, headers: { location: `${overseerr.url}/identity` } }), { once: true });
    overseerr.clearRequests();
    const redirected = await test({ service: 'plex', url: pms.url, secret: pms.token });
    expect(redirected.body).toMatchObject({ ok: false, cause: 'http_error', message: expect.stringMatching(/redirect/) });
    expect(overseerr.requests).toEqual([]);
  });

  it('refuses a malformed test with 400', async () => {
    await request(t.app).post('/api/v1/admin/setup/test').set('authorization', `Bearer ${admin}`).send({ service: 'ftp' }).expect(400);
    await request(t.app).post('/api/v1/admin/setup/test').set('authorization', `Bearer ${admin}`).send({ service: 'plex', url: 'file:///etc/passwd' }).expect(400);
  });

  it('is done once Plex and Overseerr are saved and Overseerr\u2019s test webhook arrived', async () => {
    await request(t.app)
      .put('/api/v1/admin/settings')
      .set('authorization', `Bearer ${admin}`)
      .send({ plex: { serverUrl: pms.url, token: pms.token }, overseerr: { url: overseerr.url, apiKey: overseerr.apiKey, webhookSecret: 'hook-secret-1' } })
      .expect(200);
    expect((await status().expect(200)).body).toMatchObject({ plex: { configured: true }, overseerr: { configured: true }, webhook: { secretSet: true, lastTestAt: null }, done: false });
    expect(await overseerr.sendWebhook(`${t.url}/api/v1/webhooks/overseerr`, { type: 'TEST_NOTIFICATION' }, { authHeader: 'hook-secret-1' })).toBe(204);
    const after = (await status().expect(200)).body;
    expect(after.webhook.lastTestAt).toEqual(expect.any(String));
    expect(after.done).toBe(true);
  });
});
