import type { Logger } from '../logging/logger';
import type { JobLock } from './job-lock';

export interface IntervalJobOptions {
  name: string;
  intervalMs: number;
  run: () => Promise<void>;
  lock: JobLock;
  logger: Logger;
  now?: () => number;
  /** Run a round right after start (default true). */
  runOnStart?: boolean;
}

/** Node's timers hold at most 2^31-1 ms (~24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs `run` every interval. Rounds are numbered by wall-clock slot and each
 * slot's lock is taken by one instance only, so with several instances every
 * round runs once, not once per instance.
 */
export class IntervalJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;

  constructor(private readonly options: IntervalJobOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (this.options.runOnStart ?? true) void this.tick();
    // A longer interval would make Node fire the timer at once, again and again: wake up every
    // ~24.8 days instead (the slot lock still decides when a round is due).
    this.timer = setInterval(() => void this.tick(), Math.min(this.options.intervalMs, MAX_TIMER_MS));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One round if this instance wins the slot's lock; true when it ran. */
  async tick(): Promise<boolean> {
    if (this.running) return false;
    const now = (this.options.now ?? Date.now)();
    const slot = Math.floor(now / this.options.intervalMs);
    const won = await this.options.lock.acquire(`${this.options.name}:${slot}`, this.options.intervalMs);
    if (!won) return false;
    this.running = this.options
      .run()
      .catch((err: unknown) => {
        this.options.logger.warn('scheduled job failed', { job: this.options.name, reason: (err as Error)?.message });
      })
      .finally(() => {
        this.running = undefined;
      });
    await this.running;
    return true;
  }
}
