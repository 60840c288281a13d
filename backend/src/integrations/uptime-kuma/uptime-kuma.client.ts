import { z } from 'zod';
import { UpstreamClient } from '../http/upstream-client';
import type { Metrics } from '../../common/metrics';

export const UPTIME_KUMA_SERVICE = 'uptime-kuma';

/** Public status page config; the same fields in Uptime Kuma 1.23 and 2.x (docs/UPSTREAMS.md E). */
export const kumaStatusPageSchema = z.object({
  publicGroupList: z.array(z.object({ monitorList: z.array(z.object({ id: z.number().int(), name: z.string() })) })),
});
export const kumaBeatSchema = z.object({ status: z.number().int(), ping: z.number().nullable().optional() });
export type KumaBeat = z.infer<typeof kumaBeatSchema>;
/** Heartbeats per monitor id, oldest first. */
export const kumaHeartbeatsSchema = z.object({ heartbeatList: z.record(z.string(), z.array(kumaBeatSchema)) });

/** Uptime Kuma's public status page API (no credentials). */
export class UptimeKumaClient {
  private readonly http: UpstreamClient;

  constructor(options: { baseUrl: string; metrics: Metrics; timeoutMs: number }) {
    // A status check must really ask each time: no circuit breaker.
    this.http = new UpstreamClient({ service: UPTIME_KUMA_SERVICE, baseUrl: options.baseUrl, metrics: options.metrics, timeoutMs: options.timeoutMs, breaker: null });
  }

  /** Kuma 1.23 never answers an unknown slug: the deadline ends the wait. */
  async statusPage(slug: string) {
    return (await this.http.json(kumaStatusPageSchema, { path: `/api/status-page/${encodeURIComponent(slug)}`, headers: { Accept: 'application/json' }, followRedirects: true })).data;
  }

  async heartbeats(slug: string) {
    return (await this.http.json(kumaHeartbeatsSchema, { path: `/api/status-page/heartbeat/${encodeURIComponent(slug)}`, headers: { Accept: 'application/json' }, followRedirects: true })).data;
  }
}
