import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KumaStatus } from '../fakes';
import { nextEvent, type TestApp } from '../support/test-app';
import { buildServicesApp, collect, DAY, drain, PROBE_TIMEOUT_MS, SLOW_MS, seedChecks, startUpstreams, type Upstreams } from './fixtures';

describe('service checks against Plex, Overseerr and an Uptime Kuma 2 status page', () => {
  let u: Upstreams;
  let t: TestApp;
  const round = () => t.container.services.monitor.runRound();
  const statusesOf = (checks: Array<{ serviceId: string; status: string }>) => Object.fromEntries(checks.map((c) => [c.serviceId, c.status]));
  const storedSince = (since: number) =>
    t.container.db.prisma.serviceCheck.findMany({ where: { checkedAt: { gte: new Date(since) } }, orderBy: { id: 'asc' } });

  beforeAll(async () => {
    u = await startUpstreams(2);
    t = await buildServicesApp(u);
    await round(); // warm up: a process's first HTTP call and queries are slow
  });
  afterAll(async () => {
    await t?.close();
    await u?.stop();
  });
  beforeEach(async () => {
    await Promise.all([u.plex.setMode('up'), u.overseerr.setMode('up'), u.kuma.setMode('up')]);
    u.plex.latencyMs = 0;
  });

  it('stores one check per service and Kuma monitor, with status, response time and time', async () => {
    const before = Date.now() - 1;
    await round();
    const rows = await storedSince(before);
    expect(statusesOf(rows)).toEqual({ plex: 'up', overseerr: 'up', 'kuma-3': 'up', 'kuma-4': 'down', 'kuma-5': 'unknown' });
    expect(new Set(rows.map((r) => r.checkedAt.getTime())).size).toBe(1);
    const byId = new Map(rows.map((r) => [r.serviceId, r]));
    expect(byId.get('plex')?.responseTimeMs).toEqual(expect.any(Number));
    expect(byId.get('kuma-3')).toMatchObject({ name: 'Plex', responseTimeMs: 42 });
    expect(byId.get('kuma-5')?.responseTimeMs).toBeNull();
    expect(u.plex.countRequests('/identity')).toBeGreaterThan(0);

    const user = await t.createUser();
    const res = await request(t.app).get('/api/v1/services').set('Authorization', `Bearer ${(await t.tokenFor(user)).token}`).expect(200);
    expect(res.body.items.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([
      ['plex', 'up'],
      ['overseerr', 'up'],
      ['kuma-3', 'up'],
      ['kuma-5', 'unknown'],
      ['kuma-4', 'down'],
    ]);
    expect(res.body.items[0].lastCheckedAt).toBe(byId.get('plex')?.checkedAt.toISOString());
  });

  it('records a service answering slower than SERVICE_DEGRADED_MS as degraded', async () => {
    await u.plex.setMode('slow');
    u.plex.latencyMs = SLOW_MS;
    const { checks } = await round();
    const plex = checks.find((c) => c.serviceId === 'plex');
    expect(plex?.status).toBe('degraded');
    expect(plex?.responseTimeMs).toBeGreaterThanOrEqual(SLOW_MS);
  });

  it('records down for a 5xx answer, a hung upstream and a refused connection', async () => {
    await u.overseerr.setMode('down');
    await u.plex.setMode('hang');
    const first = statusesOf((await round()).checks);
    expect(first).toMatchObject({ plex: 'down', overseerr: 'down', 'kuma-3': 'up' });

    await u.plex.setMode('refuse');
    const second = (await round()).checks.find((c) => c.serviceId === 'plex');
    expect(second).toMatchObject({ status: 'down', responseTimeMs: null });
  });

  it('maps Kuma PENDING, MAINTENANCE and a slow UP beat to degraded, using the newest beat', async () => {
    u.kuma.pushBeat(3, KumaStatus.PENDING, 12);
    u.kuma.pushBeat(4, KumaStatus.MAINTENANCE, null);
    u.kuma.pushBeat(5, KumaStatus.UP, SLOW_MS);
    const { checks } = await round();
    expect(statusesOf(checks)).toMatchObject({ 'kuma-3': 'degraded', 'kuma-4': 'degraded', 'kuma-5': 'degraded' });
    expect(checks.find((c) => c.serviceId === 'kuma-5')?.responseTimeMs).toBe(SLOW_MS);
  });

  it('records the Kuma monitors as unknown while Uptime Kuma cannot be read', async () => {
    await u.kuma.setMode('down');
    const { checks } = await round();
    expect(statusesOf(checks)).toEqual({ plex: 'up', overseerr: 'up', 'kuma-3': 'unknown', 'kuma-4': 'unknown', 'kuma-5': 'unknown' });
    const admin = await t.createUser({ role: 'admin' });
    const res = await request(t.app).get('/api/v1/services').set('Authorization', `Bearer ${(await t.tokenFor(admin)).token}`).expect(200);
    expect(res.body.items.filter((s: { id: string }) => s.id.startsWith('kuma-'))).toHaveLength(3);
    expect(t.logs.text()).toMatch(/"level":"warn".*Uptime Kuma status page unreadable|Uptime Kuma status page unreadable.*"level":"warn"/);
  });

  it('emits service:status to signed-in users when a status changes, and nothing when none did', async () => {
    const user = await t.createUser();
    const socket = await t.socket((await t.tokenFor(user)).token);
    await round(); // settle after the previous tests' changes
    await drain(socket);
    const events = collect<{ id: string; status: string }>(socket, 'service:status');

    await round(); // nothing changed
    await u.overseerr.setMode('down');
    const changed = nextEvent<Record<string, unknown>>(socket, 'service:status');
    const { checks } = await round();
    const overseerr = checks.find((c) => c.serviceId === 'overseerr');
    expect(await changed).toEqual({
      id: 'overseerr',
      status: 'down',
      responseTimeMs: overseerr?.responseTimeMs,
      lastCheckedAt: overseerr?.checkedAt.toISOString(),
    });
    // Socket.IO keeps order on one connection: an event from the quiet round would have come first.
    expect(events.map((e) => [e.id, e.status])).toEqual([['overseerr', 'down']]);
  });

  it('notifies admins, and nobody else, when a service goes down and when it comes back', async () => {
    const admin = await t.createUser({ role: 'admin' });
    const user = await t.createUser();
    const plexNotes = async (userId: string) =>
      (await t.container.db.prisma.notification.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } })).filter(
        (n) => (n.data as { serviceId?: string } | null)?.serviceId === 'plex',
      );
    await round();

    await u.plex.setMode('refuse');
    await round();
    await round(); // still down: no second notification
    await u.plex.setMode('up');
    await round();

    const notes = await plexNotes(admin.id);
    expect(notes.map((n) => n.type)).toEqual(['service.down', 'service.up']);
    expect(notes[0]?.title).toBe('Plex is down');
    expect(await plexNotes(user.id)).toEqual([]);
  });

  it('reports plex and overseerr health from the latest stored check', async () => {
    await u.overseerr.setMode('down');
    await round();
    const res = await request(t.app).get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'degraded', services: { plex: 'healthy', overseerr: 'unhealthy' } });
  });

  it('exposes medianest_service_up per service on /metrics', async () => {
    await u.overseerr.setMode('down');
    await round();
    const res = await request(t.app).get('/metrics').set('Authorization', `Bearer ${t.config.metricsToken}`).expect(200);
    expect(res.text).toContain('medianest_service_up{service="plex"} 1');
    expect(res.text).toContain('medianest_service_up{service="overseerr"} 0');
  });

  it('deletes checks older than 30 days once a round has run, keeping newer ones', async () => {
    await seedChecks(t, 'plex', [
      { agoMs: 31 * DAY, status: 'up' },
      { agoMs: 29 * DAY, status: 'down' },
    ]);
    const { pruned } = await round();
    expect(pruned).toBeGreaterThanOrEqual(1);
    const old = await t.container.db.prisma.serviceCheck.findMany({ where: { checkedAt: { lt: new Date(Date.now() - 28 * DAY) } } });
    expect(old.map((c) => c.status)).toEqual(['down']);
  });
});

