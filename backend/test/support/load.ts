/** Steady client load for fault tests, and small waiting helpers. */

export interface LoadResult {
  /** HTTP status, or 0 when the request itself failed (refused, reset, timed out). */
  status: number;
  body: unknown;
  /** Epoch ms when the request was sent. */
  startedAt: number;
  ms: number;
  error?: string;
}

export interface LoadOptions {
  /** Upper bound of the run. */
  durationMs: number;
  /** Ends the run earlier once true (checked before each request). */
  done?: () => boolean;
  /** Sees each answer as it arrives (tests pace their faults on it). */
  onResult?: (r: LoadResult) => void;
  concurrency: number;
  /** The i-th request of the run. */
  request: (i: number) => Promise<Response>;
  /** A single request giving up after this long counts as failed (status 0). Default 15 s. */
  requestTimeoutMs?: number;
  /** Pause of each loop between two requests (keeps the rate under a rate limit). */
  pauseMs?: number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `concurrency` loops of back-to-back requests for `durationMs`; every answer is recorded. */
export async function runLoad(options: LoadOptions): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  const until = Date.now() + options.durationMs;
  let next = 0;
  const record = (r: LoadResult) => {
    results.push(r);
    options.onResult?.(r);
  };
  const worker = async () => {
    while (Date.now() < until && !options.done?.()) {
      const i = next++;
      const startedAt = Date.now();
      try {
        const res = await withDeadline(options.request(i), options.requestTimeoutMs ?? 15_000);
        const text = await res.text();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Not JSON: keep the text.
        }
        record({ status: res.status, body, startedAt, ms: Date.now() - startedAt });
      } catch (err) {
        record({ status: 0, body: undefined, startedAt, ms: Date.now() - startedAt, error: (err as Error).message });
      }
      if (options.pauseMs) await sleep(options.pauseMs);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return results;
}

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Polls `check` until it is true, or fails after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // Not yet.
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}
