import type { User } from '@prisma/client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaStatus, Permission } from '../fakes';
import { startMediaApp, type MediaTestApp } from './media-app';

describe('media requests', () => {
  let m: MediaTestApp;
  const users = {} as Record<'sam' | 'carol' | 'quinn' | 'nora' | 'dave' | 'admin', User>;
  const tokens = {} as Record<keyof typeof users, string>;

  beforeAll(async () => {
    m = await startMediaApp();
    m.fake.addUser({ id: 2, email: 'sam@example.com', plexId: 5005, plexUsername: 'sam', permissions: Permission.REQUEST });
    m.fake.addUser({ id: 3, email: 'carol@example.com', username: 'carol', permissions: Permission.REQUEST | Permission.AUTO_APPROVE });
    m.fake.addUser({ id: 4, email: 'quinn@example.com', plexId: 6006, permissions: Permission.REQUEST, movieQuotaLimit: 1, movieQuotaDays: 7 });
    m.fake.addUser({ id: 5, email: 'nora@example.com', plexId: 7007, permissions: Permission.VOTE });
    for (const n of [1, 2, 3]) m.fake.addTitle({ tmdbId: 900_000 + n, mediaType: 'movie', title: `Extra ${n}`, year: 2020 });
    const make = async (name: keyof typeof users, data: Parameters<MediaTestApp['t']['createUser']>[0]) => {
      users[name] = await m.t.createUser({ username: name, ...data });
      tokens[name] = (await m.t.tokenFor(users[name])).token;
    };
    await make('sam', { plexId: '5005' });
    await make('carol', { email: 'Carol@Example.com' });
    await make('quinn', { plexId: '6006' });
    await make('nora', { plexId: '7007' });
    await make('dave', {});
    await make('admin', { role: 'admin', plexId: '1' });
  });
  afterAll(async () => {
    await m.close();
  });

  const as = (name: keyof typeof users) => ({
    post: (body: unknown) => request(m.t.app).post('/api/v1/media/requests').set('authorization', `Bearer ${tokens[name]}`).send(body as object),
    get: (path: string) => request(m.t.app).get(`/api/v1/media${path}`).set('authorization', `Bearer ${tokens[name]}`),
    del: (id: string) => request(m.t.app).delete(`/api/v1/media/requests/${id}`).set('authorization', `Bearer ${tokens[name]}`),
  });
  const posts = () => m.fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/request');
  let samMatrix: { id: string; overseerrRequestId: number };

  describe('POST /requests', () => {
    it('forwards the request as the Overseerr user with the same Plex id, and stores it pending', async () => {
      const res = await as('sam').post({ tmdbId: 603, mediaType: 'movie' }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        userId: users.sam.id,
        tmdbId: 603,
        mediaType: 'movie',
        title: 'The Matrix',
        year: 1999,
        posterUrl: 'https://image.tmdb.org/t/p/w500/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg',
        status: 'pending',
        seasons: null,
        overseerrRequestId: expect.any(Number),
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        completedAt: null,
      });
      samMatrix = res.body;
      const sent = posts().at(-1)!;
      expect(sent.headers['x-api-user']).toBe('2');
      expect(sent.body).toEqual({ mediaType: 'movie', mediaId: 603, is4k: false });
      expect(m.fake.requestRows.get(res.body.overseerrRequestId)?.requestedById).toBe(2);
      const history = await m.t.container.db.prisma.mediaRequestHistory.findMany({ where: { requestId: res.body.id } });
      expect(history.map((h) => h.status)).toEqual(['pending']);
    });

    it('answers 409 DUPLICATE_REQUEST when the user already requested this title, without asking Overseerr', async () => {
      const before = posts().length;
      const res = await as('sam').post({ tmdbId: 603, mediaType: 'movie' }).expect(409);
      expect(res.body.error.code).toBe('DUPLICATE_REQUEST');
      expect(posts().length).toBe(before);
    });

    it('matches the Overseerr user by email, case-insensitively, so their auto-approval applies', async () => {
      const res = await as('carol').post({ tmdbId: 27205, mediaType: 'movie' }).expect(201);
      expect(res.body.status).toBe('approved');
      expect(posts().at(-1)!.headers['x-api-user']).toBe('3');
    });

    it('links to the existing Overseerr request when someone else already requested the title', async () => {
      const res = await as('carol').post({ tmdbId: 603, mediaType: 'movie' }).expect(201);
      expect(res.body).toMatchObject({ userId: users.carol.id, status: 'pending', overseerrRequestId: samMatrix.overseerrRequestId });
    });

    it('refuses (403) a user with neither an Overseerr user nor a Plex account, never requesting as the API key\u2019s user', async () => {
      const before = posts().length;
      const res = await as('dave').post({ tmdbId: 604, mediaType: 'movie' }).expect(403);
      expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('ask the admin to give you access in Overseerr') });
      expect(posts().length).toBe(before);
      expect(await m.t.container.db.prisma.mediaRequest.count({ where: { userId: users.dave.id } })).toBe(0);
    });

    it('forwards TV seasons, and asks for every regular season (not specials) when none are given', async () => {
      const some = await as('sam').post({ tmdbId: 1399, mediaType: 'tv', seasons: [1, 2] }).expect(201);
      expect(some.body).toMatchObject({ title: 'Game of Thrones', year: 2011, seasons: [1, 2], status: 'pending' });
      expect(posts().at(-1)!.body).toMatchObject({ mediaType: 'tv', mediaId: 1399, seasons: [1, 2] });
      const all = await as('quinn').post({ tmdbId: 1396, mediaType: 'tv' }).expect(201);
      expect(all.body.seasons).toBe('all');
      expect(posts().at(-1)!.body).toMatchObject({ seasons: [1, 2, 3, 4, 5] });
    });

    it('answers 409 DUPLICATE_REQUEST when the title is already available', async () => {
      m.fake.setMediaStatus(900_003, 'movie', MediaStatus.AVAILABLE);
      const res = await as('quinn').post({ tmdbId: 900_003, mediaType: 'movie' }).expect(409);
      expect(res.body.error.code).toBe('DUPLICATE_REQUEST');
    });

    it('answers 403 QUOTA_EXCEEDED when Overseerr says the user\u2019s quota is used up, storing nothing', async () => {
      await as('quinn').post({ tmdbId: 900_001, mediaType: 'movie' }).expect(201);
      const res = await as('quinn').post({ tmdbId: 900_002, mediaType: 'movie' }).expect(403);
      expect(res.body.error).toMatchObject({ code: 'QUOTA_EXCEEDED', message: expect.stringContaining('Quota') });
      expect(await m.t.container.db.prisma.mediaRequest.count({ where: { userId: users.quinn.id, mediaType: 'movie' } })).toBe(1);
    });

    it('answers 403 FORBIDDEN with Overseerr\u2019s reason when the user may not request movies', async () => {
      const res = await as('nora').post({ tmdbId: 900_002, mediaType: 'movie' }).expect(403);
      expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('permission to make movie requests') });
    });

    it('answers 503 for a TMDB id Overseerr cannot load (its catch-all 500 is no proof the title does not exist)', async () => {
      const res = await as('dave').post({ tmdbId: 424242, mediaType: 'movie' }).expect(503);
      expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'overseerr' });
    });

    it('answers 400 for seasons on a movie, repeated or invalid seasons, and a bad media type', async () => {
      const before = m.fake.requests.length;
      for (const body of [
        { tmdbId: 604, mediaType: 'movie', seasons: [1] },
        { tmdbId: 1399, mediaType: 'tv', seasons: [1, 1] },
        { tmdbId: 1399, mediaType: 'tv', seasons: [0] },
        { tmdbId: 1399, mediaType: 'tv', seasons: [] },
        { tmdbId: 1399, mediaType: 'person' },
        { tmdbId: '603', mediaType: 'movie' },
      ]) {
        expect((await as('dave').post(body).expect(400)).body.error.code).toBe('VALIDATION_ERROR');
      }
      expect(m.fake.requests.length).toBe(before);
    });
  });

  describe('GET /requests and /requests/:id', () => {
    it('lists only the user\u2019s own requests, newest first, filtered by status and paginated', async () => {
      const own = await as('sam').get('/requests').expect(200);
      expect(own.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
      expect(own.body.items.map((r: { tmdbId: number }) => r.tmdbId)).toEqual([1399, 603]);
      const second = await as('sam').get('/requests?pageSize=1&page=2').expect(200);
      expect(second.body.items.map((r: { tmdbId: number }) => r.tmdbId)).toEqual([603]);
      const approved = await as('carol').get('/requests?status=approved').expect(200);
      expect(approved.body.items.map((r: { tmdbId: number }) => r.tmdbId)).toEqual([27205]);
      await as('sam').get('/requests?status=done').expect(400);
      await as('sam').get('/requests?pageSize=101').expect(400);
    });

    it('lists everyone\u2019s requests for admins with scope=all, and answers 403 to anyone else', async () => {
      const all = await as('admin').get('/requests?scope=all&pageSize=100').expect(200);
      expect(all.body.total).toBe(await m.t.container.db.prisma.mediaRequest.count());
      expect(new Set(all.body.items.map((r: { userId: string }) => r.userId)).size).toBeGreaterThan(2);
      expect((await as('sam').get('/requests?scope=all').expect(403)).body.error.code).toBe('FORBIDDEN');
    });

    it('shows one request with its history to its owner and admins, and 404 to anyone else', async () => {
      const res = await as('sam').get(`/requests/${samMatrix.id}`).expect(200);
      expect(res.body).toMatchObject({ id: samMatrix.id, status: 'pending', history: [{ status: 'pending', at: expect.any(String) }] });
      await as('admin').get(`/requests/${samMatrix.id}`).expect(200);
      expect((await as('dave').get(`/requests/${samMatrix.id}`).expect(404)).body.error.code).toBe('NOT_FOUND');
      await as('sam').get('/requests/no-such-id').expect(404);
    });
  });

  describe('DELETE /requests/:id', () => {
    it('cancels a request linked to someone else\u2019s Overseerr request without cancelling theirs', async () => {
      const carols = await as('carol').get('/requests?status=pending').expect(200);
      const linked = carols.body.items.find((r: { tmdbId: number }) => r.tmdbId === 603);
      await as('carol').del(linked.id).expect(204);
      await as('carol').get(`/requests/${linked.id}`).expect(404);
      expect(m.fake.requestRows.has(samMatrix.overseerrRequestId)).toBe(true);
    });

    it('cancels the user\u2019s own pending request in Overseerr too', async () => {
      await as('sam').del(samMatrix.id).expect(204);
      expect(m.fake.requestRows.has(samMatrix.overseerrRequestId)).toBe(false);
      // Deleted as Sam's own Overseerr user, so Overseerr checks that Sam may.
      const deletion = m.fake.requests.filter((r) => r.method === 'DELETE').at(-1)!;
      expect(deletion.headers['x-api-user']).toBe('2');
      expect(await m.t.container.db.prisma.mediaRequest.findUnique({ where: { id: samMatrix.id } })).toBeNull();
    });

    it('answers 409 NOT_PENDING for a request that is no longer pending', async () => {
      const approved = (await as('carol').get('/requests?status=approved').expect(200)).body.items[0];
      expect((await as('carol').del(approved.id).expect(409)).body.error.code).toBe('NOT_PENDING');
      await as('carol').get(`/requests/${approved.id}`).expect(200);
    });

    it('answers 404 for someone else\u2019s request, and lets an admin cancel any pending one', async () => {
      const got = (await as('sam').get('/requests').expect(200)).body.items.find((r: { tmdbId: number }) => r.tmdbId === 1399);
      await as('dave').del(got.id).expect(404);
      await as('admin').del(got.id).expect(204);
      expect(m.fake.requestRows.has(got.overseerrRequestId)).toBe(false);
    });
  });
});
