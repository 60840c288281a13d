import crypto from 'node:crypto';
import type { Redis } from 'ioredis';

/** Decides which instance runs a scheduled round. */
export interface JobLock {
  /** True for exactly one caller per key until the TTL passes. */
  acquire(key: string, ttlMs: number): Promise<boolean>;
}

/** One instance without Redis: it always runs its rounds. */
export class LocalJobLock implements JobLock {
  private readonly held = new Map<string, number>();

  private readonly now: () => number;

  constructor(options: { clock?: () => number } = {}) {
    this.now = options.clock ?? Date.now;
  }

  acquire(key: string, ttlMs: number): Promise<boolean> {
    const until = this.held.get(key);
    if (until !== undefined && until > this.now()) return Promise.resolve(false);
    this.held.set(key, this.now() + ttlMs);
    return Promise.resolve(true);
  }
}

/** SET NX PX: shared by every instance on the same Redis. While Redis is down, nobody runs (no double runs). */
export class RedisJobLock implements JobLock {
  private readonly owner = crypto.randomUUID();

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'mn:lock:',
  ) {}

  async acquire(key: string, ttlMs: number): Promise<boolean> {
    try {
      const result = await this.redis.set(this.prefix + key, this.owner, 'PX', Math.max(1, Math.round(ttlMs)), 'NX');
      return result === 'OK';
    } catch {
      return false;
    }
  }
}
