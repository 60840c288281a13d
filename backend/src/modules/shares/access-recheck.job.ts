import { IntervalJob } from '../../jobs/interval-job';
import type { JobLock } from '../../jobs/job-lock';
import type { Logger } from '../../logging/logger';
import type { ShareService } from './share.service';

/** While plex.tv cannot be read, the re-check is tried again this often (or at its interval, if shorter). */
export const RECHECK_RETRY_MS = 60_000;

export interface AccessRecheckJobOptions {
  shares: Pick<ShareService, 'recheck'>;
  intervalSeconds: number;
  lock: JobLock;
  logger: Logger;
  clock: () => number;
  /** Default RECHECK_RETRY_MS. */
  retryMs?: number;
}

/**
 * Every PLEX_ACCESS_RECHECK_SECONDS, one instance re-reads who the server is
 * shared with (ShareService.recheck). A round that cannot reach plex.tv
 * changes nothing and is retried after RECHECK_RETRY_MS instead of waiting a
 * whole interval.
 */
export class AccessRecheckJob {
  private readonly interval: IntervalJob;
  private retry?: NodeJS.Timeout;
  private stopped = true;

  constructor(private readonly o: AccessRecheckJobOptions) {
    this.interval = new IntervalJob({
      name: 'plex-access-recheck',
      intervalMs: o.intervalSeconds * 1000,
      lock: o.lock,
      logger: o.logger,
      now: o.clock,
      // Sign-in reads shares itself; the first re-check comes one interval after start.
      runOnStart: false,
      run: () => this.round(),
    });
  }

  start(): void {
    this.stopped = false;
    this.interval.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.interval.stop();
  }

  /** One round now (the interval's lock decides nothing here: tests and the retry call it). */
  async round(): Promise<void> {
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    const result = await this.o.shares.recheck();
    if (result === 'unreachable' && !this.stopped) {
      this.retry = setTimeout(() => void this.round().catch(() => undefined), Math.min(this.o.retryMs ?? RECHECK_RETRY_MS, this.o.intervalSeconds * 1000));
      this.retry.unref();
    }
  }
}
