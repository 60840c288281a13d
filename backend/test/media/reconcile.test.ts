import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaRequestStatus, MediaStatus, Permission } from '../fakes';
import { createReconcileJob } from '../../src/modules/media/reconcile.job';
import { nextEvent } from '../support/test-app';
import { startMediaApp } from './media-app';

async function setup(flavor: 'overseerr' | 'jellyseerr') {
  const m = await startMediaApp({ fake: { flavor } });
  m.fake.addUser({ id: 2, email: 'sam@example.com', plexId: 5005, permissions: Permission.REQUEST });
  const sam = await m.t.createUser({ username: 'sam', plexId: '5005' });
  const { token } = await m.t.tokenFor(sam);
  const create = async (tmdbId: number) =>
    (await request(m.t.app).post('/api/v1/media/requests').set('authorization', `Bearer ${token}`).send({ tmdbId, mediaType: 'movie' }).expect(201)).body as {
      id: string;
      overseerrRequestId: number;
    };
  const statusOf = async (id: string) => (await m.t.container.db.prisma.mediaRequest.findUniqueOrThrow({ where: { id } })).status;
  return { m, token, create, statusOf };
}

describe('reconciliation of open requests with Overseerr (overseerr-sync)', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup('overseerr');
  });
  afterAll(async () => {
    await s.m.close();
  });

  it('is scheduled as a background job', () => {
    expect(s.m.t.container.jobs).toContain(s.m.t.container.media.reconcileJob);
  });

  it('catches up with changes whose webhooks were dropped, through the same update path', async () => {
    const matrix = await s.create(603);
    const inception = await s.create(27205);
    const reloaded = await s.create(604);
    const { fake } = s.m;
    // Overseerr moves on; no webhook ever reaches MediaNest.
    fake.setRequestStatus(matrix.overseerrRequestId, MediaRequestStatus.APPROVED);
    fake.setRequestStatus(inception.overseerrRequestId, MediaRequestStatus.APPROVED);
    fake.setMediaStatus(27205, 'movie', MediaStatus.AVAILABLE);
    fake.setRequestStatus(reloaded.overseerrRequestId, MediaRequestStatus.DECLINED);

    const socket = await s.m.t.socket(s.token);
    const update = nextEvent<{ status: string }>(socket, 'request:updated');
    const summary = await s.m.t.container.media.reconciler.syncOpenRequests();
    expect(summary).toMatchObject({ checked: 3, changed: 3, failed: 0 });
    expect(['processing', 'available', 'declined']).toContain((await update).status);

    expect(await s.statusOf(matrix.id)).toBe('processing');
    expect(await s.statusOf(inception.id)).toBe('available');
    expect(await s.statusOf(reloaded.id)).toBe('declined');
    const history = await s.m.t.container.db.prisma.mediaRequestHistory.findMany({ where: { requestId: inception.id }, orderBy: { at: 'asc' } });
    expect(history.map((h) => [h.status, h.source])).toEqual([['pending', 'create'], ['available', 'sync']]);
    const notes = await s.m.t.container.db.prisma.notification.findMany({ where: { data: { path: ['requestId'], equals: inception.id } } });
    expect(notes.map((n) => n.message)).toEqual(['Inception is now available']);
  });

  it('changes nothing when a round finds nothing new', async () => {
    const summary = await s.m.t.container.media.reconciler.syncOpenRequests();
    expect(summary.changed).toBe(0);
    // Only the one still open (processing) is polled.
    expect(summary.checked).toBe(1);
  });

  it('leaves requests as they are while Overseerr is down, and says so in the log', async () => {
    await s.m.fake.setMode('down');
    try {
      const summary = await s.m.t.container.media.reconciler.syncOpenRequests();
      expect(summary).toMatchObject({ changed: 0, failed: 1 });
      expect(s.m.t.logs.text()).toContain('overseerr reconciliation incomplete');
    } finally {
      await s.m.fake.setMode('up');
    }
  });

  it('runs each round on one instance only (Redis lock)', async () => {
    const c = s.m.t.container;
    const at = Date.now() + 3_600_000; // a round no running job has reached yet
    const jobs = [1, 2].map(() => createReconcileJob({ reconciler: c.media.reconciler, intervalSeconds: 60, lock: c.jobLock, logger: c.logger, clock: () => at }));
    const ran = await Promise.all(jobs.map((j) => j.tick()));
    expect(ran.filter(Boolean)).toHaveLength(1);
  });
});

describe('reconciliation against Jellyseerr', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup('jellyseerr');
  });
  afterAll(async () => {
    await s.m.close();
  });

  it('reads a COMPLETED request as available', async () => {
    const matrix = await s.create(603);
    s.m.fake.setRequestStatus(matrix.overseerrRequestId, MediaRequestStatus.APPROVED);
    s.m.fake.setMediaStatus(603, 'movie', MediaStatus.AVAILABLE);
    expect(s.m.fake.requestRows.get(matrix.overseerrRequestId)?.status).toBe(MediaRequestStatus.COMPLETED);
    await s.m.t.container.media.reconciler.syncOpenRequests();
    expect(await s.statusOf(matrix.id)).toBe('available');
  });
});
