import client from 'prom-client';
import type { Metrics } from '../../common/metrics';
import type { Logger } from '../../logging/logger';
import type { DeliveryChannel } from './channels/channel';
import { PermanentDeliveryError } from './channels/channel';
import type { ClaimedJob, DeliveryQueue } from './delivery-queue.repository';

export interface DeliveryWorkerOptions {
  queue: DeliveryQueue;
  channels: Record<string, DeliveryChannel>;
  logger: Logger;
  pollMs: number;
  maxAttempts: number;
  /** First retry delay; doubles per attempt. */
  retryBaseMs?: number;
  /** How long a claimed job is ours; after it, another instance may take it again. */
  leaseMs?: number;
  batchSize?: number;
  metrics?: Metrics;
}

/**
 * Takes due jobs from the queue and delivers them, a few at a time. Runs in
 * every instance: the queue's claim makes sure each job goes to one of them.
 */
export class DeliveryWorker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = true;
  /** Set by stop(): a drain in progress finishes its batch and takes no more (shutdown stays short). */
  private stopping = false;
  private readonly outcomes?: client.Counter<'channel' | 'outcome'>;

  constructor(private readonly o: DeliveryWorkerOptions) {
    if (o.metrics) {
      this.outcomes = new client.Counter({
        name: 'medianest_notification_deliveries_total',
        help: 'Notification delivery attempts by channel and outcome (sent, dropped, retry, failed)',
        labelNames: ['channel', 'outcome'],
        registers: [o.metrics.registry],
      });
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    this.timer = setInterval(() => void this.tick(), this.o.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Polls until the queue has nothing due; returns how many jobs were handled. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runOnce();
      total += n;
      if (n === 0 || this.stopping) return total;
    }
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.drain();
    try {
      await this.running;
    } catch (err) {
      this.o.logger.warn('notification delivery round failed', { reason: (err as Error).message });
    } finally {
      this.running = undefined;
    }
  }

  async runOnce(): Promise<number> {
    const jobs = await this.o.queue.claim(this.o.batchSize ?? 10, this.o.leaseMs ?? 60_000);
    await Promise.all(jobs.map((job) => this.handle(job)));
    return jobs.length;
  }

  private async handle(job: ClaimedJob): Promise<void> {
    const channel = this.o.channels[job.channel];
    try {
      if (!channel) throw new PermanentDeliveryError(`unknown channel ${job.channel}`);
      const outcome = await channel.deliver(job);
      await this.o.queue.complete(job, outcome);
      this.outcomes?.inc({ channel: job.channel, outcome });
      this.o.logger.debug('notification delivered', { jobId: job.id, channel: job.channel, outcome });
    } catch (err) {
      const reason = (err as Error).message;
      const permanent = err instanceof PermanentDeliveryError;
      const result = await this.o.queue.fail(job, reason, permanent ? job.attempts : this.o.maxAttempts, this.o.retryBaseMs ?? 30_000);
      this.outcomes?.inc({ channel: job.channel, outcome: result });
      this.o.logger.warn('notification delivery failed', { jobId: job.id, channel: job.channel, attempt: job.attempts, reason, result });
    }
  }
}
