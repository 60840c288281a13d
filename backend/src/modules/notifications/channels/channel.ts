import type { Metrics } from '../../../common/metrics';
import { UpstreamClient } from '../../../integrations/http/upstream-client';
import { UpstreamError, UpstreamHttpError } from '../../../integrations/http/upstream-errors';
import type { ClaimedJob } from '../delivery-queue.repository';

/** A delivery that can never succeed as it is (bad address, target gone): no retry, marked failed. */
export class PermanentDeliveryError extends Error {}

/**
 * One outgoing channel. `deliver` resolves `sent`, or `dropped` when there is
 * nothing to deliver to any more (the user removed the target, the push
 * subscription expired); it throws to ask for a retry, or throws
 * PermanentDeliveryError when retrying cannot help.
 */
export interface DeliveryChannel {
  deliver(job: ClaimedJob): Promise<'sent' | 'dropped'>;
}

/** Absolute URL of a web-app path. */
export function absoluteLink(appUrl: string, link: string | undefined): string {
  if (!link) return appUrl;
  return `${appUrl}${link.startsWith('/') ? link : `/${link}`}`;
}

/**
 * What an answer's status means for a delivery (docs/NOTIFICATIONS.md): 2xx
 * is sent; a 4xx other than 408/429 is permanent (the target refuses this
 * message, retrying cannot help); anything else (408, 429, 3xx, 5xx) is retried.
 */
export function statusOutcome(status: number): 'sent' | 'permanent' | 'retry' {
  if (status >= 200 && status < 300) return 'sent';
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return 'permanent';
  return 'retry';
}

/** How a channel reaches its targets: the shared outbound layer's metrics, and test hooks. */
export interface ChannelHttp {
  metrics: Metrics;
  /** Deadline for the whole answer (default 10 s). */
  timeoutMs?: number;
  /** Largest answer read (default 64 KiB; channel answers are tiny). */
  maxBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 64 * 1024;

/**
 * One POST to a channel target through the outbound layer (UpstreamClient, no
 * circuit breaker: targets are per user): a deadline over the whole answer, a
 * small size cap, no redirects. Resolves any answer below 500 (its status and
 * the start of its body); no answer, an answer past the limits, a redirect or
 * a 5xx throw a plain Error (retried).
 */
export async function sendTo(
  target: string,
  init: { method?: 'POST'; headers: Record<string, string>; body: string | Uint8Array },
  service: string,
  http: ChannelHttp,
): Promise<{ status: number; text: string }> {
  const url = new URL(target);
  const client = new UpstreamClient({
    service,
    metricLabel: 'notification-channel',
    baseUrl: url.origin,
    breaker: null,
    metrics: http.metrics,
    timeoutMs: http.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBytes: http.maxBytes ?? DEFAULT_MAX_BYTES,
  });
  try {
    const res = await client.send({ method: init.method ?? 'POST', path: `${url.pathname}${url.search}`, headers: init.headers, rawBody: init.body });
    return { status: res.status, text: res.body.subarray(0, 200).toString('utf8') };
  } catch (err) {
    if (err instanceof UpstreamHttpError) throw new Error(`${service} answered ${err.upstreamStatus}${bodyText(err.body)}`, { cause: err });
    const reason = err instanceof UpstreamError ? err.reason : (err as Error).message;
    throw new Error(`${service} unreachable: ${reason}`, { cause: err });
  }
}

/** POSTs JSON (or text) through sendTo; the status decides per statusOutcome. */
export async function postTo(url: string, init: { headers: Record<string, string>; body: string }, service: string, http: ChannelHttp): Promise<void> {
  const { status, text } = await sendTo(url, init, service, http);
  const outcome = statusOutcome(status);
  if (outcome === 'sent') return;
  const message = `${service} answered ${status}${bodyText(text)}`;
  throw outcome === 'permanent' ? new PermanentDeliveryError(message) : new Error(message);
}

function bodyText(body: unknown): string {
  const text = (typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body)).slice(0, 200);
  return text ? `: ${text}` : '';
}
