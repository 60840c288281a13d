import type { MediaRequest } from '@prisma/client';
import { IntervalJob } from '../../jobs/interval-job';
import type { JobLock } from '../../jobs/job-lock';
import type { Logger } from '../../logging/logger';
import { OverseerrHttpError, type OverseerrClient } from '../../integrations/overseerr/overseerr.client';
import type { MediaRepository } from './media.repository';
import { mapOverseerrStatus, requestMediaStatus } from './request-status';
import type { RequestUpdates } from './request-updates';

export const RECONCILE_JOB_NAME = 'overseerr-sync';
// Requests refreshed per round (least recently updated first) and Overseerr calls in flight.
const BATCH = 500;
const CONCURRENCY = 4;

export interface ReconcileSummary {
  checked: number;
  changed: number;
  failed: number;
}

/**
 * Refreshes open requests from Overseerr so a missed webhook never leaves one
 * stale. Changes go through the same path as webhooks (history source `sync`).
 */
export class RequestReconciler {
  constructor(
    private readonly repository: MediaRepository,
    private readonly overseerr: OverseerrClient,
    private readonly updates: RequestUpdates,
    private readonly logger: Logger,
  ) {}

  async syncOpenRequests(): Promise<ReconcileSummary> {
    const summary: ReconcileSummary = { checked: 0, changed: 0, failed: 0 };
    if (!(await this.overseerr.isConfigured())) return summary;
    const rows = await this.repository.findOpenLinked(BATCH);
    // Several local requests may share one Overseerr request: fetch each once.
    const byOverseerrId = new Map<number, MediaRequest[]>();
    for (const row of rows) {
      const id = row.overseerrRequestId as number;
      byOverseerrId.set(id, [...(byOverseerrId.get(id) ?? []), row]);
    }
    const queue = [...byOverseerrId.entries()];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [overseerrId, locals] = next;
        summary.checked += locals.length;
        try {
          const request = await this.overseerr.getRequest(overseerrId);
          const status = mapOverseerrStatus(request.status, requestMediaStatus(request));
          for (const row of locals) if (await this.updates.apply(row, status, 'sync')) summary.changed += 1;
        } catch (err) {
          summary.failed += locals.length;
          // Gone from Overseerr (deleted there): nothing to learn; the local request keeps its last known status.
          if (!(err instanceof OverseerrHttpError && err.upstreamStatus === 404)) throw err;
        }
      }
    };
    const results = await Promise.allSettled(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) {
      this.logger.warn('overseerr reconciliation incomplete', { ...summary, reason: (failure.reason as Error)?.message });
    } else if (summary.changed > 0) {
      this.logger.info('overseerr reconciliation applied changes', { ...summary });
    }
    return summary;
  }
}

/** The scheduled round: every OVERSEERR_SYNC_INTERVAL_SECONDS, one instance per round (Redis lock). */
export function createReconcileJob(options: {
  reconciler: RequestReconciler;
  intervalSeconds: number;
  lock: JobLock;
  logger: Logger;
  clock: () => number;
}): IntervalJob {
  return new IntervalJob({
    name: RECONCILE_JOB_NAME,
    intervalMs: options.intervalSeconds * 1000,
    lock: options.lock,
    logger: options.logger,
    now: options.clock,
    run: async () => {
      await options.reconciler.syncOpenRequests();
    },
  });
}