describe('service checks against an Uptime Kuma 1.23 status page', () => {
  let u: Upstreams;
  let t: TestApp;
  let wrongSlug: TestApp;

  beforeAll(async () => {
    u = await startUpstreams(1);
    t = await buildServicesApp({ kuma: u.kuma });
    wrongSlug = await buildServicesApp({ kuma: u.kuma }, { env: { UPTIME_KUMA_STATUS_PAGE: 'no-such-page' } });
  });
  afterAll(async () => {
    await t?.close();
    await wrongSlug?.close();
    await u?.stop();
  });

  it('reads each monitor from the 1.23 payloads', async () => {
    const { checks } = await t.container.services.monitor.runRound();
    expect(checks.map((c) => [c.serviceId, c.name, c.status, c.responseTimeMs])).toEqual([
      ['kuma-3', 'Plex', 'up', 42],
      ['kuma-4', 'Sonarr', 'down', null],
      ['kuma-5', 'Radarr', 'unknown', null],
    ]);
  });

  it('gives up on a slug 1.23 never answers after the probe timeout', async () => {
    const started = Date.now();
    const { checks } = await wrongSlug.container.services.monitor.runRound();
    expect(checks).toEqual([]);
    expect(Date.now() - started).toBeLessThan(3 * PROBE_TIMEOUT_MS);
    expect(wrongSlug.logs.text()).toContain('Uptime Kuma status page unreadable');
  });
});
