import type { PrismaClient, ServiceStatus } from '@prisma/client';

export interface NewCheck {
  serviceId: string;
  name: string;
  status: ServiceStatus;
  responseTimeMs: number | null;
  message?: string;
  checkedAt: Date;
}

export interface StoredCheck {
  serviceId: string;
  name: string;
  status: ServiceStatus;
  responseTimeMs: number | null;
  checkedAt: Date;
}

/** Successful / known checks of one service over the three ranges. */
export interface UptimeCounts {
  h24: { ok: number; known: number };
  d7: { ok: number; known: number };
  d30: { ok: number; known: number };
}

export interface HistoryPoint {
  at: Date;
  status: ServiceStatus;
  responseTimeMs: number | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const SEVERITY_STATUS: ServiceStatus[] = ['unknown', 'up', 'degraded', 'down'];

interface LatestRow {
  service_id: string;
  name: string;
  status: ServiceStatus;
  response_time_ms: number | null;
  at_ms: number;
}

/**
 * The `service_checks` table. Timestamps cross the SQL boundary as epoch
 * milliseconds (checked_at is a UTC timestamp without time zone), so no
 * driver or session time zone can shift them.
 */
export class ServiceCheckRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async insert(checks: NewCheck[]): Promise<void> {
    if (checks.length === 0) return;
    await this.prisma.serviceCheck.createMany({
      data: checks.map((c) => ({
        serviceId: c.serviceId,
        name: c.name,
        status: c.status,
        responseTimeMs: c.responseTimeMs,
        message: c.message?.slice(0, 500) ?? null,
        checkedAt: c.checkedAt,
      })),
    });
  }

  /**
   * The newest check of every service (optionally only checks with a known
   * result): one index probe per service, whose ids are found by skipping
   * through the hourly roll-up's primary key, instead of sorting every check.
   */
  async latest(options: { knownOnly?: boolean } = {}): Promise<Map<string, StoredCheck>> {
    const knownOnly = options.knownOnly === true;
    const rows = await this.prisma.$queryRaw<LatestRow[]>`
      WITH RECURSIVE s AS (
        (SELECT service_id FROM service_check_hourly ORDER BY service_id LIMIT 1)
        UNION ALL
        SELECT (SELECT h.service_id FROM service_check_hourly h WHERE h.service_id > s.service_id ORDER BY h.service_id LIMIT 1)
        FROM s WHERE s.service_id IS NOT NULL
      )
      SELECT c.service_id, c.name, c.status::text AS status, c.response_time_ms,
             (extract(epoch FROM c.checked_at) * 1000)::float8 AS at_ms
      FROM s
      CROSS JOIN LATERAL (
        SELECT service_id, name, status, response_time_ms, checked_at FROM service_checks
        WHERE service_id = s.service_id AND (NOT ${knownOnly} OR status <> 'unknown')
        ORDER BY checked_at DESC, id DESC LIMIT 1
      ) AS c`;
    return new Map(
      rows.map((r) => [
        r.service_id,
        { serviceId: r.service_id, name: r.name, status: r.status, responseTimeMs: r.response_time_ms, checkedAt: new Date(Math.round(Number(r.at_ms))) },
      ]),
    );
  }

  /**
   * Up-or-degraded and known-result counts per service over 24 h, 7 d and 30 d.
   * Whole hours come from the hourly roll-up (at most 720 rows a service);
   * only the partial first hour of each range is read from the raw checks, so
   * the answer is exact and its cost does not grow with the number of checks.
   */
  async uptimeCounts(nowMs: number): Promise<Map<string, UptimeCounts>> {
    const starts = { h24: nowMs - DAY_MS, d7: nowMs - 7 * DAY_MS, d30: nowMs - 30 * DAY_MS };
    const hour = (ms: number) => Math.ceil(ms / HOUR_MS) * HOUR_MS;
    const rows = await this.prisma.$queryRaw<
      Array<{ service_id: string; ok24: number; known24: number; ok7: number; known7: number; ok30: number; known30: number }>
    >`
      WITH b AS (
        SELECT to_timestamp(${starts.h24}::float8 / 1000) AT TIME ZONE 'UTC' AS d1, to_timestamp(${hour(starts.h24)}::float8 / 1000) AT TIME ZONE 'UTC' AS h1,
               to_timestamp(${starts.d7}::float8 / 1000) AT TIME ZONE 'UTC' AS d7, to_timestamp(${hour(starts.d7)}::float8 / 1000) AT TIME ZONE 'UTC' AS h7,
               to_timestamp(${starts.d30}::float8 / 1000) AT TIME ZONE 'UTC' AS d30, to_timestamp(${hour(starts.d30)}::float8 / 1000) AT TIME ZONE 'UTC' AS h30
      ),
      hours AS (
        SELECT service_id,
          coalesce(sum(ok) FILTER (WHERE hour >= b.h1), 0) AS ok24, coalesce(sum(known) FILTER (WHERE hour >= b.h1), 0) AS known24,
          coalesce(sum(ok) FILTER (WHERE hour >= b.h7), 0) AS ok7, coalesce(sum(known) FILTER (WHERE hour >= b.h7), 0) AS known7,
          sum(ok) AS ok30, sum(known) AS known30
        FROM service_check_hourly, b
        WHERE hour >= b.h30
        GROUP BY service_id
      ),
      edges AS (
        SELECT service_id,
          count(*) FILTER (WHERE status IN ('up', 'degraded') AND checked_at >= b.d1 AND checked_at < b.h1) AS ok24,
          count(*) FILTER (WHERE status <> 'unknown' AND checked_at >= b.d1 AND checked_at < b.h1) AS known24,
          count(*) FILTER (WHERE status IN ('up', 'degraded') AND checked_at >= b.d7 AND checked_at < b.h7) AS ok7,
          count(*) FILTER (WHERE status <> 'unknown' AND checked_at >= b.d7 AND checked_at < b.h7) AS known7,
          count(*) FILTER (WHERE status IN ('up', 'degraded') AND checked_at >= b.d30 AND checked_at < b.h30) AS ok30,
          count(*) FILTER (WHERE status <> 'unknown' AND checked_at >= b.d30 AND checked_at < b.h30) AS known30
        FROM service_checks, b
        WHERE (checked_at >= b.d1 AND checked_at < b.h1) OR (checked_at >= b.d7 AND checked_at < b.h7) OR (checked_at >= b.d30 AND checked_at < b.h30)
        GROUP BY service_id
      )
      SELECT service_id, sum(ok24)::int AS ok24, sum(known24)::int AS known24, sum(ok7)::int AS ok7, sum(known7)::int AS known7,
             sum(ok30)::int AS ok30, sum(known30)::int AS known30
      FROM (SELECT * FROM hours UNION ALL SELECT * FROM edges) AS parts
      GROUP BY service_id`;
    return new Map(
      rows.map((r) => [
        r.service_id,
        {
          h24: { ok: Number(r.ok24), known: Number(r.known24) },
          d7: { ok: Number(r.ok7), known: Number(r.known7) },
          d30: { ok: Number(r.ok30), known: Number(r.known30) },
        },
      ]),
    );
  }

