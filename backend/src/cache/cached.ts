import { AppError } from '../common/errors';
import type { CacheStore } from './cache-store';

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
export class CachedLoader {
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: CacheStore,
    private readonly metrics?: CacheMetrics,
    private readonly now: () => number = Date.now,
  ) {}

  async get<T>(key: string, options: CachedOptions, load: () => Promise<T>): Promise<T> {
    const envelope = await this.store.get<Envelope<T>>(key);
    if (envelope && envelope.f > this.now()) {
      this.metrics?.hit();
      return envelope.v;
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
      await this.store.set(key, { v: value, f: this.now() + options.ttlSeconds * 1000 } satisfies Envelope<T>, options.ttlSeconds + staleSeconds);
      return value;
    } catch (err) {
      // Stale data stands in for a source that is down, not for one that
      // answered "no such thing" (a deleted item must not live on).
      const answered = err instanceof AppError && err.status < 500;
      if (stale && !answered) return stale.v;
      throw err;
    }
  }

  invalidate(prefix: string): Promise<void> {
    return this.store.delPrefix(prefix);
  }
}
