import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlexApp, type PlexTestApp } from '../plex/plex-support';
import { runLoad, sleep, waitFor } from '../support/load';
import { RedisServer } from '../support/redis-server';

const API_LIMIT = 40;

/**
 * Redis (a private redis-server, never the shared one) is killed while users
 * browse the Plex library, then started again on the same port.
 */
describe('Redis outage', () => {
  const redis = new RedisServer();
  let m: PlexTestApp;
  let inspector: Redis;
  const tokens: string[] = [];

  beforeAll(async () => {
    await redis.start();
    // Jobs on: the service check gives Plex a known state, so health is "ok" while Redis is up.
    m = await startPlexApp({ redisUrl: redis.url, startJobs: true, env: { RATE_LIMIT_API_PER_MINUTE: String(API_LIMIT) } });
    for (let i = 0; i < 12; i++) tokens.push((await m.t.tokenFor(await m.t.createUser())).token);
    inspector = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 200 });
    inspector.on('error', () => undefined);
  });

  afterAll(async () => {
    inspector?.disconnect();
    await m?.close();
    await redis.stop();
  });

  const libraries = (token: string) => fetch(`${m.t.url}/api/v1/plex/libraries`, { headers: { authorization: `Bearer ${token}` } });
  const health = async () => (await (await fetch(`${m.t.url}/api/health`)).json()) as { status: string; services: { redis: string } };
  const cacheHits = async () => {
    const text = await (await fetch(`${m.t.url}/metrics`, { headers: { authorization: `Bearer ${m.t.config.metricsToken}` } })).text();
    return Number(/^medianest_cache_requests_total\{result="hit"\} (\d+)/m.exec(text)?.[1] ?? NaN);
  };
  const cacheKeys = () => inspector.keys(`${m.t.redisPrefix}cache:*`);

  it('keeps answering reads, says degraded, rate-limits in process, and uses Redis again once it returns', async () => {
    await waitFor(async () => (await health()).status === 'ok', 10_000);
    // Warm: the library listing is served from Redis.
    expect((await libraries(tokens[0]!)).status).toBe(200);
    expect((await libraries(tokens[0]!)).status).toBe(200);
    expect((await cacheKeys()).length).toBeGreaterThan(0);
    const hitsBefore = await cacheHits();
    expect(hitsBefore).toBeGreaterThan(0);

    // Kill Redis in the middle of steady traffic from ten users.
    const load = runLoad({ durationMs: 4000, concurrency: 2, pauseMs: 40, request: (i) => libraries(tokens[i % 10]!) });
    await sleep(1000);
    await redis.kill();
    const killedAt = Date.now();
    const plexCallsAtKill = m.plex.countRequests('/library/sections');
    const results = await load;
    // Traffic on both sides of the kill.
    expect(results.filter((r) => r.startedAt < killedAt).length).toBeGreaterThan(3);
    expect(results.filter((r) => r.startedAt > killedAt).length).toBeGreaterThan(10);
    expect(results.filter((r) => r.status !== 200).map((r) => ({ status: r.status, error: r.error, body: r.body }))).toEqual([]);
    // With the cache gone, reads went to Plex itself.
    expect(m.plex.countRequests('/library/sections')).toBeGreaterThan(plexCallsAtKill);

    await waitFor(async () => (await health()).status === 'degraded', 5000);
    expect(await health()).toMatchObject({ status: 'degraded', services: { redis: 'unhealthy', database: 'healthy' } });

    // Rate limits fall back to the in-process store: a fresh user still gets exactly the budget.
    const statuses: number[] = [];
    for (let i = 0; i < API_LIMIT; i++) statuses.push((await libraries(tokens[11]!)).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const limited = await libraries(tokens[11]!);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    // Redis returns on the same port: the app reconnects by itself and caches there again.
    await redis.start();
    const back = Date.now();
    await waitFor(async () => (await health()).status === 'ok', 10_000);
    expect(Date.now() - back).toBeLessThan(10_000);
    await waitFor(() => inspector.status === 'ready', 5000);
    expect((await libraries(tokens[10]!)).status).toBe(200);
    expect((await cacheKeys()).length).toBeGreaterThan(0);
    const hitsAfterReturn = await cacheHits();
    expect((await libraries(tokens[10]!)).status).toBe(200);
    expect(await cacheHits()).toBeGreaterThan(hitsAfterReturn);
  });
});
