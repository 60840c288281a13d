import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCounterStore, RedisCounterStore, type CounterStore } from '../../src/cache/counter-store';
import { LOGIN_LOCK_FAILURES } from '../../src/modules/auth/auth.service';
import { MediaStatus } from '../fakes';
import { createRequester, startMediaApp, type MediaTestApp } from '../media/media-app';
import { TEST_REDIS_URL } from '../support/env';

/**
 * Issue 15 item 5: limits hold under concurrency. Every limit kept as a
 * counter is reserved atomically before the work and released when the work
 * fails: 40 parallel requests never get past a limit of 4.
 */
const PARALLEL = 40;
const LIMIT = 4;

describe.each([
  ['real Redis', true],
  ['the in-process fallback', false],
] as const)('limits under concurrency, with %s', (_name, redis) => {
  let m: MediaTestApp;
  let token: string;
  const titles = Array.from({ length: PARALLEL }, (_, i) => 920_000 + i);

  beforeAll(async () => {
    m = await startMediaApp({ redis, env: { RATE_LIMIT_MEDIA_REQUESTS_PER_HOUR: String(LIMIT), RATE_LIMIT_AUTH_PER_MINUTE: '100000', RATE_LIMIT_API_PER_MINUTE: '100000' } });
    for (const tmdbId of titles) m.fake.addTitle({ tmdbId, mediaType: 'movie', title: `Parallel ${tmdbId}`, year: 2022 });
    expect(m.t.container.counters.kind).toBe(redis ? 'redis' : 'memory');
    token = (await m.t.tokenFor(await createRequester(m.t, m.fake, 6101))).token;
  });
  afterAll(() => m.close());

  it(`lets only ${LIMIT} of ${PARALLEL} parallel media requests through the hourly limit`, async () => {
    const answers = await Promise.all(
      titles.map((tmdbId) => request(m.t.app).post('/api/v1/media/requests').set('authorization', `Bearer ${token}`).send({ tmdbId, mediaType: 'movie' })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(PARALLEL - LIMIT);
    expect(m.fake.countRequests(/^\/api\/v1\/request$/)).toBe(LIMIT);
    expect(await m.t.container.db.prisma.mediaRequest.count({ where: { tmdbId: { in: titles } } })).toBe(LIMIT);
  });

  it(`gives the slot back when the work fails (${PARALLEL} parallel requests Overseerr refuses count nothing)`, async () => {
    const other = (await m.t.tokenFor(await createRequester(m.t, m.fake, 6201))).token;
    // Titles already available: refused (409) after the slot was taken; nothing is created.
    for (let i = 0; i < PARALLEL; i++) {
      m.fake.addTitle({ tmdbId: 930_000 + i, mediaType: 'movie', title: `Available ${i}`, year: 2021 });
      m.fake.setMediaStatus(930_000 + i, 'movie', MediaStatus.AVAILABLE);
    }
    const refused = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        request(m.t.app).post('/api/v1/media/requests').set('authorization', `Bearer ${other}`).send({ tmdbId: 930_000 + i, mediaType: 'movie' }),
      ),
    );
    // While a slot is in use by work in flight it is taken (429); every failed one is given back.
    expect(refused.every((r) => r.status === 409 || r.status === 429)).toBe(true);
    expect(refused.some((r) => r.status === 409)).toBe(true);
    for (const tmdbId of titles.slice(0, LIMIT)) {
      await request(m.t.app).post('/api/v1/media/requests').set('authorization', `Bearer ${other}`).send({ tmdbId, mediaType: 'movie' }).expect(201);
    }
  });

  it(`locks a username after ${LOGIN_LOCK_FAILURES} failures even when ${PARALLEL} wrong passwords arrive at once`, async () => {
    const username = 'parallel-login';
    await m.t.createUser({ username, password: 'the-right-password-0123' });
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => request(m.t.app).post('/api/v1/auth/login').send({ username, password: `wrong-${i}` })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(LOGIN_LOCK_FAILURES);
    expect(statuses.filter((s) => s === 429)).toHaveLength(PARALLEL - LOGIN_LOCK_FAILURES);
    await request(m.t.app).post('/api/v1/auth/login').send({ username, password: 'the-right-password-0123' }).expect(429);
  });
});

describe.each([
  ['RedisCounterStore', true],
  ['MemoryCounterStore', false],
] as const)('%s.reserve', (_name, useRedis) => {
  let redis: Redis | undefined;
  let store: CounterStore;
  const prefix = `mn-test-reserve-${process.pid}-${Date.now()}:`;
  beforeAll(async () => {
    if (useRedis) {
      redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
      await redis.connect();
      store = new RedisCounterStore(redis, { prefix });
    } else {
      store = new MemoryCounterStore();
    }
  });
  afterAll(async () => {
    if (redis) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });

  it(`grants exactly ${LIMIT} of ${PARALLEL} concurrent reservations, and release gives one back`, async () => {
    const results = await Promise.all(Array.from({ length: PARALLEL }, () => store.reserve('k', LIMIT, 60_000)));
    expect(results.filter((r) => r.ok)).toHaveLength(LIMIT);
    await store.release('k');
    expect((await store.reserve('k', LIMIT, 60_000)).ok).toBe(true);
    expect((await store.reserve('k', LIMIT, 60_000)).ok).toBe(false);
  });

  it('never releases below zero or leaves a key without expiry', async () => {
    await store.release('empty');
    await store.release('empty');
    expect(await store.get('empty')).toBeUndefined();
    if (redis) expect(await redis.pttl(`${prefix}empty`)).toBe(-2);
    const first = await store.reserve('empty', 1, 60_000);
    expect(first).toMatchObject({ ok: true, count: 1 });
  });
});
