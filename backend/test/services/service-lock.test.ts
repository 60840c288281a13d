import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createContainer, type Container } from '../../src/container';
import type { TestApp } from '../support/test-app';
import { buildServicesApp, HOUR, startUpstreams, type Upstreams } from './fixtures';

// Two instances of the app: the same database and the same Redis key prefix, each with its own monitor.
describe('service checks with two instances', () => {
  let u: Upstreams;
  let t: TestApp;
  let instances: Container[];
  const prefix = `mn-test:svc-lock-${crypto.randomBytes(6).toString('hex')}:`;
  let now = Date.now();
  const rounds = async () => {
    const rows = await t.container.db.prisma.serviceCheck.findMany({ select: { checkedAt: true, serviceId: true } });
    return { rows: rows.length, rounds: new Set(rows.map((r) => r.checkedAt.getTime())).size };
  };

  beforeAll(async () => {
    u = await startUpstreams(2);
    t = await buildServicesApp(u);
    instances = [0, 1].map(() =>
      createContainer({ config: t.config, logger: t.container.logger, db: t.container.db, redis: t.container.redis, redisPrefix: prefix, clock: () => now }),
    );
    for (const c of instances) c.services.monitor.probeTimeoutMs = t.container.services.monitor.probeTimeoutMs;
  });
  afterAll(async () => {
    for (const c of instances ?? []) await c.realtime.close();
    const redis = t?.container.redis;
    const keys = (await redis?.keys(`${prefix}*`)) ?? [];
    if (keys.length > 0) await redis?.del(...keys);
    await t?.close();
    await u?.stop();
  });

  it('runs each round on exactly one of them', async () => {
    const first = await Promise.all(instances.map((c) => c.services.job.tick()));
    expect(first.filter(Boolean)).toHaveLength(1);
    expect(await rounds()).toEqual({ rows: 5, rounds: 1 });
    expect(u.overseerr.countRequests('/api/v1/status')).toBe(1);

    // The next interval is another round, again run once.
    now += HOUR;
    const second = await Promise.all(instances.map((c) => c.services.job.tick()));
    expect(second.filter(Boolean)).toHaveLength(1);
    expect(await rounds()).toEqual({ rows: 10, rounds: 2 });
  });

  it('serves the same results from both, whichever ran the round', async () => {
    await u.plex.setMode('down');
    now += HOUR;
    await Promise.all(instances.map((c) => c.services.job.tick()));
    // The instance that did not run the round reads the database again within its short cache time.
    await vi.waitFor(
      async () => {
        const [a, b] = await Promise.all(instances.map(async (c) => (await c.services.status.list(false)).map(({ uptime: _, ...s }) => s)));
        expect(a?.find((s) => s.id === 'plex')?.status).toBe('down');
        expect(b).toEqual(a);
      },
      { timeout: 6000, interval: 250 },
    );
  });
});
