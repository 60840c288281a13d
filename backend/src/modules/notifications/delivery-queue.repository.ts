import type { Prisma, PrismaClient } from '@prisma/client';
import type { SqlExecutor } from '../../db/migrate';
import type { QueuedChannel } from './kinds';

/** What a channel needs to render one notification. */
export interface DeliveryPayload {
  kind: string;
  type: string;
  title: string;
  message: string;
  /** Path in the web app the notification leads to (e.g. /requests/<id>). */
  link?: string;
  notificationId?: string;
  /** Push: the subscription this job is for (one job per device). */
  subscriptionId?: string;
  /** Email: a prepared body (the digest) instead of the standard template. */
  html?: string;
  text?: string;
}

export interface EnqueueInput {
  userId: string | null;
  channel: QueuedChannel | 'discord-admin';
  /** Unique per delivery: a second enqueue with the same key is ignored. */
  dedupeKey: string;
  payload: DeliveryPayload;
}

export interface ClaimedJob {
  id: string;
  userId: string | null;
  channel: string;
  payload: DeliveryPayload;
  attempts: number;
  lockedUntil: string;
}

export interface JobRow {
  id: string;
  userId: string | null;
  channel: string;
  status: string;
  attempts: number;
  lastError: string | null;
  runAt: string;
  createdAt: string;
  finishedAt: string | null;
  title: string;
}

/**
 * The durable delivery queue: rows of `notification_jobs` in PostgreSQL (or
 * the embedded PGlite), claimed with `FOR UPDATE SKIP LOCKED` so two instances
 * never take the same job, leased so a crashed worker's job is taken again
 * after the lease, retried with exponential backoff, kept as `failed` for
 * admins when attempts run out. Timestamps are passed as UTC ISO text because
 * the columns are `timestamp without time zone` holding UTC (as Prisma writes them).
 */
export class DeliveryQueue {
  private readonly prisma: PrismaClient;
  private readonly sql: SqlExecutor;
  private readonly clock: () => number;

  constructor(d: { prisma: PrismaClient; sql: SqlExecutor; clock?: () => number }) {
    this.prisma = d.prisma;
    this.sql = d.sql;
    this.clock = d.clock ?? Date.now;
  }

  async enqueue(jobs: EnqueueInput[]): Promise<number> {
    if (jobs.length === 0) return 0;
    const now = new Date(this.clock());
    const result = await this.prisma.notificationJob.createMany({
      data: jobs.map((j) => ({ userId: j.userId, channel: j.channel, dedupeKey: j.dedupeKey, payload: j.payload as unknown as Prisma.InputJsonValue, runAt: now, createdAt: now })),
      skipDuplicates: true,
    });
    return result.count;
  }

  async claim(limit: number, leaseMs: number): Promise<ClaimedJob[]> {
    const now = new Date(this.clock()).toISOString();
    const until = new Date(this.clock() + leaseMs).toISOString();
    const rows = await this.sql.query<{ id: string; user_id: string | null; channel: string; payload: unknown; attempts: number }>(
      `UPDATE "notification_jobs" SET "locked_until" = ($1::timestamptz AT TIME ZONE 'UTC'), "attempts" = "attempts" + 1
       WHERE "id" IN (
         SELECT "id" FROM "notification_jobs"
         WHERE "status" = 'queued' AND "run_at" <= ($2::timestamptz AT TIME ZONE 'UTC')
           AND ("locked_until" IS NULL OR "locked_until" <= ($2::timestamptz AT TIME ZONE 'UTC'))
         ORDER BY "run_at" LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING "id", "user_id", "channel", "payload", "attempts"`,
      [until, now, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      channel: r.channel,
      payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as DeliveryPayload,
      attempts: r.attempts,
      lockedUntil: until,
    }));
  }

  async complete(job: ClaimedJob, status: 'sent' | 'dropped', note?: string): Promise<void> {
    await this.prisma.notificationJob.update({
      where: { id: job.id },
      data: { status, lockedUntil: null, finishedAt: new Date(this.clock()), lastError: note ?? null },
    });
  }

  /** Schedules another attempt, or marks the job failed when attempts ran out. */
  async fail(job: ClaimedJob, error: string, maxAttempts: number, baseDelayMs: number): Promise<'retry' | 'failed'> {
    const now = this.clock();
    const lastError = error.slice(0, 500);
    if (job.attempts >= maxAttempts) {
      await this.prisma.notificationJob.update({ where: { id: job.id }, data: { status: 'failed', lockedUntil: null, lastError, finishedAt: new Date(now) } });
      return 'failed';
    }
    const delay = Math.min(baseDelayMs * 2 ** (job.attempts - 1), 6 * 3_600_000);
    await this.prisma.notificationJob.update({ where: { id: job.id }, data: { lockedUntil: null, lastError, runAt: new Date(now + delay) } });
    return 'retry';
  }

  /** Deliveries for the admin page: failed ones first by default. */
  async list(status: string | undefined, skip: number, take: number): Promise<{ items: JobRow[]; total: number }> {
    const where = status ? { status } : {};
    const [rows, total] = await Promise.all([
      this.prisma.notificationJob.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip, take }),
      this.prisma.notificationJob.count({ where }),
    ]);
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        userId: r.userId,
        channel: r.channel,
        status: r.status,
        attempts: r.attempts,
        lastError: r.lastError,
        runAt: r.runAt.toISOString(),
        createdAt: r.createdAt.toISOString(),
        finishedAt: r.finishedAt?.toISOString() ?? null,
        title: String((r.payload as { title?: unknown } | null)?.title ?? ''),
      })),
    };
  }

  /** Puts a failed job back in the queue (admin "retry"). False when there is no such failed job. */
  async retry(id: string): Promise<boolean> {
    const result = await this.prisma.notificationJob.updateMany({
      where: { id, status: 'failed' },
      data: { status: 'queued', attempts: 0, runAt: new Date(this.clock()), finishedAt: null },
    });
    return result.count > 0;
  }

  async counts(): Promise<Record<string, number>> {
    const groups = await this.prisma.notificationJob.groupBy({ by: ['status'], _count: { _all: true } });
    return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
  }
}
