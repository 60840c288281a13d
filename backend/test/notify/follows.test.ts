import type { User } from '@prisma/client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaRequestStatus, MediaStatus, Permission } from '../fakes';
import { WEBHOOK_PATH, WEBHOOK_SECRET, startMediaApp, type MediaTestApp } from '../media/media-app';

describe('follows', () => {
  let m: MediaTestApp;
  let sam: User;
  let dave: User;
  let eve: User;
  const auth = async (u: User) => ({ authorization: `Bearer ${(await m.t.tokenFor(u)).token}` });
  const notes = (u: User) => m.t.container.db.prisma.notification.findMany({ where: { userId: u.id }, orderBy: { createdAt: 'asc' } });

  beforeAll(async () => {
    m = await startMediaApp();
    m.fake.addUser({ id: 2, email: 'sam@example.com', plexId: 5005, permissions: Permission.REQUEST });
    sam = await m.t.createUser({ username: 'sam', plexId: '5005' });
    dave = await m.t.createUser({ username: 'dave' });
    eve = await m.t.createUser({ username: 'eve' });
  });
  afterAll(async () => {
    await m?.close();
  });

  it('follows, lists, unfollows; a second follow is 200, unknown unfollow 404, bad ids 400', async () => {
    const h = await auth(dave);
    const first = await request(m.t.app).put('/api/v1/follows/movie/603').set(h).send({ title: 'The Matrix' }).expect(201);
    expect(first.body).toMatchObject({ tmdbId: 603, mediaType: 'movie', title: 'The Matrix', source: 'manual', availableNotifiedAt: null });
    await request(m.t.app).put('/api/v1/follows/movie/603').set(h).send({}).expect(200);
    await request(m.t.app).put('/api/v1/follows/tv/1399').set(h).send({}).expect(201);
    const list = await request(m.t.app).get('/api/v1/follows').set(h).expect(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((f: { tmdbId: number }) => f.tmdbId).sort()).toEqual([1399, 603]);
    // Nobody requested them: no poster yet, and the dashboard says "Not requested".
    expect(list.body.items.map((f: { state: string; posterUrl: string | null }) => [f.state, f.posterUrl])).toEqual([
      ['not_requested', null],
      ['not_requested', null],
    ]);
    await request(m.t.app).delete('/api/v1/follows/tv/1399').set(h).expect(204);
    await request(m.t.app).delete('/api/v1/follows/tv/1399').set(h).expect(404);
    await request(m.t.app).get('/api/v1/follows/tv/1399').set(h).expect(404);
    await request(m.t.app).get('/api/v1/follows/movie/603').set(h).expect(200);
    expect((await request(m.t.app).put('/api/v1/follows/book/1').set(h).send({}).expect(400)).body.error.code).toBe('VALIDATION_ERROR');
    await request(m.t.app).put('/api/v1/follows/movie/0').set(h).send({}).expect(400);
    await request(m.t.app).put('/api/v1/follows/movie/1').set(h).send({ title: 'x', extra: 1 }).expect(400);
    await request(m.t.app).get('/api/v1/follows').expect(401);
    // Someone else's follows are not yours.
    expect((await request(m.t.app).get('/api/v1/follows').set(await auth(eve)).expect(200)).body.total).toBe(0);
  });

  it('requesting a title follows it', async () => {
    const h = await auth(sam);
    await request(m.t.app).post('/api/v1/media/requests').set(h).send({ tmdbId: 603, mediaType: 'movie' }).expect(201);
    const follow = await request(m.t.app).get('/api/v1/follows/movie/603').set(h).expect(200);
    expect(follow.body).toMatchObject({ source: 'request', title: 'The Matrix' });
    // The list shows the request's poster and status, to the requester and to another follower.
    const mine = await request(m.t.app).get('/api/v1/follows').set(h).expect(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ tmdbId: 603, state: 'pending', posterUrl: expect.stringMatching(/^https:\/\/image\.tmdb\.org\/t\/p\/w500\//) })]);
    const daves = await request(m.t.app).get('/api/v1/follows').set(await auth(dave)).expect(200);
    expect(daves.body.items).toEqual([expect.objectContaining({ tmdbId: 603, state: 'pending', posterUrl: mine.body.items[0].posterUrl })]);
  });

  it('when the title becomes available every follower is told once, the requester only by their request', async () => {
    const row = await m.t.container.db.prisma.mediaRequest.findFirstOrThrow({ where: { userId: sam.id, tmdbId: 603 } });
    const hook = `${m.t.url}${WEBHOOK_PATH}`;
    expect(await m.fake.sendWebhook(hook, { type: 'MEDIA_AVAILABLE', requestId: row.overseerrRequestId! }, { authHeader: WEBHOOK_SECRET })).toBe(204);
    // Repeats and the reconciliation poll change nothing.
    expect(await m.fake.sendWebhook(hook, { type: 'MEDIA_AVAILABLE', requestId: row.overseerrRequestId! }, { authHeader: WEBHOOK_SECRET })).toBe(204);
    await m.t.container.media.reconciler.syncOpenRequests();
    const samNotes = await notes(sam);
    expect(samNotes.map((n) => n.type)).toEqual(['request.available']);
    const daveNotes = await notes(dave);
    expect(daveNotes.map((n) => n.type)).toEqual(['follow.available']);
    expect(daveNotes[0]).toMatchObject({ title: 'The Matrix is available' });
    expect(daveNotes[0]!.data).toMatchObject({ tmdbId: 603, mediaType: 'movie', link: expect.stringMatching(/^\//) });
    expect(await notes(eve)).toEqual([]);
  });

  it('the reconciliation poll finding a title available tells its followers too', async () => {
    const created = await request(m.t.app).post('/api/v1/media/requests').set(await auth(sam)).send({ tmdbId: 27205, mediaType: 'movie' }).expect(201);
    await request(m.t.app).put('/api/v1/follows/movie/27205').set(await auth(dave)).send({}).expect(201);
    m.fake.setRequestStatus(created.body.overseerrRequestId, MediaRequestStatus.APPROVED);
    m.fake.setMediaStatus(27205, 'movie', MediaStatus.AVAILABLE);
    await m.t.container.media.reconciler.syncOpenRequests();
    await m.t.container.media.reconciler.syncOpenRequests();
    expect((await notes(dave)).map((n) => n.title)).toEqual(['The Matrix is available', 'Inception is available']);
    expect((await notes(sam)).map((n) => n.type)).toEqual(['request.available', 'request.available']);
    const daves = await request(m.t.app).get('/api/v1/follows').set(await auth(dave)).expect(200);
    expect(daves.body.items.map((f: { tmdbId: number; state: string }) => [f.tmdbId, f.state])).toEqual([
      [27205, 'available'],
      [603, 'available'],
    ]);
  });

  it('a title followed without any local request is announced by the webhook', async () => {
    await request(m.t.app).put('/api/v1/follows/tv/1399').set(await auth(eve)).send({}).expect(201);
    // Someone requested it in Overseerr itself (not through MediaNest).
    const created = await fetch(`${m.fake.url}/api/v1/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': m.fake.apiKey },
      body: JSON.stringify({ mediaType: 'tv', mediaId: 1399, seasons: [1] }),
    });
    const overseerrRequest = (await created.json()) as { id: number };
    const hook = `${m.t.url}${WEBHOOK_PATH}`;
    for (let i = 0; i < 2; i++) expect(await m.fake.sendWebhook(hook, { type: 'MEDIA_AVAILABLE', requestId: overseerrRequest.id }, { authHeader: WEBHOOK_SECRET })).toBe(204);
    const eveNotes = await notes(eve);
    expect(eveNotes.map((n) => [n.type, n.title])).toEqual([['follow.available', 'Game of Thrones is available']]);
    expect((await notes(dave)).map((n) => n.type)).toEqual(['follow.available', 'follow.available']);
  });

  it('announcements reach every active user', async () => {
    const admin = await m.t.createUser({ username: 'root', role: 'admin' });
    await request(m.t.app).post('/api/v1/admin/announcements').set(await auth(dave)).send({ title: 'x', message: 'y' }).expect(403);
    await request(m.t.app).post('/api/v1/admin/announcements').set(await auth(admin)).send({ title: '', message: 'y' }).expect(400);
    const res = await request(m.t.app).post('/api/v1/admin/announcements').set(await auth(admin)).send({ title: 'Plex maintenance tonight', message: 'Down from 22:00 to 23:00 UTC.' }).expect(202);
    expect(res.body.recipients).toBe(4);
    for (const u of [sam, dave, eve, admin]) expect((await notes(u)).filter((n) => n.type === 'announcement').map((n) => n.title)).toEqual(['Plex maintenance tonight']);
  });
});
