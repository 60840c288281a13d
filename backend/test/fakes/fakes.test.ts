import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_ACCEPT, call } from './call';
import { FakePlexTv, FakeUptimeKuma } from './index';

describe('fake server modes (shared base)', () => {
  const kuma = new FakeUptimeKuma();
  let base = '';
  beforeAll(async () => {
    base = await kuma.start();
  });
  afterAll(() => kuma.stop());

  it('records every request with method, path, query, headers and body', async () => {
    kuma.clearRequests();
    await call(`${base}/api/status-page/home?x=1`, { headers: { 'x-test': 'yes' } });
    await call(`${base}/api/status-page/heartbeat/home`);
    expect(kuma.requests[0]).toMatchObject({ method: 'GET', path: '/api/status-page/home', query: { x: '1' }, headers: { 'x-test': 'yes' } });
    expect(kuma.countRequests('/api/status-page/')).toBe(2);
    expect(kuma.countRequests(/heartbeat/)).toBe(1);
  });

  it('slow mode delays answers by latencyMs', async () => {
    kuma.latencyMs = 150;
    await kuma.setMode('slow');
    const started = Date.now();
    expect((await call(`${base}/api/status-page/home`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    kuma.latencyMs = 0;
    await kuma.setMode('up');
  });

  it('hang mode never answers, so the client times out', async () => {
    await kuma.setMode('hang');
    await expect(fetch(`${base}/api/status-page/home`, { signal: AbortSignal.timeout(300) })).rejects.toThrow(/timeout|aborted/i);
    await kuma.setMode('up');
  });

  it('reset mode destroys the socket', async () => {
    await kuma.setMode('reset');
    await expect(fetch(`${base}/api/status-page/home`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow(/fetch failed/);
    await kuma.setMode('up');
  });

  it('refuse mode refuses connections and comes back on the same URL', async () => {
    await kuma.setMode('refuse');
    const error = await fetch(`${base}/api/status-page/home`, { signal: AbortSignal.timeout(2000) }).catch((e: Error) => e);
    expect(String((error as Error & { cause?: { code?: string } }).cause?.code)).toBe('ECONNREFUSED');
    await kuma.setMode('up');
    expect((await call(`${base}/api/status-page/home`)).status).toBe(200);
  });

  it('stop() returns promptly even with a hung request open', async () => {
    const other = new FakeUptimeKuma();
    const url = await other.start();
    await other.setMode('hang');
    const pending = fetch(`${url}/api/status-page/home`).catch(() => 'closed');
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await other.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBe('closed');
  });
});

describe('FakePlexTv (docs/UPSTREAMS.md A)', () => {
  let now = Date.parse('2025-01-01T12:00:00Z');
  const plextv = new FakePlexTv({ now: () => now });
  let base = '';
  const headers = { ...JSON_ACCEPT, 'X-Plex-Client-Identifier': 'medianest-test', 'X-Plex-Product': 'MediaNest' };
  beforeAll(async () => {
    base = await plextv.start();
    plextv.addAccount({ id: 62735028, uuid: 'b9h6f3c8k1', username: 'owner', email: 'owner@example.com', token: 'owner-token' });
    plextv.addAccount({ id: 5001, uuid: 'c0ffee', username: 'friend', email: 'friend@example.com', token: 'friend-token' });
  });
  afterAll(() => plextv.stop());

  it('answers 400 with the A1 body without a client identifier', async () => {
    const res = await call(`${base}/api/v2/pins?strong=true`, { method: 'POST', headers: JSON_ACCEPT });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ code: 1000, message: 'X-Plex-Client-Identifier is missing', status: 400 }] });
  });

  it('creates a strong pin (25 chars, 1800 s, authToken null) and a short one (4 chars, 900 s)', async () => {
    const strong = await call(`${base}/api/v2/pins?strong=true`, { method: 'POST', headers });
    expect(strong.status).toBe(201);
    expect(strong.body).toMatchObject({ product: 'MediaNest', trusted: false, clientIdentifier: 'medianest-test', expiresIn: 1800, authToken: null, newRegistration: null, createdAt: '2025-01-01T12:00:00Z', expiresAt: '2025-01-01T12:30:00Z' });
    expect(strong.body.code).toMatch(/^[a-z0-9]{25}$/);
    expect(strong.body.qr).toBe(`https://plex.tv/api/v2/pins/qr/${strong.body.code}`);
    const short = await call(`${base}/api/v2/pins`, { method: 'POST', headers });
    expect(short.body.code).toMatch(/^[A-Z0-9]{4}$/);
    expect(short.body.expiresIn).toBe(900);
  });

  it('polls a pin: null token, then the token after approval, then 404 once expired', async () => {
    const { body: pin } = await call(`${base}/api/v2/pins?strong=true`, { method: 'POST', headers });
    now += 10_000;
    const pending = await call(`${base}/api/v2/pins/${pin.id}`, { headers });
    expect(pending.body).toMatchObject({ id: pin.id, authToken: null, expiresIn: 1790 });
    plextv.approvePin(pin.id, 'owner-token');
    expect((await call(`${base}/api/v2/pins/${pin.id}`, { headers })).body.authToken).toBe('owner-token');
    plextv.expirePin(pin.id);
    const gone = await call(`${base}/api/v2/pins/${pin.id}`, { headers });
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ errors: [{ code: 1020, message: 'Code not found or expired' }] });
    const { body: late } = await call(`${base}/api/v2/pins?strong=true`, { method: 'POST', headers });
    now += 1801_000;
    expect((await call(`${base}/api/v2/pins/${late.id}`, { headers })).status).toBe(404);
  });

  it('serves a sign-in page at /auth for a browser popup (the PIN stays in the fragment)', async () => {
    const res = await call(`${base}/auth`);
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/html');
    expect(res.text).toContain('<title>Plex</title>');
  });

  it('answers XML without Accept: application/json', async () => {
    const res = await call(`${base}/api/v2/pins?strong=true`, { method: 'POST', headers: { 'X-Plex-Client-Identifier': 'x' } });
    expect(res.type).toContain('xml');
    expect(res.text).toMatch(/<pin id="\d+" code="[a-z0-9]{25}"/);
  });

  it('checks tokens on /api/v2/user with the A4 401 body', async () => {
    const bad = await call(`${base}/api/v2/user`, { headers: { ...headers, 'X-Plex-Token': 'nope' } });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ errors: [{ code: 1001, message: 'User could not be authenticated', status: 401 }] });
    const ok = await call(`${base}/api/v2/user`, { headers: { ...headers, 'X-Plex-Token': 'owner-token' } });
    expect(ok.body).toMatchObject({ id: 62735028, uuid: 'b9h6f3c8k1', username: 'owner', email: 'owner@example.com', authToken: 'owner-token', twoFactorEnabled: false, hasPassword: true });
    for (const field of ['friendlyName', 'joinedAt', 'title', 'thumb', 'subscription']) expect(ok.body).toHaveProperty(field);
    expect((await call(`${base}/api/v2/ping`, { headers: { ...headers, 'X-Plex-Token': 'owner-token' } })).body).toEqual({ pong: true });
  });

  it('lists owned and shared servers in resources, and shared users in /api/users XML', async () => {
    const machine = 'f76e7b49cd981f44e37f3128b6e9fca2db32bca1';
    plextv.shareServer('owner-token', machine, { owned: true });
    const shared = plextv.shareServer('friend-token', machine, { owned: false, ownerToken: 'owner-token' });
    const owner = await call(`${base}/api/v2/resources?includeHttps=1&includeRelay=1`, { headers: { ...headers, 'X-Plex-Token': 'owner-token' } });
    expect(owner.body[0]).toMatchObject({ clientIdentifier: machine, provides: 'server', owned: true, ownerId: null, sourceTitle: null, accessToken: 'owner-token' });
    const friend = await call(`${base}/api/v2/resources`, { headers: { ...headers, 'X-Plex-Token': 'friend-token' } });
    expect(friend.body[0]).toMatchObject({ owned: false, ownerId: 62735028, sourceTitle: 'owner', accessToken: shared.accessToken });
    const users = await call(`${base}/api/users`, { headers: { ...headers, 'X-Plex-Token': 'owner-token' } });
    expect(users.type).toContain('xml');
    expect(users.text).toMatch(/<User id="5001"[^>]*username="friend"[\s\S]*<Server [^>]*machineIdentifier="f76e7b49/);
  });
});

