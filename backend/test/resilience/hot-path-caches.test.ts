import { Redis } from 'ioredis';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachedLoader, invalidatingStore } from '../../src/cache/cached';
import { RedisCacheStore } from '../../src/cache/cache-store';
import { RedisCounterStore, SyncedCounterStore } from '../../src/cache/counter-store';
import { InvalidationBus } from '../../src/cache/invalidation-bus';
import { ImageSigner } from '../../src/modules/plex/image-signing';
import { sendSerializedJson, serializeJson } from '../../src/http/endpoint';
import { RedisServer } from '../support/redis-server';
import { sharedRedis } from '../support/shared-redis';
import { buildTestApp, type TestApp } from '../support/test-app';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Polls until `check` holds (pub/sub between instances is asynchronous), failing after `ms`. */
async function eventually(check: () => Promise<boolean>, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The per-request session check is answered from memory; every change to a user or a
 * session must still take effect at once on the instance that made it and, through
 * Redis, on every other instance long before the entries would expire (10 s).
 */
describe('session check cached in process, two instances', () => {
  let a: TestApp;
  let b: TestApp;
  let adminToken: string;

  beforeAll(async () => {
    a = await buildTestApp();
    b = await buildTestApp({ shareWith: a });
    const admin = await a.createUser({ role: 'admin' });
    adminToken = (await a.tokenFor(admin)).token;
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('refuses a suspended user on both instances right after the suspension', async () => {
    const user = await a.createUser();
    const { token } = await a.tokenFor(user);
    // Both instances have the live session in memory now.
    await request(a.app).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    await request(b.app).get('/api/v1/auth/me').set(bearer(token)).expect(200);

    await request(a.app).patch(`/api/v1/admin/users/${user.id}`).set(bearer(adminToken)).send({ status: 'suspended' }).expect(200);
    const onA = await request(a.app).get('/api/v1/auth/me').set(bearer(token));
    expect(onA.status).toBe(401);
    expect(await eventually(async () => (await request(b.app).get('/api/v1/auth/me').set(bearer(token))).status === 401)).toBe(true);
  });

  it('ends a session on both instances when it logs out', async () => {
    const user = await a.createUser();
    const { token, sessionId } = await a.tokenFor(user);
    await request(a.app).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    await request(b.app).get('/api/v1/auth/me').set(bearer(token)).expect(200);

    await b.container.accounts.sessions.end({ claims: { sub: user.id, sid: sessionId } }, {});
    await request(b.app).get('/api/v1/auth/me').set(bearer(token)).expect(401);
    expect(await eventually(async () => (await request(a.app).get('/api/v1/auth/me').set(bearer(token))).status === 401)).toBe(true);
  });

  it('applies a role change made straight through Prisma at once', async () => {
    const user = await a.createUser();
    const { token } = await a.tokenFor(user);
    await request(a.app).get('/api/v1/admin/users').set(bearer(token)).expect(403);
    await a.container.db.prisma.user.update({ where: { id: user.id }, data: { role: 'admin' } });
    await request(a.app).get('/api/v1/admin/users').set(bearer(token)).expect(200);
    expect(await eventually(async () => (await request(b.app).get('/api/v1/admin/users').set(bearer(token))).status === 200)).toBe(true);
  });

  it('refuses a deleted user at once', async () => {
    const user = await a.createUser();
    const { token } = await a.tokenFor(user);
    await request(a.app).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    await a.container.db.prisma.user.delete({ where: { id: user.id } });
    await request(a.app).get('/api/v1/auth/me').set(bearer(token)).expect(401);
  });
});

/**
 * While Redis is away an instance cannot hear about the others' changes, so nothing may be
 * answered from its in-process copies: a suspension made on one instance must hold on the
 * other at once, and a cached value changed at its source must be read again. (A private
 * redis-server, killed and started again; never the shared one.)
 */
describe('in-process copies while Redis is away', () => {
  const redis = new RedisServer();
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    await redis.start();
    a = await buildTestApp({ redisUrl: redis.url });
    b = await buildTestApp({ redisUrl: redis.url, shareWith: a });
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis.stop();
  });

  it('are not used for the session check: a suspension on one instance holds on the other at once', async () => {
    const user = await a.createUser();
    const { token } = await a.tokenFor(user);
    // Both instances hold the live session in memory now.
    await request(a.app).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    await request(b.app).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    expect(b.container.bus.connected()).toBe(true);

    await redis.kill();
    expect(await eventually(async () => !b.container.bus.connected(), 5000)).toBe(true);
    // The suspension's message cannot reach b; b must not trust what it remembers.
    await a.container.db.prisma.user.update({ where: { id: user.id }, data: { status: 'suspended' } });
    expect((await request(b.app).get('/api/v1/auth/me').set(bearer(token))).status).toBe(401);
    expect((await request(a.app).get('/api/v1/auth/me').set(bearer(token))).status).toBe(401);

    // Back to normal once Redis returns: a reinstated user is let in again on both.
    await redis.start();
    await a.container.db.prisma.user.update({ where: { id: user.id }, data: { status: 'active' } });
    expect(await eventually(async () => b.container.bus.connected(), 10_000)).toBe(true);
    await request(a.app).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    await request(b.app).get('/api/v1/auth/me').set(bearer(token)).expect(200);
  });

  it('are not used for cached values: a change at the source is read again', async () => {
    await redis.start(); // running again whatever the test before did
    const prefix = `mn-test-away:${Date.now()}:`;
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
    client.on('error', () => undefined);
    const bus = new InvalidationBus(client, prefix);
    const loader = new CachedLoader(invalidatingStore(new RedisCacheStore(client, `${prefix}cache:`), bus), undefined, {
      memoryMs: 60_000,
      bus,
      memoryUsable: () => bus.connected(),
    });
    try {
      expect(await eventually(async () => bus.connected(), 5000)).toBe(true);
      let version = 1;
      let loads = 0;
      const load = async () => ((loads += 1), { version });
      expect(await loader.get('plex:page', { ttlSeconds: 600 }, load)).toEqual({ version: 1 });
      expect(await loader.get('plex:page', { ttlSeconds: 600 }, load)).toEqual({ version: 1 });
      expect(loads).toBe(1);

      await redis.kill();
      expect(await eventually(async () => !bus.connected(), 5000)).toBe(true);
      version = 2;
      expect(await loader.get('plex:page', { ttlSeconds: 600 }, load)).toEqual({ version: 2 });
      expect(loads).toBe(2);
    } finally {
      await bus.close();
      client.disconnect();
      await redis.start();
    }
  });
});

describe('API limiter counted in process and shared through Redis', () => {
  const shared = sharedRedis('synced');
  const { prefix } = shared;

  it('counts exactly on one instance and adds up the instances after a sync', async () => {
    const redis = shared.client;
    const one = new SyncedCounterStore(redis, new RedisCounterStore(redis, { prefix }), { prefix });
    const two = new SyncedCounterStore(redis, new RedisCounterStore(redis, { prefix }), { prefix });
    for (let i = 1; i <= 4; i++) expect((await one.increment('k', 60_000)).count).toBe(i);
    // Hits on their way to Redis still count while the sync is in flight.
    const syncing = one.flush();
    expect((await one.increment('k', 60_000)).count).toBe(5);
    await syncing;
    await one.flush();
    expect(await redis.get(`${prefix}k`)).toBe('5');
    // The other instance learns the shared total at its first sync.
    expect((await two.increment('k', 60_000)).count).toBe(1);
    await two.flush();
    expect((await two.increment('k', 60_000)).count).toBe(7);
    await one.increment('k', 60_000);
    await one.flush();
    expect((await one.get('k'))?.count).toBe(7);
    const ttl = await redis.pttl(`${prefix}k`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    one.close();
    two.close();
  });
});

describe('hot cache keys held in process', () => {
  const shared = sharedRedis('hot');
  const { prefix } = shared;

  it('serves a hot key without the store, and drops it on every instance when it is invalidated', async () => {
    const redis = shared.client;
    const busA = new InvalidationBus(redis, prefix);
    const busB = new InvalidationBus(redis, prefix);
    const raw = new RedisCacheStore(redis, `${prefix}cache:`);
    const loaderA = new CachedLoader(invalidatingStore(raw, busA), undefined, { memoryMs: 60_000, bus: busA });
    const loaderB = new CachedLoader(invalidatingStore(raw, busB), undefined, { memoryMs: 60_000, bus: busB });
    try {
      let version = 1;
      const load = async () => ({ version });
      expect(await loaderA.get('plex:page', { ttlSeconds: 600 }, load)).toEqual({ version: 1 });
      expect(await loaderB.get('plex:page', { ttlSeconds: 600 }, load)).toEqual({ version: 1 });
      // Behind the loaders' backs: both still answer from memory.
      await redis.del(`${prefix}cache:plex:page`);
      expect(await loaderB.get('plex:page', { ttlSeconds: 600 }, load)).toEqual({ version: 1 });
      // Shared copies cannot be changed by one caller under another.
      const shared = await loaderB.get<{ version: number }>('plex:page', { ttlSeconds: 600 }, load);
      expect(() => {
        shared.version = 99;
      }).toThrow(TypeError);

      version = 2;
      await loaderA.invalidate('plex:');
      expect(await loaderA.get('plex:page', { ttlSeconds: 600 }, load)).toEqual({ version: 2 });
      expect(await eventually(async () => (await loaderB.get<{ version: number }>('plex:page', { ttlSeconds: 600 }, load)).version === 2)).toBe(true);
    } finally {
      await busA.close();
      await busB.close();
    }
  });
});

describe('image URLs', () => {
  it('are signed once per path, size and day, and still verify', () => {
    let now = Date.UTC(2026, 11, 5, 10);
    const signer = new ImageSigner('secret-for-images-0123456789abcdef', { clock: () => now });
    const first = signer.url('/library/metadata/1/thumb/1', { w: 300, h: 450 });
    expect(signer.url('/library/metadata/1/thumb/1', { w: 300, h: 450 })).toBe(first);
    expect(signer.url('/library/metadata/1/thumb/1', { w: 600, h: 900 })).not.toBe(first);
    expect(signer.url('https://evil.example/x', { w: 300, h: 450 })).toBeNull();
    const query = Object.fromEntries(new URL(first!, 'http://x').searchParams);
    expect(signer.verify(query)).toMatchObject({ ok: true, path: '/library/metadata/1/thumb/1' });
    now += 24 * 3600 * 1000;
    const nextDay = signer.url('/library/metadata/1/thumb/1', { w: 300, h: 450 });
    expect(nextDay).not.toBe(first);
    expect(signer.verify(Object.fromEntries(new URL(nextDay!, 'http://x').searchParams))).toMatchObject({ ok: true });
  });
});

describe('pre-serialized JSON answers', () => {
  it('send the same bytes and headers as res.json', async () => {
    const body = { items: [{ id: '1', title: 'Ünïcode ✓', thumbUrl: null }], total: 1, page: 1, pageSize: 20 };
    const app = express();
    app.get('/json', (_req, res) => void res.json(body));
    const serialized = serializeJson(body);
    app.get('/text', (_req, res) => sendSerializedJson(res, body, serialized));
    const viaJson = await request(app).get('/json').expect(200);
    const viaText = await request(app).get('/text').expect(200);
    expect(viaText.text).toBe(viaJson.text);
    for (const h of ['content-type', 'content-length', 'etag']) expect(viaText.headers[h]).toBe(viaJson.headers[h]);
    // A conditional request is answered 304 the same way.
    await request(app).get('/text').set('If-None-Match', viaJson.headers.etag!).expect(304);
  });
});
