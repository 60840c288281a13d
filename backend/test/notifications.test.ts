import type { User } from '@prisma/client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, nextEvent, type TestApp } from './support/test-app';

describe('notifications API', () => {
  let t: TestApp;
  let ann: User;
  let annToken: string;
  let bobToken: string;
  let bobNotificationId: string;

  beforeAll(async () => {
    t = await buildTestApp();
    ann = await t.createUser({ username: 'ann' });
    const bob = await t.createUser({ username: 'bob' });
    annToken = (await t.tokenFor(ann)).token;
    bobToken = (await t.tokenFor(bob)).token;
    for (const n of [1, 2, 3]) {
      await t.container.notifications.notify(ann.id, { type: 'request.available', title: 'Now available', message: `Title ${n} is now available`, data: { requestId: `r${n}` } });
    }
    bobNotificationId = (await t.container.notifications.notify(bob.id, { type: 'request.declined', title: 'Request declined', message: 'Bob’s title was declined' })).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (path: string, token = annToken) => request(t.app).get(`/api/v1/notifications${path}`).set('authorization', `Bearer ${token}`);
  const post = (path: string, token = annToken) => request(t.app).post(`/api/v1/notifications${path}`).set('authorization', `Bearer ${token}`);

  it('lists the user\u2019s own notifications, newest first, with the unread count', async () => {
    const res = await get('/').expect(200);
    expect(res.body).toMatchObject({ total: 3, page: 1, pageSize: 20, unreadCount: 3 });
    expect(res.body.items[0]).toEqual({
      id: expect.any(String),
      type: 'request.available',
      title: 'Now available',
      message: 'Title 3 is now available',
      readAt: null,
      createdAt: expect.any(String),
      data: { requestId: 'r3', link: '/requests/r3' },
    });
    expect(res.body.items.map((n: { message: string }) => n.message)).not.toContain('Bob’s title was declined');
  });

  it('paginates and answers 400 for a page size above 100', async () => {
    const res = await get('?pageSize=2&page=2').expect(200);
    expect(res.body.items.map((n: { message: string }) => n.message)).toEqual(['Title 1 is now available']);
    await get('?pageSize=101').expect(400);
  });

  it('marks one notification read, and unreadOnly leaves it out', async () => {
    const [newest] = (await get('/').expect(200)).body.items;
    await post(`/${newest.id}/read`).expect(204);
    const all = await get('/').expect(200);
    expect(all.body.unreadCount).toBe(2);
    expect(all.body.items[0].readAt).toEqual(expect.any(String));
    const unread = await get('?unreadOnly=true').expect(200);
    expect(unread.body).toMatchObject({ total: 2, unreadCount: 2 });
    expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(newest.id);
  });

  it('answers 404 when marking someone else\u2019s notification, leaving it unread', async () => {
    expect((await post(`/${bobNotificationId}/read`).expect(404)).body.error.code).toBe('NOT_FOUND');
    await post('/no-such-id/read').expect(404);
    expect((await get('/', bobToken).expect(200)).body.unreadCount).toBe(1);
  });

  it('marks all of the user\u2019s notifications read, and only theirs', async () => {
    await post('/read-all').expect(204);
    expect((await get('/').expect(200)).body.unreadCount).toBe(0);
    expect((await get('?unreadOnly=1').expect(200)).body.items).toEqual([]);
    expect((await get('/', bobToken).expect(200)).body.unreadCount).toBe(1);
  });

  it('pushes a new notification live to its user', async () => {
    const socket = await t.socket(annToken);
    const live = nextEvent<Record<string, unknown>>(socket, 'notification');
    const stored = await t.container.notifications.notify(ann.id, { type: 'request.approved', title: 'Request approved', message: 'Dune was approved' });
    expect(await live).toEqual({ id: stored.id, type: 'request.approved', title: 'Request approved', message: 'Dune was approved', createdAt: stored.createdAt });
  });

  it('answers 401 without a session', async () => {
    await request(t.app).get('/api/v1/notifications').expect(401);
    await request(t.app).post('/api/v1/notifications/read-all').expect(401);
  });
});
