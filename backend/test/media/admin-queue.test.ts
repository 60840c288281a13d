import type { User } from '@prisma/client';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaRequestStatus, Permission } from '../fakes';
import { startMediaApp, type MediaTestApp } from './media-app';

describe('admin request queue', () => {
  let m: MediaTestApp;
  let sam: User;
  let admin: User;
  let samToken: string;
  let adminToken: string;
  let samSocket: Socket;
  const seen: Array<{ event: string; payload: { id?: string; status?: string; title?: string } }> = [];
  const ids: Record<string, { id: string; overseerrRequestId: number }> = {};

  beforeAll(async () => {
    m = await startMediaApp();
    m.fake.addUser({ id: 2, email: 'sam@example.com', plexId: 5005, permissions: Permission.REQUEST });
    m.fake.addUser({ id: 3, email: 'olga@example.com', plexId: 6006, permissions: Permission.REQUEST });
    sam = await m.t.createUser({ username: 'sam', plexId: '5005' });
    const olga = await m.t.createUser({ username: 'olga', plexId: '6006' });
    admin = await m.t.createUser({ username: 'root', role: 'admin' });
    samToken = (await m.t.tokenFor(sam)).token;
    adminToken = (await m.t.tokenFor(admin)).token;
    const olgaToken = (await m.t.tokenFor(olga)).token;
    const ask = async (token: string, body: object) => (await request(m.t.app).post('/api/v1/media/requests').set('authorization', `Bearer ${token}`).send(body).expect(201)).body;
    ids.matrix = await ask(samToken, { tmdbId: 603, mediaType: 'movie' });
    ids.got = await ask(samToken, { tmdbId: 1399, mediaType: 'tv', seasons: [1] });
    ids.inception = await ask(olgaToken, { tmdbId: 27205, mediaType: 'movie' });
    samSocket = await m.t.socket(samToken);
    for (const event of ['request:updated', 'notification']) samSocket.on(event, (payload) => seen.push({ event, payload }));
  });
  afterAll(async () => {
    await m.close();
  });

  const queue = (query = '', token = adminToken) => request(m.t.app).get(`/api/v1/admin/requests${query}`).set('authorization', `Bearer ${token}`);
  const decide = (id: string, action: 'approve' | 'decline', token = adminToken) =>
    request(m.t.app).post(`/api/v1/admin/requests/${id}/${action}`).set('authorization', `Bearer ${token}`);

  it('lists every user\u2019s requests with their requester, newest first, filtered by user, type and status', async () => {
    const all = await queue().expect(200);
    expect(all.body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    expect(all.body.items.map((r: { title: string; user: { username: string } }) => [r.title, r.user.username])).toEqual([
      ['Inception', 'olga'],
      ['Game of Thrones', 'sam'],
      ['The Matrix', 'sam'],
    ]);
    expect((await queue(`?userId=${sam.id}&mediaType=movie`).expect(200)).body.items.map((r: { title: string }) => r.title)).toEqual(['The Matrix']);
    expect((await queue('?sort=oldest&status=pending').expect(200)).body.items[0].title).toBe('The Matrix');
    expect((await queue('?status=available').expect(200)).body).toMatchObject({ total: 0, items: [] });
    expect((await queue('?sort=sideways').expect(400)).body.error.code).toBe('VALIDATION_ERROR');
  });

  it('is for admins only', async () => {
    expect((await queue('', samToken).expect(403)).body.error.code).toBe('FORBIDDEN');
    await decide(ids.matrix!.id, 'approve', samToken).expect(403);
    expect(m.fake.requestRows.get(ids.matrix!.overseerrRequestId)!.status).toBe(MediaRequestStatus.PENDING);
  });

  it('approves through Overseerr, audits it and tells the requester live', async () => {
    const res = await decide(ids.matrix!.id, 'approve').expect(200);
    expect(res.body).toMatchObject({ id: ids.matrix!.id, status: 'processing', user: { username: 'sam' } });
    expect(m.fake.requestRows.get(ids.matrix!.overseerrRequestId)!.status).toBe(MediaRequestStatus.APPROVED);
    await expect.poll(() => seen.find((s) => s.event === 'request:updated' && s.payload.id === ids.matrix!.id)?.payload.status).toBe('processing');
    expect(seen.some((s) => s.event === 'notification' && s.payload.title === 'Request processing')).toBe(true);
    const audit = await m.t.container.db.prisma.auditLog.findFirst({ where: { action: 'admin.request_approved' } });
    expect(audit).toMatchObject({ actorId: admin.id, targetType: 'media_request', targetId: ids.matrix!.id, details: expect.objectContaining({ title: 'The Matrix', requester: 'sam' }) });
    const history = (await request(m.t.app).get(`/api/v1/media/requests/${ids.matrix!.id}`).set('authorization', `Bearer ${samToken}`).expect(200)).body.history;
    expect(history.map((h: { status: string }) => h.status)).toEqual(['pending', 'processing']);
  });

  it('declines through Overseerr', async () => {
    const res = await decide(ids.got!.id, 'decline').expect(200);
    expect(res.body.status).toBe('declined');
    expect(m.fake.requestRows.get(ids.got!.overseerrRequestId)!.status).toBe(MediaRequestStatus.DECLINED);
    expect(await m.t.container.db.prisma.auditLog.count({ where: { action: 'admin.request_declined', targetId: ids.got!.id } })).toBe(1);
  });

  it('refuses requests that are no longer pending or unknown, changing nothing', async () => {
    expect((await decide(ids.matrix!.id, 'decline').expect(409)).body.error.code).toBe('NOT_PENDING');
    expect(m.fake.requestRows.get(ids.matrix!.overseerrRequestId)!.status).toBe(MediaRequestStatus.APPROVED);
    expect((await decide('nope', 'approve').expect(404)).body.error.code).toBe('NOT_FOUND');
  });

  it('audits who requested what, and filters the audit log by category and actor', async () => {
    const audit = (query: string) => request(m.t.app).get(`/api/v1/admin/audit-log${query}`).set('authorization', `Bearer ${adminToken}`).expect(200);
    const media = (await audit(`?category=media&actorId=${sam.id}`)).body;
    expect(media.total).toBe(2);
    expect(media.items.map((e: { action: string; details: { title: string } }) => [e.action, e.details.title])).toEqual([
      ['media.requested', 'Game of Thrones'],
      ['media.requested', 'The Matrix'],
    ]);
    const admin = (await audit('?category=admin')).body;
    expect(admin.items.map((e: { action: string }) => e.action).sort()).toEqual(['admin.request_approved', 'admin.request_declined']);
    await request(m.t.app).get('/api/v1/admin/audit-log?category=nope').set('authorization', `Bearer ${adminToken}`).expect(400);
  });

  it('says so when Overseerr no longer has the request', async () => {
    m.fake.store.deleteRequest(m.fake.requestRows.get(ids.inception!.overseerrRequestId)!);
    const res = await decide(ids.inception!.id, 'approve').expect(409);
    expect(res.body.error.message).toMatch(/no longer has this request/);
    expect((await queue('?status=pending').expect(200)).body.items.map((r: { title: string }) => r.title)).toEqual(['Inception']);
  });
});
