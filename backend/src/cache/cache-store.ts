import type { Redis } from 'ioredis';

/** Key/value cache with TTLs: Redis when configured, else in-process. */
export interface CacheStore {
  readonly kind: 'redis' | 'memory';
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  del(key: string): Promise<void>;
  /** Removes every key starting with the prefix (settings changes, tests). */
  delPrefix(prefix: string): Promise<void>;
  close(): Promise<void>;
}

export class MemoryCacheStore implements CacheStore {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: { maxEntries?: number; clock?: () => number } = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.clock ?? Date.now;
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  get<T>(key: string): Promise<T | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return Promise.resolve(undefined);
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return Promise.resolve(undefined);
    }
    // Values are stored serialized so callers never share mutable objects.
    return Promise.resolve(JSON.parse(entry.value) as T);
  }

  set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.delete(key);
    this.entries.set(key, { value: JSON.stringify(value), expiresAt: this.now() + ttlSeconds * 1000 });
    return Promise.resolve();
  }

  del(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }

  delPrefix(prefix: string): Promise<void> {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
    return Promise.resolve();
  }

  close(): Promise<void> {
    clearInterval(this.sweeper);
    this.entries.clear();
    return Promise.resolve();
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}

/**
 * Redis-backed cache. While Redis is unreachable every call is a miss or a
 * no-op (the cache is bypassed), so reads keep working against the source.
 */
export class RedisCacheStore implements CacheStore {
  readonly kind = 'redis' as const;

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'mn:cache:',
  ) {}

  private get ready(): boolean {
    return this.redis.status === 'ready';
  }

  async get<T>(key: string): Promise<T | undefined> {
    if (!this.ready) return undefined;
    try {
      const raw = await this.redis.get(this.prefix + key);
      return raw === null ? undefined : (JSON.parse(raw) as T);
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    if (!this.ready) return;
    await this.redis.set(this.prefix + key, JSON.stringify(value), 'PX', Math.max(1, Math.round(ttlSeconds * 1000))).catch(() => undefined);
  }

  async del(key: string): Promise<void> {
    if (!this.ready) return;
    await this.redis.del(this.prefix + key).catch(() => undefined);
  }

  async delPrefix(prefix: string): Promise<void> {
    if (!this.ready) return;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await this.redis.del(...keys);
    } while (cursor !== '0');
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
