import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceCheckRepository } from '../src/modules/services/services.repository';
import { MediaRepository } from '../src/modules/media/media.repository';
import { buildTestApp, type TestApp } from './support/test-app';

/**
 * The aggregates that keep list and summary endpoints flat as data grows
 * (media_request_counts, service_check_hourly; both kept by triggers) must
 * always equal what counting the raw rows gives.
 */
let t: TestApp;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  t = await buildTestApp({ listen: false });
});
afterAll(async () => {
  await t?.close();
});

describe('media request totals', () => {
  async function rawCount(where: { userId?: string; status?: 'pending' | 'approved' | 'available' | 'declined' }) {
    return t.container.db.prisma.mediaRequest.count({ where });
  }

  it('match count(*) for everyone and for each user, with and without a status, through inserts, status changes and deletions', async () => {
    const prisma = t.container.db.prisma;
    const repo = new MediaRepository(prisma);
    const users = await Promise.all([t.createUser(), t.createUser(), t.createUser()]);
    // 30 requests created concurrently, in single inserts and in a batch.
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        prisma.mediaRequest.create({ data: { userId: users[i % 3]!.id, tmdbId: 1000 + i, mediaType: 'movie', title: `T${i}`, status: 'pending' } }),
      ),
    );
    await prisma.mediaRequest.createMany({ data: Array.from({ length: 6 }, (_, i) => ({ userId: users[0]!.id, tmdbId: 2000 + i, mediaType: 'tv' as const, title: `S${i}`, status: 'approved' as const })) });
    // Status changes in parallel, opposite directions (the shared per-status rows must not deadlock).
    const rows = await prisma.mediaRequest.findMany({ orderBy: { tmdbId: 'asc' } });
    await Promise.all(rows.map((r, i) => prisma.mediaRequest.update({ where: { id: r.id }, data: { status: i % 2 ? 'available' : r.status === 'pending' ? 'approved' : 'pending' } })));
    await prisma.mediaRequest.updateMany({ where: { tmdbId: { lt: 1005 } }, data: { status: 'declined' } });
    await prisma.mediaRequest.updateMany({ where: { tmdbId: { gte: 2000 } }, data: { title: 'renamed' } }); // no status change
    await prisma.mediaRequest.delete({ where: { id: rows[3]!.id } });
    await prisma.user.delete({ where: { id: users[2]!.id } }); // cascades to that user's requests

    for (const status of [undefined, 'pending', 'approved', 'available', 'declined'] as const) {
      const all = await repo.list({ status, skip: 0, take: 5 });
      expect(all.total, `everyone, ${status ?? 'any status'}`).toBe(await rawCount({ status }));
      for (const u of users) {
        const own = await repo.list({ userId: u.id, status, skip: 0, take: 5 });
        expect(own.total, `${u.username}, ${status ?? 'any status'}`).toBe(await rawCount({ userId: u.id, status }));
      }
    }
    // 30 created, one deleted, the third user's (all but the one deleted, if it was theirs) gone with them.
    const thirdUsers = rows.filter((r) => r.userId === users[2]!.id && r.id !== rows[3]!.id).length;
    expect((await repo.list({ skip: 0, take: 50 })).total).toBe(30 - 1 - thirdUsers);
  });
});

describe('the audit log total', () => {
  it('matches count(*) through single and batched inserts', async () => {
    const prisma = t.container.db.prisma;
    await Promise.all(Array.from({ length: 12 }, (_, i) => t.container.audit.record({ actorId: null, action: `test.entry_${i}` })));
    await prisma.auditLog.createMany({ data: Array.from({ length: 7 }, (_, i) => ({ action: `test.batch_${i}` })) });
    const page = await t.container.audit.list(0, 5);
    expect(page.total).toBe(await prisma.auditLog.count());
    expect(page.total).toBeGreaterThanOrEqual(19);
  });
});

describe('service uptime and history from hourly roll-ups', () => {
  it('give exactly the counts of the raw checks, at any moment within the hour', async () => {
    const prisma = t.container.db.prisma;
    const repo = new ServiceCheckRepository(prisma);
    const base = Math.floor(Date.now() / HOUR) * HOUR;
    // Deterministic checks every 7 minutes over 32 days, statuses in a fixed pattern, in batches like monitor rounds.
    const statuses = ['up', 'up', 'degraded', 'down', 'up', 'unknown', 'up'] as const;
    const checks = Array.from({ length: (32 * DAY) / (7 * 60_000) }, (_, i) => ({
      serviceId: i % 5 === 0 ? 'overseerr' : 'plex',
      name: 'svc',
      status: statuses[i % statuses.length]!,
      responseTimeMs: i % 11 === 0 ? null : 10 + (i % 90),
      checkedAt: new Date(base - i * 7 * 60_000 + 1234),
    }));
    for (let i = 0; i < checks.length; i += 500) await repo.insert(checks.slice(i, i + 500));

    for (const offset of [0, 1, 17 * 60_000 + 5, HOUR - 1]) {
      const now = base + offset;
      const counts = await repo.uptimeCounts(now);
      for (const serviceId of ['plex', 'overseerr']) {
        const expected = (since: number) => {
          const inRange = checks.filter((c) => c.serviceId === serviceId && c.checkedAt.getTime() >= since);
          return { ok: inRange.filter((c) => c.status === 'up' || c.status === 'degraded').length, known: inRange.filter((c) => c.status !== 'unknown').length };
        };
        expect(counts.get(serviceId), `${serviceId} at +${offset} ms`).toEqual({ h24: expected(now - DAY), d7: expected(now - 7 * DAY), d30: expected(now - 30 * DAY) });
      }
    }

    // The 30-day chart: every check is in exactly one point; worst status and mean response time per point.
    const since = base - 30 * DAY;
    const points = await repo.history('plex', since, base, (30 * DAY) / 500);
    expect(points.length).toBeLessThanOrEqual(500);
    expect(points.length).toBeGreaterThan(400);
    expect(points.some((p) => p.status === 'down')).toBe(true);
    const times = points.map((p) => p.at.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // Pruning drops the roll-ups of the pruned hours too.
    await repo.prune(new Date(base - 31 * DAY));
    const oldest = await prisma.serviceCheckHourly.findFirst({ orderBy: { hour: 'asc' } });
    expect(oldest!.hour.getTime()).toBeGreaterThanOrEqual(base - 31 * DAY - 2 * HOUR);
    const after = await repo.uptimeCounts(base);
    expect(after.get('plex')?.d30.known).toBe(counts30(checks, 'plex', base - 30 * DAY));
  });
});

function counts30(checks: Array<{ serviceId: string; status: string; checkedAt: Date }>, serviceId: string, since: number): number {
  return checks.filter((c) => c.serviceId === serviceId && c.checkedAt.getTime() >= since && c.status !== 'unknown').length;
}
