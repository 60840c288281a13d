import type { Redis } from 'ioredis';

export interface CounterHit {
  count: number;
  /** Epoch ms when the current window ends. */
  resetAt: number;
}

/**
 * Fixed-window counters for rate limits. Redis when configured (shared by all
 * instances); while Redis is down, an in-process fallback keeps limits working.
 */
export interface Reservation extends CounterHit {
  /** False when the limit was already reached: nothing was taken. */
  ok: boolean;
}

export interface CounterStore {
  readonly kind: 'redis' | 'memory';
  increment(key: string, windowMs: number): Promise<CounterHit>;
  /**
   * Takes one unit of `limit` atomically, before the work it pays for: of any
   * number of concurrent callers, at most `limit` get `ok` within one window.
   * Give the unit back with `release` when the work fails.
   */
  reserve(key: string, limit: number, windowMs: number): Promise<Reservation>;
  /** Gives back a reserved unit (never below zero, never outliving the window). */
  release(key: string): Promise<void>;
  decrement(key: string): Promise<void>;
  get(key: string): Promise<CounterHit | undefined>;
  reset(key: string): Promise<void>;
}

export class MemoryCounterStore implements CounterStore {
  readonly kind = 'memory' as const;
  private readonly counters = new Map<string, CounterHit>();

  constructor(private readonly now: () => number = Date.now) {}

  private current(key: string): CounterHit | undefined {
    const hit = this.counters.get(key);
    if (hit && hit.resetAt <= this.now()) {
      this.counters.delete(key);
      return undefined;
    }
    return hit;
  }

  increment(key: string, windowMs: number): Promise<CounterHit> {
    const hit = this.current(key) ?? { count: 0, resetAt: this.now() + windowMs };
    hit.count += 1;
    this.counters.set(key, hit);
    if (this.counters.size > 50_000) this.prune();
    return Promise.resolve({ ...hit });
  }

  reserve(key: string, limit: number, windowMs: number): Promise<Reservation> {
    // Check and take in one synchronous step: nothing can interleave in-process.
    const hit = this.current(key) ?? { count: 0, resetAt: this.now() + windowMs };
    if (hit.count >= limit) return Promise.resolve({ ok: false, ...hit });
    hit.count += 1;
    this.counters.set(key, hit);
    if (this.counters.size > 50_000) this.prune();
    return Promise.resolve({ ok: true, ...hit });
  }

  release(key: string): Promise<void> {
    return this.decrement(key);
  }

  decrement(key: string): Promise<void> {
    const hit = this.current(key);
    if (hit && hit.count > 0) hit.count -= 1;
    return Promise.resolve();
  }

  get(key: string): Promise<CounterHit | undefined> {
    const hit = this.current(key);
    return Promise.resolve(hit ? { ...hit } : undefined);
  }

  reset(key: string): Promise<void> {
    this.counters.delete(key);
    return Promise.resolve();
  }

  private prune(): void {
    const now = this.now();
    for (const [key, hit] of this.counters) if (hit.resetAt <= now) this.counters.delete(key);
  }
}

// INCR, set the window on first hit, and report the remaining window atomically.
const INCREMENT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}`;

// Check the count and take a unit in one step (a script runs atomically in Redis).
const RESERVE_SCRIPT = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = redis.call('PTTL', KEYS[1])
if count >= tonumber(ARGV[2]) then
  if ttl < 0 then ttl = tonumber(ARGV[1]) end
  return {0, count, ttl}
end
count = redis.call('INCR', KEYS[1])
if count == 1 or ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {1, count, ttl}`;

// Give a unit back only while the window lives: DECR on an expired key would leave -1 without expiry.
const RELEASE_SCRIPT = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then return redis.call('DECR', KEYS[1]) end
return 0`;

export class RedisCounterStore implements CounterStore {
  readonly kind = 'redis' as const;
  private readonly fallback: MemoryCounterStore;

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'mn:rl:',
    private readonly now: () => number = Date.now,
  ) {
    this.fallback = new MemoryCounterStore(now);
  }

  private get ready(): boolean {
    return this.redis.status === 'ready';
  }

  async increment(key: string, windowMs: number): Promise<CounterHit> {
    if (!this.ready) return this.fallback.increment(key, windowMs);
    try {
      const [count, ttl] = (await this.redis.eval(INCREMENT_SCRIPT, 1, this.prefix + key, String(windowMs))) as [number, number];
      return { count, resetAt: this.now() + ttl };
    } catch {
      return this.fallback.increment(key, windowMs);
    }
  }

  async reserve(key: string, limit: number, windowMs: number): Promise<Reservation> {
    if (!this.ready) return this.fallback.reserve(key, limit, windowMs);
    try {
      const [ok, count, ttl] = (await this.redis.eval(RESERVE_SCRIPT, 1, this.prefix + key, String(windowMs), String(limit))) as [number, number, number];
      return { ok: ok === 1, count, resetAt: this.now() + ttl };
    } catch {
      return this.fallback.reserve(key, limit, windowMs);
    }
  }

  async release(key: string): Promise<void> {
    if (!this.ready) return this.fallback.release(key);
    await this.redis.eval(RELEASE_SCRIPT, 1, this.prefix + key).catch(() => this.fallback.release(key));
  }

  async decrement(key: string): Promise<void> {
    if (!this.ready) return this.fallback.decrement(key);
    await this.redis.decr(this.prefix + key).catch(() => this.fallback.decrement(key));
  }

  async get(key: string): Promise<CounterHit | undefined> {
    if (!this.ready) return this.fallback.get(key);
    try {
      const [count, ttl] = await Promise.all([this.redis.get(this.prefix + key), this.redis.pttl(this.prefix + key)]);
      if (count === null || ttl < 0) return undefined;
      return { count: Number(count), resetAt: this.now() + ttl };
    } catch {
      return this.fallback.get(key);
    }
  }

  async reset(key: string): Promise<void> {
    await this.fallback.reset(key);
    if (!this.ready) return;
    await this.redis.del(this.prefix + key).catch(() => undefined);
  }
}
