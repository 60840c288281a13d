import type { ServiceStatus } from '@prisma/client';
import type { Metrics } from '../../common/metrics';
import { ServiceUnavailableError } from '../../common/errors';
import { UpstreamClient } from '../../integrations/http/upstream-client';
import { UpstreamError } from '../../integrations/http/upstream-errors';
import { statusSchema } from '../../integrations/overseerr/overseerr.schemas';
import { fetchPlexIdentity } from '../../integrations/plex/plex-identity';
import { type KumaBeat, UptimeKumaClient } from '../../integrations/uptime-kuma/uptime-kuma.client';

/** What one check of one service found. */
export interface ProbeResult {
  status: ServiceStatus;
  responseTimeMs: number | null;
  /** Short reason kept with the check for operators (never sent to clients). */
  message?: string;
}

export interface ProbeContext {
  metrics: Metrics;
  /** A probe that has not answered (completely) by then counts as down. */
  timeoutMs: number;
  /** An answer slower than this is `degraded`. */
  degradedMs: number;
}

/** An upstream that did not answer usefully: timeout, refused connection, 5xx, non-2xx, garbage. */
export class ProbeFailure extends ServiceUnavailableError {
  constructor(
    service: string,
    readonly reason: string,
    readonly elapsedMs: number | null,
  ) {
    super(service);
  }
}

interface Answer {
  elapsedMs: number;
}

/** A transport for one check: the shared outbound layer, without a circuit breaker (a check must really ask). */
function transport(ctx: ProbeContext, service: string, baseUrl: string): UpstreamClient {
  return new UpstreamClient({ service, baseUrl, metrics: ctx.metrics, timeoutMs: ctx.timeoutMs, breaker: null });
}

/** Times `call`; any failure of the outbound layer becomes a ProbeFailure with its reason. */
async function timed(service: string, call: () => Promise<unknown>): Promise<Answer> {
  const started = performance.now();
  try {
    await call();
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    const answered = err.reason.startsWith('HTTP ') || err.reason === 'unexpected answer';
    throw new ProbeFailure(service, err.reason, answered ? Math.round(performance.now() - started) : null);
  }
  return { elapsedMs: Math.round(performance.now() - started) };
}

/** Up when the answer is quick, degraded when slow (an invalid one already failed). */
function classify(ctx: ProbeContext, answer: Answer): ProbeResult {
  if (answer.elapsedMs > ctx.degradedMs) return { status: 'degraded', responseTimeMs: answer.elapsedMs, message: 'slow answer' };
  return { status: 'up', responseTimeMs: answer.elapsedMs };
}

/** A failed probe is a `down` result, not an error: the monitor records it. */
async function probe(service: string, run: () => Promise<ProbeResult>): Promise<ProbeResult> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ProbeFailure) return { status: 'down', responseTimeMs: err.elapsedMs, message: err.reason };
    throw err;
  }
}

/** Plex Media Server `GET /identity`: public, so no token is sent. */
export function probePlex(ctx: ProbeContext, serverUrl: string): Promise<ProbeResult> {
  return probe('plex', async () => classify(ctx, await timed('plex', () => fetchPlexIdentity(transport(ctx, 'plex', serverUrl)))));
}

/** Overseerr / Seerr / Jellyseerr `GET /api/v1/status`: public, so no API key is sent. */
export function probeOverseerr(ctx: ProbeContext, url: string): Promise<ProbeResult> {
  return probe('overseerr', async () => {
    const http = transport(ctx, 'overseerr', url);
    return classify(ctx, await timed('overseerr', () => http.json(statusSchema, { path: '/api/v1/status', headers: { Accept: 'application/json' } })));
  });
}

export interface KumaMonitorResult extends ProbeResult {
  monitorId: number;
  name: string;
}

/**
 * Uptime Kuma's latest heartbeat per monitor of a public status page.
 * 1 UP → up (degraded when its ping is slow), 0 DOWN → down, 2 PENDING
 * (failing, retrying) → degraded, 3 MAINTENANCE → degraded (planned, so it
 * does not count against uptime, as in Kuma itself), no beat yet → unknown.
 * Throws ProbeFailure when Kuma itself cannot be read: its monitors are then
 * unknown, not down, since Kuma being away says nothing about them.
 */
export async function probeUptimeKuma(ctx: ProbeContext, url: string, slug: string): Promise<KumaMonitorResult[]> {
  const kuma = new UptimeKumaClient({ baseUrl: url, metrics: ctx.metrics, timeoutMs: ctx.timeoutMs });
  let page: Awaited<ReturnType<UptimeKumaClient['statusPage']>>;
  let beats: Awaited<ReturnType<UptimeKumaClient['heartbeats']>>;
  try {
    [page, beats] = await Promise.all([kuma.statusPage(slug), kuma.heartbeats(slug)]);
  } catch (err) {
    if (err instanceof UpstreamError) throw new ProbeFailure('uptime-kuma', err.reason === 'unexpected answer' ? 'unexpected status page answer' : err.reason, null);
    throw err;
  }

  const monitors = new Map<number, string>();
  for (const group of page.publicGroupList) for (const m of group.monitorList) monitors.set(m.id, m.name);
  return [...monitors].map(([monitorId, name]) => {
    // The list is chronological: the newest beat is the last one.
    const latest = beats.heartbeatList[String(monitorId)]?.at(-1);
    return { monitorId, name, ...kumaBeatResult(ctx, latest) };
  });
}

function kumaBeatResult(ctx: ProbeContext, beat: KumaBeat | undefined): ProbeResult {
  if (!beat) return { status: 'unknown', responseTimeMs: null, message: 'no heartbeat yet' };
  const ping = beat.ping ?? null;
  const responseTimeMs = ping === null ? null : Math.round(ping);
  switch (beat.status) {
    case 1:
      return responseTimeMs !== null && responseTimeMs > ctx.degradedMs
        ? { status: 'degraded', responseTimeMs, message: 'slow answer' }
        : { status: 'up', responseTimeMs };
    case 0:
      return { status: 'down', responseTimeMs, message: 'Uptime Kuma reports it down' };
    case 2:
      return { status: 'degraded', responseTimeMs, message: 'Uptime Kuma reports it pending' };
    case 3:
      return { status: 'degraded', responseTimeMs, message: 'under maintenance' };
    default:
      return { status: 'unknown', responseTimeMs, message: `unknown Kuma status ${beat.status}` };
  }
}
