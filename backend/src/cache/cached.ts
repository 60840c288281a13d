import { AppError } from '../common/errors';
import type { CacheStore } from './cache-store';
import { ALL, type InvalidationBus } from './invalidation-bus';

/** Invalidation topic of the loader's in-process copies; the payload is the key prefix. */
const TOPIC = 'cache';

export interface CacheMetrics {
  hit(): void;
  miss(): void;
}

interface Envelope<T> {
  v: T;
  /** Epoch ms until which the value is fresh; after it, it is stale but usable if the source fails. */
  f: number;
}

export interface CachedOptions {
  ttlSeconds: number;
  /** How long past its TTL a value may still be served while the source is failing. */
  staleSeconds?: number;
}

/**
 * Read-through cache with single-flight (concurrent misses of one key share one
 * load) and stale-if-error (an expired value beats an error while the source
 * is down).
 */
/**
 * The store, telling every instance's loaders to drop their in-process copies
 * of whatever it deletes (before and after the delete, so a read racing the
 * delete cannot keep the old value). The container hands this to everyone.
 */
export function invalidatingStore(store: CacheStore, bus: InvalidationBus): CacheStore {
  return {
    kind: store.kind,
    get: (key) => store.get(key),
    set: (key, value, ttlSeconds) => store.set(key, value, ttlSeconds),
    async del(key) {
      bus.publish(TOPIC, key);
      await store.del(key);
      bus.publish(TOPIC, key);
    },
    async delPrefix(prefix) {
      bus.publish(TOPIC, prefix);
      await store.delPrefix(prefix);
      bus.publish(TOPIC, prefix);
    },
    close: () => store.close(),
  };
}

export interface CachedLoaderOptions {
  /**
   * Keep fresh values in process for up to this long in front of the store (0: off), so a hot
   * key costs no Redis round trip and no parse. Never past the value's own freshness;
   * `invalidate` drops them on every instance through the bus.
   */
  clock?: () => number;
  memoryMs?: number;
  memoryMaxEntries?: number;
  bus?: InvalidationBus;
  /**
   * Whether memory copies may be used now. While Redis is away the other instances cannot tell
   * this one about changes, and the cache is treated as gone (reads go to the source), so the
   * container makes this false then.
   */
  memoryUsable?: () => boolean;
}

export class CachedLoader {
  private readonly inflight = new Map<string, Promise<unknown>>();
  /** In-process copies (deep-frozen: every caller shares them) and until when each may be used. */
  private readonly memory = new Map<string, { envelope: Envelope<unknown>; until: number }>();
  private readonly memoryMs: number;
  private readonly memoryMax: number;
  private readonly bus?: InvalidationBus;
  private readonly memoryUsable: () => boolean;

  private readonly now: () => number;

  constructor(
    private readonly store: CacheStore,
    private readonly metrics?: CacheMetrics,
    options: CachedLoaderOptions = {},
  ) {
    this.now = options.clock ?? Date.now;
    this.memoryMs = options.memoryMs ?? 0;
    this.memoryMax = options.memoryMaxEntries ?? 2_000;
    this.bus = options.bus;
    this.memoryUsable = options.memoryUsable ?? (() => true);
    this.bus?.on(TOPIC, (prefix) => this.forget(prefix === ALL ? '' : prefix));
  }

  async get<T>(key: string, options: CachedOptions, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    const held = this.memory.size > 0 ? this.memory.get(key) : undefined;
    if (held && !this.memoryUsable()) {
      this.memory.clear();
    } else if (held) {
      if (held.until > now && held.envelope.f > now) {
        this.metrics?.hit();
        return held.envelope.v as T;
      }
      this.memory.delete(key);
    }
    const envelope = await this.store.get<Envelope<T>>(key);
    if (envelope && envelope.f > this.now()) {
      this.metrics?.hit();
      return this.remember(key, envelope);
    }
    this.metrics?.miss();
    const running = this.inflight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const promise = this.load(key, options, load, envelope).finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }

  private async load<T>(key: string, options: CachedOptions, load: () => Promise<T>, stale: Envelope<T> | undefined): Promise<T> {
    try {
      const value = await load();
      const staleSeconds = options.staleSeconds ?? 0;
      const fresh = { v: value, f: this.now() + options.ttlSeconds * 1000 } satisfies Envelope<T>;
      await this.store.set(key, fresh, options.ttlSeconds + staleSeconds);
      // The memory copy is a parse of what was stored, like every other reader's.
      if (this.memoryMs > 0) this.remember(key, JSON.parse(JSON.stringify(fresh)) as Envelope<T>);
      return value;
    } catch (err) {
      // Stale data stands in for a source that is down, not for one that
      // answered "no such thing" (a deleted item must not live on).
      const answered = err instanceof AppError && err.status < 500;
      if (stale && !answered) return stale.v;
      throw err;
    }
  }

  async invalidate(prefix: string): Promise<void> {
    this.forget(prefix);
    await this.store.delPrefix(prefix);
    // A read that started before the delete may have put the old value back in memory.
    this.forget(prefix);
  }

  private remember<T>(key: string, envelope: Envelope<T>): T {
    if (this.memoryMs <= 0 || !this.memoryUsable()) return envelope.v;
    if (this.memory.size >= this.memoryMax) this.memory.clear();
    this.memory.set(key, { envelope: deepFreeze(envelope), until: this.now() + this.memoryMs });
    return envelope.v;
  }

  private forget(prefix: string): void {
    if (prefix === '') {
      this.memory.clear();
      return;
    }
    for (const key of this.memory.keys()) if (key.startsWith(prefix)) this.memory.delete(key);
  }
}

/** Shared values must not change under another request: any attempt throws (strict mode). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