  /**
   * Checks of one service in [sinceMs, untilMs], grouped into buckets of
   * `bucketMs`: the worst status in each bucket, its average response time,
   * and the time of its first check.
   */
  async history(serviceId: string, sinceMs: number, untilMs: number, bucketMs: number): Promise<HistoryPoint[]> {
    if (bucketMs >= HOUR_MS) return this.hourlyHistory(serviceId, sinceMs, untilMs, bucketMs);
    const rows = await this.prisma.$queryRaw<Array<{ at_ms: number; severity: number; response_time_ms: number | null }>>`
      SELECT (min(extract(epoch FROM checked_at)) * 1000)::float8 AS at_ms,
             max(CASE status WHEN 'down' THEN 3 WHEN 'degraded' THEN 2 WHEN 'up' THEN 1 ELSE 0 END)::int AS severity,
             round(avg(response_time_ms))::int AS response_time_ms
      FROM service_checks
      WHERE service_id = ${serviceId}
        AND checked_at >= to_timestamp(${sinceMs}::float8 / 1000) AT TIME ZONE 'UTC'
        AND checked_at <= to_timestamp(${untilMs}::float8 / 1000) AT TIME ZONE 'UTC'
      GROUP BY floor((extract(epoch FROM checked_at) * 1000 - ${sinceMs}::float8) / ${bucketMs}::float8)
      ORDER BY 1`;
    return rows.map((r) => ({
      at: new Date(Math.round(Number(r.at_ms))),
      status: SEVERITY_STATUS[Number(r.severity)] ?? 'unknown',
      responseTimeMs: r.response_time_ms === null ? null : Number(r.response_time_ms),
    }));
  }

  /**
   * History from the hourly roll-up, for buckets of an hour or more (the 30-day
   * chart): at most 720 rows read, however many checks there are. A bucket
   * holds the hours that start in it.
   */
  private async hourlyHistory(serviceId: string, sinceMs: number, untilMs: number, bucketMs: number): Promise<HistoryPoint[]> {
    const firstHour = Math.floor(sinceMs / HOUR_MS) * HOUR_MS;
    const rows = await this.prisma.$queryRaw<Array<{ at_ms: number; severity: number; response_time_ms: number | null }>>`
      SELECT (extract(epoch FROM min(first_at)) * 1000)::float8 AS at_ms,
             max(worst)::int AS severity,
             round(sum(total_ms)::numeric / nullif(sum(timed), 0))::int AS response_time_ms
      FROM service_check_hourly
      WHERE service_id = ${serviceId}
        AND hour >= to_timestamp(${firstHour}::float8 / 1000) AT TIME ZONE 'UTC'
        AND hour <= to_timestamp(${untilMs}::float8 / 1000) AT TIME ZONE 'UTC'
      GROUP BY floor(greatest(extract(epoch FROM hour) * 1000 - ${sinceMs}::float8, 0) / ${bucketMs}::float8)
      ORDER BY 1`;
    return rows.map((r) => ({
      at: new Date(Math.round(Number(r.at_ms))),
      status: SEVERITY_STATUS[Number(r.severity)] ?? 'unknown',
      responseTimeMs: r.response_time_ms === null ? null : Number(r.response_time_ms),
    }));
  }

  /** Deletes checks older than `before`, and the hourly roll-ups of hours wholly before it; returns how many checks went. */
  async prune(before: Date): Promise<number> {
    const result = await this.prisma.serviceCheck.deleteMany({ where: { checkedAt: { lt: before } } });
    await this.prisma.serviceCheckHourly.deleteMany({ where: { hour: { lt: new Date(Math.floor(before.getTime() / HOUR_MS) * HOUR_MS - HOUR_MS) } } });
    return result.count;
  }
}
