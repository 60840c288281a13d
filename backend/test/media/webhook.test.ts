import type { User } from '@prisma/client';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Permission } from '../fakes';
import { nextEvent } from '../support/test-app';
import { WEBHOOK_PATH, WEBHOOK_SECRET, startMediaApp, type MediaTestApp } from './media-app';

describe('POST /api/v1/webhooks/overseerr', () => {
  let m: MediaTestApp;
  let sam: User;
  let samToken: string;
  let matrix: { id: string; overseerrRequestId: number; updatedAt: string };
  type Seen = Array<{ event: string; payload: { id?: string; status?: string; message?: string } }>;
  const seen: Record<'sam' | 'dave' | 'admin', Seen> = { sam: [], dave: [], admin: [] };
  const sockets = {} as Record<keyof typeof seen, Socket>;

  beforeAll(async () => {
    m = await startMediaApp();
    m.fake.addUser({ id: 2, email: 'sam@example.com', plexId: 5005, permissions: Permission.REQUEST });
    sam = await m.t.createUser({ username: 'sam', plexId: '5005' });
    samToken = (await m.t.tokenFor(sam)).token;
    const dave = await m.t.createUser({ username: 'dave' });
    const admin = await m.t.createUser({ username: 'root', role: 'admin' });
    for (const [name, user] of [['sam', sam], ['dave', dave], ['admin', admin]] as const) {
      sockets[name] = await m.t.socket((await m.t.tokenFor(user)).token);
      for (const event of ['request:updated', 'notification']) sockets[name].on(event, (payload) => seen[name].push({ event, payload }));
    }
    const res = await request(m.t.app).post('/api/v1/media/requests').set('authorization', `Bearer ${samToken}`).send({ tmdbId: 603, mediaType: 'movie' }).expect(201);
    matrix = res.body;
    expect(matrix.overseerrRequestId).toEqual(expect.any(Number));
  });
  afterAll(async () => {
    await m.close();
  });

  const hook = () => `${m.t.url}${WEBHOOK_PATH}`;
  const send = (type: Parameters<MediaTestApp['fake']['sendWebhook']>[1]['type'], requestId = matrix.overseerrRequestId, applyState = true) =>
    m.fake.sendWebhook(hook(), { type, requestId }, { authHeader: WEBHOOK_SECRET, applyState });
  const detail = async () => (await request(m.t.app).get(`/api/v1/media/requests/${matrix.id}`).set('authorization', `Bearer ${samToken}`).expect(200)).body;
  /** `secret` null sends no Authorization header. */
  const post = (body: unknown, secret: string | null = WEBHOOK_SECRET) => {
    const r = request(m.t.app).post(WEBHOOK_PATH);
    return (secret === null ? r : r.set('authorization', secret)).send(body as object);
  };

  it('answers 401 without the shared secret or with a wrong one, before looking at the body', async () => {
    expect(await m.fake.sendWebhook(hook(), { type: 'MEDIA_APPROVED', requestId: matrix.overseerrRequestId }, { applyState: false })).toBe(401);
    expect((await post({ notification_type: 'MEDIA_AVAILABLE' }, 'wrong-secret').expect(401)).body.error.code).toBe('UNAUTHENTICATED');
    await post({ hello: 'world' }, null).expect(401);
    expect((await detail()).status).toBe('pending');
  });

  it('answers 204 to Overseerr\u2019s test notification', async () => {
    expect(await m.fake.sendWebhook(hook(), { type: 'TEST_NOTIFICATION' }, { authHeader: WEBHOOK_SECRET })).toBe(204);
    expect(m.fake.webhooksSent.at(-1)!.body).toMatchObject({ notification_type: 'TEST_NOTIFICATION', media: null, request: null });
  });

  it('answers 400 to a body that is not a webhook payload', async () => {
    expect((await post({ hello: 'world' }).expect(400)).body.error.code).toBe('VALIDATION_ERROR');
  });

  it('moves the request on approval and tells only its owner and admins, live', async () => {
    const ownerUpdate = nextEvent<{ id: string; status: string }>(sockets.sam, 'request:updated');
    const ownerNotification = nextEvent<{ message: string; type: string }>(sockets.sam, 'notification');
    const adminUpdate = nextEvent<{ id: string }>(sockets.admin, 'request:updated');
    expect(await send('MEDIA_APPROVED')).toBe(204);
    // Overseerr sets the media PROCESSING when a request is approved, so the request is processing.
    expect(await ownerUpdate).toMatchObject({ id: matrix.id, status: 'processing', title: 'The Matrix', overseerrRequestId: matrix.overseerrRequestId });
    expect(await ownerNotification).toMatchObject({ type: 'request.processing', message: 'The Matrix is being downloaded' });
    expect((await adminUpdate).id).toBe(matrix.id);
    expect((await detail()).status).toBe('processing');
  });

  it('marks the request available, sets completedAt, records history and stores a notification', async () => {
    const ownerNotification = nextEvent<{ message: string }>(sockets.sam, 'notification');
    expect(await send('MEDIA_AVAILABLE')).toBe(204);
    expect((await ownerNotification).message).toBe('The Matrix is now available');
    const body = await detail();
    expect(body).toMatchObject({ status: 'available', completedAt: expect.any(String) });
    expect(Date.parse(body.updatedAt)).toBeGreaterThan(Date.parse(matrix.updatedAt));
    expect(body.history.map((h: { status: string }) => h.status)).toEqual(['pending', 'processing', 'available']);
    const list = await request(m.t.app).get('/api/v1/notifications').set('authorization', `Bearer ${samToken}`).expect(200);
    expect(list.body.items[0]).toMatchObject({ type: 'request.available', message: 'The Matrix is now available', readAt: null, data: { requestId: matrix.id } });
  });

  it('changes nothing on a repeated webhook: no new history, event or notification', async () => {
    const eventsBefore = seen.sam.length;
    const notificationsBefore = await m.t.container.db.prisma.notification.count({ where: { userId: sam.id } });
    expect(await send('MEDIA_AVAILABLE')).toBe(204);
    expect(await send('MEDIA_AVAILABLE')).toBe(204);
    expect((await detail()).history).toHaveLength(3);
    expect(await m.t.container.db.prisma.notification.count({ where: { userId: sam.id } })).toBe(notificationsBefore);
    expect(seen.sam.length).toBe(eventsBefore);
  });

  it('ignores an older event arriving late: available never goes back to approved', async () => {
    const lateApproval = m.fake.webhooksSent.find((w) => w.body.notification_type === 'MEDIA_APPROVED' && w.status === 204)!.body;
    await post(lateApproval).expect(204);
    const body = await detail();
    expect(body.status).toBe('available');
    expect(body.history).toHaveLength(3);
  });

  it('ignores events about requests MediaNest does not know', async () => {
    const before = await detail();
    const payload = { ...m.fake.renderWebhook({ type: 'MEDIA_AVAILABLE', requestId: matrix.overseerrRequestId }) };
    await post({ ...payload, notification_type: 'MEDIA_DECLINED', request: { request_id: '99999' } }).expect(204);
    await post({ notification_type: 'ISSUE_CREATED', media: null, request: null }).expect(204);
    expect(await detail()).toEqual(before);
  });

  it('falls back to the open requests for the title when the payload names no request', async () => {
    const other = await request(m.t.app).post('/api/v1/media/requests').set('authorization', `Bearer ${samToken}`).send({ tmdbId: 604, mediaType: 'movie' }).expect(201);
    const media = { media_type: 'movie', tmdbId: '604', tvdbId: '', status: 'AVAILABLE', status4k: 'UNKNOWN' };
    await post({ notification_type: 'MEDIA_AVAILABLE', event: 'Movie Request Now Available', subject: 'The Matrix Reloaded (2003)', media, request: null, issue: null, comment: null, extra: [] }).expect(204);
    const row = await m.t.container.db.prisma.mediaRequest.findUnique({ where: { id: other.body.id } });
    expect(row?.status).toBe('available');
  });

  it('never sent another user\u2019s request:updated to a plain user', () => {
    expect(seen.dave).toEqual([]);
    expect(seen.admin.filter((e) => e.event === 'request:updated').length).toBeGreaterThanOrEqual(2);
  });
});
