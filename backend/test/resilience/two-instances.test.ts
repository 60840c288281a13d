import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntervalJob } from '../../src/jobs/interval-job';
import { FakePlexServer } from '../fakes';
import { sleep } from '../support/load';
import { buildTestApp, nextEvent, type TestApp } from '../support/test-app';

/** Two running instances on one database and one Redis (same key prefix), as behind a load balancer. */
describe('two backend instances sharing Redis', () => {
  const plex = new FakePlexServer({ latencyMs: 0 });
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    await plex.start();
    // Service checks every second, so the real job's rounds can be counted.
    const env = { PLEX_SERVER_URL: plex.url, PLEX_TOKEN: plex.token, SERVICE_CHECK_INTERVAL_SECONDS: '1' };
    a = await buildTestApp({ env, startJobs: true });
    b = await buildTestApp({ env, shareWith: a, startJobs: true });
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await plex.stop();
  });

  it('delivers an event raised on one instance to a client connected to the other', async () => {
    const user = await a.createUser();
    const { token } = await a.tokenFor(user);
    const onB = await b.socket(token);
    const onA = await a.socket(token);

    const notified = nextEvent<{ id: string; title: string }>(onB, 'notification');
    const stored = await a.container.notifications.notify(user.id, { type: 'test', title: 'Raised on A', message: 'hello from A' });
    expect(await notified).toMatchObject({ id: stored.id, title: 'Raised on A' });

    const broadcast = nextEvent<{ id: string }>(onA, 'service:status');
    b.container.realtime.emitToAll('service:status', { id: 'plex', status: 'up', responseTimeMs: 1, lastCheckedAt: new Date().toISOString() });
    expect(await broadcast).toMatchObject({ id: 'plex', status: 'up' });
  });

  it('runs each round of a scheduled job on one instance only', async () => {
    const intervalMs = 300;
    const runs: number[] = [];
    const jobs = [a, b].map((t) => {
      // The slot the job computed for the round it is about to run.
      let slotNow = 0;
      const job: IntervalJob = new IntervalJob({
        name: 'resilience-two-instances',
        intervalMs,
        lock: t.container.jobLock,
        logger: t.container.logger,
        now: () => (slotNow = Date.now()),
        run: async () => {
          runs.push(Math.floor(slotNow / intervalMs));
        },
      });
      return job;
    });
    const started = Date.now();
    for (const job of jobs) job.start();
    await sleep(3000);
    await Promise.all(jobs.map((j) => j.stop()));
    const slots = Math.floor((Date.now() - started) / intervalMs);

    const perSlot = new Map<number, number>();
    for (const slot of runs) perSlot.set(slot, (perSlot.get(slot) ?? 0) + 1);
    expect([...perSlot.values()].filter((n) => n > 1)).toEqual([]);
    // Rounds are not skipped either (lenient: timers run late on a busy machine).
    expect(perSlot.size).toBeGreaterThanOrEqual(Math.floor(slots / 2));
  });

  it('checks the services once per interval in total, not once per instance', async () => {
    const rows = () => a.container.db.prisma.serviceCheck.findMany({ where: { serviceId: 'plex' }, select: { checkedAt: true } });
    const before = (await rows()).length;
    const started = Date.now();
    await sleep(4000);
    const elapsedSeconds = (Date.now() - started) / 1000;
    const rounds = (await rows()).length - before;
    // One check per second in total: twice as many would mean both instances ran each round.
    expect(rounds).toBeGreaterThanOrEqual(2);
    expect(rounds).toBeLessThanOrEqual(Math.ceil(elapsedSeconds) + 1);
  });
});
