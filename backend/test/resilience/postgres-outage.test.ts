import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOverseerr, Permission } from '../fakes';
import { TEST_PG_ADMIN_URL } from '../support/env';
import { runLoad, sleep, waitFor } from '../support/load';
import { TcpProxy } from '../support/tcp-proxy';
import { buildTestApp, type TestApp } from '../support/test-app';

/**
 * PostgreSQL goes away under the running app (a TCP proxy in front of the
 * shared server is cut: every connection severed, new ones refused or left
 * hanging) and comes back. The shared server itself is never touched.
 */
describe('PostgreSQL outage', () => {
  const pgTarget = new URL(TEST_PG_ADMIN_URL);
  const proxy = new TcpProxy(pgTarget.hostname, Number(pgTarget.port || 5432));
  const overseerr = new FakeOverseerr();
  let t: TestApp;
  let auth: { authorization: string };
  let direct: pg.Client;
  let nextTmdbId = 910_000;

  beforeAll(async () => {
    await proxy.start();
    await overseerr.start();
    for (let i = 0; i < 1000; i++) overseerr.addTitle({ tmdbId: 910_000 + i, mediaType: 'movie', title: `Outage ${i}`, year: 2021 });
    t = await buildTestApp({
      databaseUrlFor: (url) => {
        const proxied = new URL(url);
        proxied.hostname = '127.0.0.1';
        proxied.port = String(proxy.port);
        return proxied.toString();
      },
      env: {
        OVERSEERR_URL: overseerr.url,
        OVERSEERR_API_KEY: overseerr.apiKey,
        RATE_LIMIT_API_PER_MINUTE: '100000',
        RATE_LIMIT_MEDIA_REQUESTS_PER_HOUR: '100000',
      },
    });
    // Requests are made as the person's own Overseerr user: give them one.
    overseerr.addUser({ id: 2, email: 'outage@example.com', plexId: 5201, permissions: Permission.REQUEST });
    const user = await t.createUser({ plexId: '5201' });
    auth = { authorization: `Bearer ${(await t.tokenFor(user)).token}` };
    // Reads the truth straight from the server, around the proxy.
    direct = new pg.Client({ connectionString: t.db.url });
    await direct.connect();
  });

  afterAll(async () => {
    await proxy.resume().catch(() => undefined);
    await direct?.end().catch(() => undefined);
    await t?.close();
    await proxy.stop();
    await overseerr.stop();
  });

  const createRequest = () =>
    fetch(`${t.url}/api/v1/media/requests`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ tmdbId: nextTmdbId++, mediaType: 'movie' }),
    });
  const listNotifications = () => fetch(`${t.url}/api/v1/notifications`, { headers: auth });

  it('answers 503 SERVICE_UNAVAILABLE (service "database") quickly while it is down, recovers by itself, and loses no accepted write', async () => {
    const outage = { start: 0, resuming: 0, end: 0 };
    let acceptedBefore = false;
    let acceptedAfter = false;
    let settledAnswers = 0;
    let aborted = false;
    const load = runLoad({
      durationMs: 40_000,
      concurrency: 4,
      request: (i) => (i % 2 === 0 ? createRequest() : listNotifications()),
      onResult: (r) => {
        if (r.status === 201 && !outage.start) acceptedBefore = true;
        if (r.status === 201 && outage.end && r.startedAt > outage.end) acceptedAfter = true;
        if (outage.end && r.startedAt > outage.end + 1000) settledAnswers++;
      },
      // Enough traffic on both sides of the outage, however busy the machine is.
      done: () => aborted || (acceptedAfter && settledAnswers >= 8),
    });
    try {
      await waitFor(() => acceptedBefore, 15_000);
      outage.start = Date.now();
      await proxy.cut('refuse');
      await sleep(500);
      const health = await fetch(`${t.url}/api/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'error', services: { database: 'unhealthy' } });
      await sleep(1500);
    } catch (err) {
      aborted = true;
      throw err;
    } finally {
      outage.resuming = Date.now();
      await proxy.resume();
      outage.end = Date.now();
    }
    const results = await load;

    // Every request answered: a success, or the contract's 503 naming the database; never a 500, never a hang.
    for (const r of results) {
      if (r.status >= 200 && r.status < 300) continue;
      expect({ status: r.status, body: r.body }).toMatchObject({ status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE', service: 'database' } } });
      expect(r.ms).toBeLessThan(3 * 3000);
    }
    // Sent after the cut and answered before the database was back: none of these can have succeeded.
    const during = results.filter((r) => r.startedAt > outage.start + 100 && r.startedAt + r.ms < outage.resuming);
    expect(during.length).toBeGreaterThan(0);
    expect(during.filter((r) => r.status !== 503).map((r) => ({ s: r.status, at: r.startedAt - outage.start, ms: r.ms, b: r.body }))).toEqual([]);
    // Recovery without a restart: a second after the database is back, everything succeeds again.
    const settled = results.filter((r) => r.startedAt > outage.end + 1000);
    expect(settled.length).toBeGreaterThan(0);
    expect(settled.filter((r) => r.status >= 300)).toEqual([]);

    // No accepted write is lost: every 201 is in the database.
    const accepted = results.filter((r) => r.status === 201).map((r) => (r.body as { id: string }).id);
    const stored = await direct.query<{ id: string }>('SELECT id FROM media_requests WHERE id = ANY($1)', [accepted]);
    expect(stored.rows.map((r) => r.id).sort()).toEqual([...accepted].sort());
    const health2 = await fetch(`${t.url}/api/health`);
    expect(health2.status).toBe(200);
  });

  it('answers 503 within three connection timeouts when the network drops packets instead of refusing', async () => {
    await proxy.cut('blackhole');
    try {
      const started = Date.now();
      const res = await listNotifications();
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE', service: 'database' } });
      // pg's connectionTimeoutMillis is 3 s.
      expect(Date.now() - started).toBeLessThan(3 * 3000);
    } finally {
      await proxy.resume();
    }
    await waitFor(async () => (await listNotifications()).status === 200, 10_000);
  });

  it('keeps every pool slot usable after connections die inside transactions', async () => {
    // More lost transactions than the pool has connections (the test app's pool holds 5).
    for (let i = 0; i < 7; i++) {
      const lost = t.container.db.prisma.$transaction(async (tx) => {
        await tx.user.count();
        await proxy.cut('refuse');
        await tx.user.count();
      });
      await expect(lost).rejects.toThrow();
      await proxy.resume();
    }
    await waitFor(async () => (await listNotifications()).status === 200, 5000);
    const res = await createRequest();
    expect(res.status).toBe(201);
  });
});
