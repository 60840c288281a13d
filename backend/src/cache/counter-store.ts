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

  private readonly now: () => number;

  constructor(options: { clock?: () => number } = {}) {
    this.now = options.clock ?? Date.now;
  }

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

  private readonly prefix: string;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string; clock?: () => number } = {},
  ) {
    this.prefix = options.prefix ?? 'mn:rl:';
    this.now = options.clock ?? Date.now;
    this.fallback = new MemoryCounterStore({ clock: this.now });
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

// Add this instance's hits since the last sync; set the window on the first; report the total and the window left.
const ADD_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
if count < 0 then redis.call('SET', KEYS[1], 0, 'KEEPTTL'); count = 0 end
return {count, ttl}`;

interface LocalWindow {
  /** The shared total as of the last sync (this instance's synced hits included). */
  synced: number;
  /** This instance's hits (minus give-backs) not yet added to the shared total. */
  pending: number;
  /** Hits on their way to the shared total (a sync in flight). */
  sending: number;
  resetAt: number;
  windowMs: number;
}

/**
 * Fixed-window counters for a high-volume limiter (the API's), counted in
 * process and added to the shared Redis counter every `syncMs`: a request
 * costs no Redis round trip. Each instance decides on the shared total as of
 * its last sync plus its own hits since, so across instances a client can
 * exceed the limit by at most what the other instances let through in one
 * sync interval; one instance alone counts exactly. While Redis is away the
 * local count goes on by itself. `reserve`/`release` (exact budgets) go
 * straight to the shared store.
 */
export class SyncedCounterStore implements CounterStore {
  readonly kind = 'redis' as const;
  private readonly windows = new Map<string, LocalWindow>();
  private readonly dirty = new Set<string>();
  private timer?: NodeJS.Timeout;
  private syncing = false;

  private readonly prefix: string;
  private readonly now: () => number;
  private readonly syncMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly exact: CounterStore,
    options: { prefix?: string; clock?: () => number; syncMs?: number } = {},
  ) {
    this.prefix = options.prefix ?? 'mn:rl:';
    this.now = options.clock ?? Date.now;
    this.syncMs = options.syncMs ?? 100;
  }

  private window(key: string, windowMs: number): LocalWindow {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      if (this.windows.size > 50_000) this.prune(now);
      w = { synced: 0, pending: 0, sending: 0, resetAt: now + windowMs, windowMs };
      this.windows.set(key, w);
    }
    return w;
  }

  increment(key: string, windowMs: number): Promise<CounterHit> {
    const w = this.window(key, windowMs);
    w.pending += 1;
    this.markDirty(key);
    return Promise.resolve({ count: w.synced + w.sending + w.pending, resetAt: w.resetAt });
  }

  decrement(key: string): Promise<void> {
    const w = this.windows.get(key);
    if (w && w.resetAt > this.now() && w.synced + w.sending + w.pending > 0) {
      w.pending -= 1;
      this.markDirty(key);
    }
    return Promise.resolve();
  }

  get(key: string): Promise<CounterHit | undefined> {
    const w = this.windows.get(key);
    if (w && w.resetAt > this.now()) return Promise.resolve({ count: w.synced + w.sending + w.pending, resetAt: w.resetAt });
    return this.exact.get(key);
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
    this.dirty.delete(key);
    await this.exact.reset(key);
  }

  reserve(key: string, limit: number, windowMs: number): Promise<Reservation> {
    return this.exact.reserve(key, limit, windowMs);
  }

  release(key: string): Promise<void> {
    return this.exact.release(key);
  }

  /** Sends what is pending now (shutdown, tests). */
  async flush(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    try {
      await this.sync();
    } finally {
      this.syncing = false;
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private markDirty(key: string): void {
    this.dirty.add(key);
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush().finally(() => {
          if (this.dirty.size > 0 && !this.timer) this.markDirty(this.dirty.values().next().value as string);
        });
      }, this.syncMs);
      this.timer.unref();
    }
  }

  private async sync(): Promise<void> {
    if (this.dirty.size === 0) return;
    if (this.redis.status !== 'ready') {
      // Nothing to share with: the local counts stand; retried at the next hit.
      this.dirty.clear();
      return;
    }
    const batch: Array<{ key: string; w: LocalWindow; sent: number }> = [];
    const pipeline = this.redis.pipeline();
    for (const key of this.dirty) {
      const w = this.windows.get(key);
      if (!w || w.resetAt <= this.now()) continue;
      const sent = w.pending;
      w.pending -= sent;
      w.sending += sent;
      batch.push({ key, w, sent });
      pipeline.eval(ADD_SCRIPT, 1, this.prefix + key, String(w.windowMs), String(sent));
    }
    this.dirty.clear();
    if (batch.length === 0) return;
    const results: Array<[Error | null, unknown]> | null = await pipeline.exec().catch(() => null);
    for (let i = 0; i < batch.length; i++) {
      const { key, w, sent } = batch[i]!;
      w.sending -= sent;
      const [err, value] = results?.[i] ?? [new Error('no reply'), null];
      if (err || !Array.isArray(value)) {
        // Not shared this time: keep the hits local and try again with the next sync.
        w.pending += sent;
        this.dirty.add(key);
        continue;
      }
      const [count, ttl] = value as [number, number];
      // A window that this instance saw begin and that Redis already saw end: start over with Redis's.
      if (this.windows.get(key) !== w) continue;
      w.synced = Number(count);
      w.resetAt = this.now() + Number(ttl);
    }
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}