describe('FakeUptimeKuma (docs/UPSTREAMS.md E)', () => {
  const now = Date.parse('2025-01-01T12:00:00.123Z');
  const v2 = new FakeUptimeKuma({ now: () => now });
  const v1 = new FakeUptimeKuma({ version: 1 });
  let base2 = '';
  let base1 = '';
  beforeAll(async () => {
    base2 = await v2.start();
    base1 = await v1.start();
    v2.addMonitor({ id: 3, name: 'Plex', type: 'http' });
    v1.addMonitor({ id: 3, name: 'Plex', type: 'http' });
    for (let i = 0; i < 120; i++) v2.pushBeat(3, i % 10 === 0 ? 0 : 1, i % 10 === 0 ? null : 40 + i, { at: now - (120 - i) * 60_000 });
  });
  afterAll(async () => {
    await v2.stop();
    await v1.stop();
  });

  it('serves the v2 status page and a 404 body for an unknown slug', async () => {
    const page = await call(`${base2}/api/status-page/home`);
    expect(page.body.config).toMatchObject({ slug: 'home', autoRefreshInterval: 300, showOnlyLastHeartbeat: false });
    expect(page.body.publicGroupList[0].monitorList).toEqual([{ id: 3, name: 'Plex', sendUrl: 0, type: 'http' }]);
    const missing = await call(`${base2}/api/status-page/nope`);
    expect([missing.status, missing.body]).toEqual([404, { status: 'fail', msg: 'Status Page Not Found' }]);
  });

  it('v1.23 has the old config fields and never answers an unknown slug', async () => {
    const page = await call(`${base1}/api/status-page/home`);
    expect(page.body.config).toHaveProperty('googleAnalyticsId');
    expect(page.body.config).not.toHaveProperty('autoRefreshInterval');
    await expect(fetch(`${base1}/api/status-page/nope`, { signal: AbortSignal.timeout(300) })).rejects.toThrow(/timeout|aborted/i);
  });

  it('lists heartbeats chronologically (last 100), keyed by id string, with UTC millisecond times', async () => {
    const res = await call(`${base2}/api/status-page/heartbeat/home`);
    const beats = res.body.heartbeatList['3'] as Array<{ status: number; time: string; msg: string; ping: number | null }>;
    expect(beats).toHaveLength(100);
    expect(beats[0]?.time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
    expect(beats.map((b) => b.time)).toEqual([...beats.map((b) => b.time)].sort());
    expect(beats.at(-1)).toEqual({ status: 1, time: '2025-01-01 11:59:00.123', msg: '', ping: 159 });
    expect(res.body.uptimeList['3_24']).toBeCloseTo(0.9, 5);
    expect((await call(`${base2}/api/status-page/heartbeat/nope`)).body).toEqual({ heartbeatList: {}, uptimeList: {} });
  });

  it('answers the SQLITE_BUSY 503 in down mode', async () => {
    await v2.setMode('down');
    const res = await call(`${base2}/api/status-page/home`);
    expect([res.status, res.body.status]).toEqual([503, 'fail']);
    await v2.setMode('up');
  });
});
