import type { ServiceStatus } from '@prisma/client';
import { z } from 'zod';
import type { Metrics } from '../../http/metrics';
import { ServiceUnavailableError } from '../../http/errors';

/** What one check of one service found. */
export interface ProbeResult {
  status: ServiceStatus;
  responseTimeMs: number | null;
  /** Short reason kept with the check for operators (never sent to clients). */
  message?: string;
}

export interface ProbeContext {
  metrics: Metrics;
  /** A probe that has not answered by then counts as down. */
  timeoutMs: number;
  /** An answer slower than this is `degraded`. */
  degradedMs: number;
}

/** An upstream that did not answer usefully: timeout, refused connection, 5xx, non-2xx. */
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
  body: unknown;
  elapsedMs: number;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** One timed GET of a public JSON endpoint; anything but a 2xx answer throws ProbeFailure. */
async function getJson(ctx: ProbeContext, service: string, url: string): Promise<Answer> {
  return ctx.metrics.timeUpstream(service, async () => {
    const started = performance.now();
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(ctx.timeoutMs), redirect: 'follow' });
      text = await response.text();
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
      const reason = timedOut ? `no answer within ${ctx.timeoutMs} ms` : connectionReason(err);
      throw new ProbeFailure(service, reason, null);
    }
    const elapsedMs = Math.round(performance.now() - started);
    if (!response.ok) throw new ProbeFailure(service, `HTTP ${response.status}`, elapsedMs);
    return { body: parseJson(text), elapsedMs };
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function connectionReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message ?? 'connection failed';
}

/** Up when the answer is valid and quick, degraded when slow, down otherwise. */
function classify(ctx: ProbeContext, answer: Answer, valid: boolean): ProbeResult {
  if (!valid) return { status: 'down', responseTimeMs: answer.elapsedMs, message: 'unexpected answer' };
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

const plexIdentity = z.object({ MediaContainer: z.object({ machineIdentifier: z.string().min(1) }) });

/** Plex Media Server `GET /identity` (UPSTREAMS B1): public, so no token is sent. */
export function probePlex(ctx: ProbeContext, serverUrl: string): Promise<ProbeResult> {
  return probe('plex', async () => {
    const answer = await getJson(ctx, 'plex', `${trimSlash(serverUrl)}/identity`);
    return classify(ctx, answer, plexIdentity.safeParse(answer.body).success);
  });
}

const overseerrStatus = z.object({ version: z.string() });

/** Overseerr / Seerr / Jellyseerr `GET /api/v1/status`: public, so no API key is sent. */
export function probeOverseerr(ctx: ProbeContext, url: string): Promise<ProbeResult> {
  return probe('overseerr', async () => {
    const answer = await getJson(ctx, 'overseerr', `${trimSlash(url)}/api/v1/status`);
    return classify(ctx, answer, overseerrStatus.safeParse(answer.body).success);
  });
}

// UPSTREAMS E1/E2: the same public fields in Uptime Kuma 1.23 and 2.x.
const kumaStatusPage = z.object({
  publicGroupList: z.array(z.object({ monitorList: z.array(z.object({ id: z.number().int(), name: z.string() })) })),
});
const kumaBeat = z.object({ status: z.number().int(), ping: z.number().nullable().optional() });
const kumaHeartbeats = z.object({ heartbeatList: z.record(z.string(), z.array(kumaBeat)) });

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
  const base = `${trimSlash(url)}/api/status-page`;
  const encoded = encodeURIComponent(slug);
  // Kuma 1.23 never answers an unknown slug: the probe timeout ends the wait.
  const [page, beats] = await Promise.all([
    getJson(ctx, 'uptime-kuma', `${base}/${encoded}`),
    getJson(ctx, 'uptime-kuma', `${base}/heartbeat/${encoded}`),
  ]);
  const parsedPage = kumaStatusPage.safeParse(page.body);
  const parsedBeats = kumaHeartbeats.safeParse(beats.body);
  if (!parsedPage.success || !parsedBeats.success) throw new ProbeFailure('uptime-kuma', 'unexpected status page answer', null);

  const monitors = new Map<number, string>();
  for (const group of parsedPage.data.publicGroupList) for (const m of group.monitorList) monitors.set(m.id, m.name);
  return [...monitors].map(([monitorId, name]) => {
    // The list is chronological: the newest beat is the last one.
    const latest = parsedBeats.data.heartbeatList[String(monitorId)]?.at(-1);
    return { monitorId, name, ...kumaBeatResult(ctx, latest) };
  });
}

function kumaBeatResult(ctx: ProbeContext, beat: z.infer<typeof kumaBeat> | undefined): ProbeResult {
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
