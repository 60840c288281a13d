import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakePlexServer, FakeUptimeKuma } from '../fakes';
import { buildTestApp, type TestApp } from '../support/test-app';
import { buildServicesApp, DAY, HOUR, seedChecks } from './fixtures';

interface ServiceItem {
  id: string;
  name: string;
  url?: string | null;
  status: string;
  responseTimeMs: number | null;
  lastCheckedAt: string | null;
  uptime: { h24: number | null; d7: number | null; d30: number | null };
}

// Plex and an Uptime Kuma page are configured; Overseerr is not.
describe('GET /api/v1/services and /:id/history', () => {
  let plex: FakePlexServer;
  let kuma: FakeUptimeKuma;
  let t: TestApp;
  let userToken: string;
  let adminToken: string;
  const list = async (token = userToken) =>
    (await request(t.app).get('/api/v1/services').set('Authorization', `Bearer ${token}`).expect(200)).body.items as ServiceItem[];
  const history = (id: string, range?: string) =>
    request(t.app)
      .get(`/api/v1/services/${id}/history`)
      .query(range ? { range } : {})
      .set('Authorization', `Bearer ${userToken}`);

  beforeAll(async () => {
    plex = new FakePlexServer();
    kuma = new FakeUptimeKuma({ slug: 'home' });
    await Promise.all([plex.start(), kuma.start()]);
    t = await buildServicesApp({ plex, kuma });
    userToken = (await t.tokenFor(await t.createUser())).token;
    adminToken = (await t.tokenFor(await t.createUser({ role: 'admin' }))).token;
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([plex?.stop(), kuma?.stop()]);
  });

  it('answers 401 without a signed-in user', async () => {
    await request(t.app).get('/api/v1/services').expect(401);
    await request(t.app).get('/api/v1/services/plex/history').expect(401);
  });

  it('lists Plex and Overseerr as unknown, with no uptime, before any check', async () => {
    const empty = { status: 'unknown', responseTimeMs: null, lastCheckedAt: null, uptime: { h24: null, d7: null, d30: null } };
    expect(await list()).toEqual([
      { id: 'plex', name: 'Plex', configured: true, source: 'medianest', ...empty },
      { id: 'overseerr', name: 'Overseerr', configured: false, source: 'medianest', ...empty },
    ]);
  });

  it('computes uptime over 24 h, 7 d and 30 d, counting degraded as up and ignoring unknown checks', async () => {
    await seedChecks(t, 'plex', [
      { agoMs: 1 * HOUR, status: 'up', responseTimeMs: 20 },
      { agoMs: 2 * HOUR, status: 'degraded', responseTimeMs: 2500 },
      { agoMs: 3 * HOUR, status: 'up', responseTimeMs: 30 },
      { agoMs: 4 * HOUR, status: 'down' },
      { agoMs: 5 * HOUR, status: 'unknown' },
      { agoMs: 2 * DAY, status: 'down' },
      { agoMs: 3 * DAY, status: 'down' },
      { agoMs: 10 * DAY, status: 'up' },
      { agoMs: 20 * DAY, status: 'degraded' },
      { agoMs: 40 * DAY, status: 'down' },
    ]);
    const plexItem = (await list()).find((s) => s.id === 'plex');
    expect(plexItem?.uptime).toEqual({ h24: 3 / 4, d7: 3 / 6, d30: 5 / 8 });
    expect(plexItem).toMatchObject({ status: 'up', responseTimeMs: 20 });
  });

  it('lists the monitors of the newest Uptime Kuma round, not monitors since removed from the page', async () => {
    await seedChecks(t, 'kuma-8', [{ agoMs: 2 * HOUR, status: 'up', name: 'Old monitor' }]);
    // One round stores all monitors of the page with the same time.
    const roundAt = Date.now() - 90_000;
    await seedChecks(t, 'kuma-7', [{ agoMs: 0, status: 'up', name: 'Jellyfin' }], roundAt);
    await seedChecks(t, 'kuma-9', [{ agoMs: 0, status: 'down', name: 'Audiobookshelf' }], roundAt);
    const ids = (await list()).map((s) => [s.id, s.name, s.status]);
    expect(ids).toEqual([
      ['plex', 'Plex', 'up'],
      ['overseerr', 'Overseerr', 'unknown'],
      ['kuma-9', 'Audiobookshelf', 'down'],
      ['kuma-7', 'Jellyfin', 'up'],
    ]);
  });

  it('shows each service url to admins only', async () => {
    const forAdmin = await list(adminToken);
    expect(forAdmin.find((s) => s.id === 'plex')?.url).toBe(plex.url);
    expect(forAdmin.find((s) => s.id === 'overseerr')?.url).toBeNull();
    expect(forAdmin.find((s) => s.id === 'kuma-7')?.url).toBe(`${kuma.url}/status/home`);
    for (const item of await list()) expect(item).not.toHaveProperty('url');
  });

  it('checks only configured services: Overseerr gets no check and stays unknown', async () => {
    await t.container.services.monitor.runRound();
    expect(await t.container.db.prisma.serviceCheck.count({ where: { serviceId: 'overseerr' } })).toBe(0);
    const items = await list();
    expect(items.find((s) => s.id === 'overseerr')).toMatchObject({ status: 'unknown', lastCheckedAt: null, configured: false });
    expect(items.find((s) => s.id.startsWith('kuma-'))).toMatchObject({ configured: true, source: 'uptime-kuma' });
    expect(items.find((s) => s.id === 'plex')?.status).toBe('up');
    const health = await request(t.app).get('/api/v1/health').expect(200);
    expect(health.body.services).toMatchObject({ plex: 'healthy', overseerr: 'not_configured' });
  });

  it('returns the history of the last 24 h oldest first', async () => {
    const res = await history('kuma-9', '24h').expect(200);
    expect(res.body.items).toEqual([{ at: expect.any(String), status: 'down', responseTimeMs: null }]);

    const plexPoints = (await history('plex').expect(200)).body.items as Array<{ at: string; status: string; responseTimeMs: number | null }>;
    const times = plexPoints.map((p) => Date.parse(p.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.min(...times)).toBeGreaterThan(Date.now() - DAY);
    expect(plexPoints.map((p) => p.status).slice(0, 5)).toEqual(['unknown', 'down', 'up', 'degraded', 'up']);
    expect(plexPoints[1]?.responseTimeMs).toBeNull();
    expect(plexPoints[3]?.responseTimeMs).toBe(2500);
  });

  it('buckets 30 days into at most 500 points, each with the worst status and the average response time', async () => {
    const now = Date.now();
    // One check every 36 minutes for 30 days (1200 checks), all up at 100 ms, plus one 400 ms failure.
    const regular = Array.from({ length: 1200 }, (_, i) => ({ agoMs: i * 36 * 60_000 + 60_000, status: 'up' as const, responseTimeMs: 100 }));
    await seedChecks(t, 'overseerr', [...regular, { agoMs: 12 * DAY + 5000, status: 'down', responseTimeMs: 400 }], now);

    const points = (await history('overseerr', '30d').expect(200)).body.items as Array<{ status: string; responseTimeMs: number }>;
    expect(points.length).toBeGreaterThan(400);
    expect(points.length).toBeLessThanOrEqual(500);
    const failing = points.filter((p) => p.status !== 'up');
    expect(failing).toHaveLength(1);
    expect(failing[0]?.status).toBe('down');
    expect(failing[0]?.responseTimeMs).toBeGreaterThan(100);
    expect(failing[0]?.responseTimeMs).toBeLessThan(400);
    expect(points.filter((p) => p.status === 'up').every((p) => p.responseTimeMs === 100)).toBe(true);

    const week = (await history('overseerr', '7d').expect(200)).body.items as unknown[];
    expect(week.length).toBeLessThanOrEqual(500);
    expect(week.length).toBeGreaterThan(200);
  });

  it('answers 400 for another range and 404 for an unknown service', async () => {
    const bad = await history('plex', '1y').expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_ERROR');
    const missing = await history('sonarr', '24h').expect(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    await history('kuma-8', '24h').expect(404);
  });
});

describe('checks after a settings change', () => {
  let plex: FakePlexServer;
  let t: TestApp;

  beforeAll(async () => {
    plex = new FakePlexServer();
    await plex.start();
    // The job runs as in production here: a round at start, then one per hour.
    t = await buildTestApp({ startJobs: true, env: { SERVICE_CHECK_INTERVAL_SECONDS: '3600' } });
  });
  afterAll(async () => {
    await t?.close();
    await plex?.stop();
  });

  it('checks a service as soon as an admin configures it, without waiting for the next interval', async () => {
    const token = (await t.tokenFor(await t.createUser())).token;
    const plexStatus = async () =>
      ((await request(t.app).get('/api/v1/services').set('Authorization', `Bearer ${token}`).expect(200)).body.items as ServiceItem[]).find(
        (s) => s.id === 'plex',
      )?.status;
    expect(await plexStatus()).toBe('unknown');

    await t.container.settings.update({ plexServerUrl: plex.url });
    await vi.waitFor(async () => expect(await plexStatus()).toBe('up'), { timeout: 10_000, interval: 200 });
    expect(plex.countRequests('/identity')).toBe(1);
  });

  it('documents both routes in the OpenAPI document', async () => {
    const doc = (await request(t.app).get('/api/docs/openapi.json').expect(200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/services', '/api/v1/services/{id}/history']));
  });
});
