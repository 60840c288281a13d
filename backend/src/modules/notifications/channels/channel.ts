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
 * POSTs JSON (or text) with a timeout; 2xx resolves, 4xx other than 408/429
 * is permanent (the target refuses this message), anything else is retried.
 */
export async function postTo(url: string, init: { headers: Record<string, string>; body: string }, timeoutMs: number, service: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: init.headers, body: init.body, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (err) {
    throw new Error(`${service} unreachable: ${(err as Error).message}`, { cause: err });
  }
  if (res.ok) {
    await res.arrayBuffer().catch(() => undefined);
    return;
  }
  const text = (await res.text().catch(() => '')).slice(0, 200);
  const message = `${service} answered ${res.status}${text ? `: ${text}` : ''}`;
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new PermanentDeliveryError(message);
  throw new Error(message);
}
