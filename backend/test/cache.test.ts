import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { CachedLoader } from '../src/cache/cached';
import { NotFoundError } from '../src/common/errors';
import { MemoryCacheStore, RedisCacheStore, type CacheStore } from '../src/cache/cache-store';
import { MemoryCounterStore, RedisCounterStore } from '../src/cache/counter-store';
import { LocalJobLock, RedisJobLock } from '../src/jobs/job-lock';
import { sharedRedis } from './support/shared-redis';

const shared = sharedRedis('cache');
const { prefix } = shared;

const stores: Array<[string, () => CacheStore]> = [
  ['memory', () => new MemoryCacheStore()],
  ['redis', () => new RedisCacheStore(shared.client, `${prefix}${Math.random()}:`)],
];

describe.each(stores)('CachedLoader on the %s store', (_name, makeStore) => {
  it('serves a repeated key without calling the loader again', async () => {
    const loader = new CachedLoader(makeStore());
    let calls = 0;
    const load = async () => ({ n: ++calls });
    expect(await loader.get('k', { ttlSeconds: 60 }, load)).toEqual({ n: 1 });
    expect(await loader.get('k', { ttlSeconds: 60 }, load)).toEqual({ n: 1 });
    expect(calls).toBe(1);
  });

  it('makes one upstream call for concurrent misses of one key', async () => {
    const loader = new CachedLoader(makeStore());
    let calls = 0;
    const load = () => new Promise<number>((resolve) => setTimeout(() => resolve(++calls), 50));
    const results = await Promise.all(Array.from({ length: 50 }, () => loader.get('same', { ttlSeconds: 60 }, load)));
    expect(new Set(results)).toEqual(new Set([1]));
    expect(calls).toBe(1);
  });

  it('serves the stale value while the source fails, and the error when there is none', async () => {
    let now = 1_000_000;
    const loader = new CachedLoader(makeStore(), undefined, { clock: () => now });
    await loader.get('s', { ttlSeconds: 10, staleSeconds: 3600 }, async () => 'fresh');
    now += 20_000;
    expect(await loader.get('s', { ttlSeconds: 10, staleSeconds: 3600 }, () => Promise.reject(new Error('down')))).toBe('fresh');
    await expect(loader.get('other', { ttlSeconds: 10 }, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
  });

  it('forgets keys by prefix', async () => {
    const loader = new CachedLoader(makeStore());
    let calls = 0;
    await loader.get('plex:a', { ttlSeconds: 60 }, async () => ++calls);
    await loader.invalidate('plex:');
    await loader.get('plex:a', { ttlSeconds: 60 }, async () => ++calls);
    expect(calls).toBe(2);
  });
});

describe('counter stores', () => {
  it('count hits in a fixed window and reset after it (memory)', async () => {
    let now = 0;
    const store = new MemoryCounterStore({ clock: () => now });
    expect((await store.increment('k', 1000)).count).toBe(1);
    expect((await store.increment('k', 1000)).count).toBe(2);
    now = 1001;
    expect((await store.increment('k', 1000)).count).toBe(1);
  });

  it('share counts through Redis', async () => {
    const a = new RedisCounterStore(shared.client, { prefix: `${prefix}rl:` });
    const b = new RedisCounterStore(shared.client, { prefix: `${prefix}rl:` });
    await a.increment('shared', 60_000);
    const hit = await b.increment('shared', 60_000);
    expect(hit.count).toBe(2);
    expect(hit.resetAt).toBeGreaterThan(Date.now());
  });

  it('fall back to in-process counting while Redis is unreachable', async () => {
    const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    const store = new RedisCounterStore(dead, { prefix: `${prefix}dead:` });
    expect((await store.increment('k', 60_000)).count).toBe(1);
    expect((await store.increment('k', 60_000)).count).toBe(2);
    dead.disconnect();
  });
});

describe('job locks', () => {
  it('let exactly one of two instances take a round through Redis', async () => {
    const one = new RedisJobLock(shared.client, `${prefix}lock:`);
    const two = new RedisJobLock(shared.client, `${prefix}lock:`);
    const results = await Promise.all([one.acquire('round:1', 5000), two.acquire('round:1', 5000)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('let a single local instance run each round once', async () => {
    const lock = new LocalJobLock();
    expect(await lock.acquire('r', 1000)).toBe(true);
    expect(await lock.acquire('r', 1000)).toBe(false);
  });
});

describe('CachedLoader and answers from the source', () => {
  it('does not serve a stale value when the source says the thing is gone', async () => {
    let now = 0;
    const loader = new CachedLoader(new MemoryCacheStore(), undefined, { clock: () => now });
    await loader.get('item', { ttlSeconds: 1, staleSeconds: 3600 }, async () => 'still here');
    now += 5000;
    await expect(loader.get('item', { ttlSeconds: 1, staleSeconds: 3600 }, () => Promise.reject(new NotFoundError()))).rejects.toThrow(NotFoundError);
  });
});
