import type { Request, RequestHandler } from 'express';
import client from 'prom-client';

/**
 * All Prometheus metrics of one app instance, on its own registry (no global
 * state: several apps can live in one test process).
 */
export class Metrics {
  readonly registry = new client.Registry();
  readonly httpDuration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly socketClients = new client.Gauge({
    name: 'socketio_connected_clients',
    help: 'Socket.IO clients connected to this instance',
    registers: [this.registry],
  });
  readonly upstreamDuration = new client.Histogram({
    name: 'medianest_upstream_request_duration_seconds',
    help: 'Duration of requests to upstream services',
    labelNames: ['service', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly serviceUp = new client.Gauge({
    name: 'medianest_service_up',
    help: 'Whether a monitored service is up (1), degraded (0.5) or down (0)',
    labelNames: ['service'] as const,
    registers: [this.registry],
  });
  readonly cacheRequests = new client.Counter({
    name: 'medianest_cache_requests_total',
    help: 'Cache lookups by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor(collectDefaults = true) {
    if (collectDefaults) client.collectDefaultMetrics({ register: this.registry });
    this.cacheRequests.inc({ result: 'hit' }, 0);
    this.cacheRequests.inc({ result: 'miss' }, 0);
  }

  readonly cache = {
    hit: () => this.cacheRequests.inc({ result: 'hit' }),
    miss: () => this.cacheRequests.inc({ result: 'miss' }),
  };

  /** Times a call to an upstream service. */
  async timeUpstream<T>(service: string, fn: () => Promise<T>): Promise<T> {
    const end = this.upstreamDuration.startTimer({ service });
    try {
      const result = await fn();
      end({ outcome: 'ok' });
      return result;
    } catch (err) {
      end({ outcome: 'error' });
      throw err;
    }
  }

  /** Label sets are few (method × route × status): their histogram children are looked up once each. */
  private readonly durationChildren = new Map<string, client.Histogram.Internal<'method' | 'route' | 'status_code'>>();

  private durationOf(method: string, route: string, status: number): client.Histogram.Internal<'method' | 'route' | 'status_code'> {
    const key = `${method} ${status} ${route}`;
    let child = this.durationChildren.get(key);
    if (!child) {
      child = this.httpDuration.labels({ method, route, status_code: String(status) });
      this.durationChildren.set(key, child);
    }
    return child;
  }

  /**
   * Records every request with its route pattern; unmatched routes share one
   * label. The pattern is the one noted while the route ran (see notedRoute):
   * by the time an error response finishes, Express has already left the
   * router and `req.baseUrl` no longer holds its mount path.
   */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const start = process.hrtime.bigint();
      res.on('finish', () => {
        const route = (res.locals[ROUTE_LOCAL] as string | undefined) ?? routePattern(req);
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        this.durationOf(req.method, route, res.statusCode).observe(seconds);
      });
      next();
    };
  }
}

const ROUTE_LOCAL = 'metricsRoute';

/** The full pattern of the route handling `req` (mount path included), or `unmatched`. */
function routePattern(req: Request): string {
  const routePath = (req.route as { path?: string } | undefined)?.path;
  if (routePath === undefined) return 'unmatched';
  return `${req.baseUrl}${routePath === '/' && req.baseUrl ? '' : routePath}` || '/';
}

/** First handler of a route: notes its full pattern while the mount path is still known. */
export const notedRoute: RequestHandler = (req, res, next) => {
  res.locals[ROUTE_LOCAL] = routePattern(req);
  next();
};
