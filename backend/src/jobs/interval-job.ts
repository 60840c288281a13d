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
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
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
