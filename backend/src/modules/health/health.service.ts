import type { Redis } from 'ioredis';
import type { Database } from '../../db/database';

export type ComponentHealth = 'healthy' | 'unhealthy' | 'not_configured';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'error';
  timestamp: string;
  version: string;
  uptimeSeconds: number;
  services: { database: ComponentHealth; redis: ComponentHealth; plex: ComponentHealth; overseerr: ComponentHealth };
}

/** Where the latest known state of an upstream comes from (the service monitor's stored checks). */
export interface UpstreamHealthSource {
  health(service: 'plex' | 'overseerr'): Promise<ComponentHealth>;
}

/**
 * Cheap health: the database and Redis are pinged at most once a second, and
 * upstreams are never called live: their state comes from the latest check.
 */
export interface HealthServiceOptions {
  db: Database;
  redis?: Redis;
  version: string;
  /** Plex and Overseerr as the service monitor last saw them; absent: "not_configured". */
  upstreams?: UpstreamHealthSource;
  startedAt?: number;
  /** How long one report is reused (default 1 s). */
  cacheMs?: number;
  clock?: () => number;
}

export class HealthService {
  private last?: { at: number; report: Promise<HealthReport> };
  private readonly db: Database;
  private readonly redis: Redis | undefined;
  private readonly version: string;
  private readonly upstreams?: UpstreamHealthSource;
  private readonly startedAt: number;
  private readonly cacheMs: number;
  private readonly now: () => number;
  /** Set when this instance is shutting down: health answers 503 so load balancers stop sending it traffic. */
  draining = false;

  constructor(options: HealthServiceOptions) {
    this.db = options.db;
    this.redis = options.redis;
    this.version = options.version;
    this.upstreams = options.upstreams;
    this.now = options.clock ?? Date.now;
    this.startedAt = options.startedAt ?? this.now();
    this.cacheMs = options.cacheMs ?? 1000;
  }

  report(): Promise<HealthReport> {
    if (this.draining) return this.build().then((r) => ({ ...r, status: 'error' as const }));
    if (this.last && this.now() - this.last.at < this.cacheMs) return this.last.report;
    const report = this.build();
    const at = this.now();
    this.last = { at, report };
    // Only a healthy report is reused: a part that is down (or still connecting at start-up) is
    // asked again on the next call, so its recovery shows at once.
    void report.then(
      (r) => {
        if (r.status !== 'ok' && this.last?.report === report) this.last = undefined;
      },
      () => {
        if (this.last?.report === report) this.last = undefined;
      },
    );
    return report;
  }

  private async redisHealth(): Promise<ComponentHealth> {
    // The in-process stores count as healthy: nothing is missing.
    if (!this.redis) return 'healthy';
    if (this.redis.status !== 'ready') return 'unhealthy';
    try {
      await Promise.race([this.redis.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref())]);
      return 'healthy';
    } catch {
      return 'unhealthy';
    }
  }

  /** The latest known state of an upstream; if even that cannot be read, it counts as unhealthy. */
  private async upstream(service: 'plex' | 'overseerr'): Promise<ComponentHealth> {
    if (!this.upstreams) return 'not_configured';
    try {
      return await this.upstreams.health(service);
    } catch {
      return 'unhealthy';
    }
  }

  private async build(): Promise<HealthReport> {
    const [database, redis, plex, overseerr] = await Promise.all([
      this.db.ping(2000).then((ok): ComponentHealth => (ok ? 'healthy' : 'unhealthy')),
      this.redisHealth(),
      this.upstream('plex'),
      this.upstream('overseerr'),
    ]);
    const services = { database, redis, plex, overseerr };
    const status = database !== 'healthy' ? 'error' : Object.values(services).includes('unhealthy') ? 'degraded' : 'ok';
    return {
      status,
      timestamp: new Date(this.now()).toISOString(),
      version: this.version,
      uptimeSeconds: Math.floor((this.now() - this.startedAt) / 1000),
      services,
    };
  }
}
