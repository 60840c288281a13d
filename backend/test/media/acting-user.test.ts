import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaRequestStatus, Permission } from '../fakes';
import { startMediaApp, type MediaTestApp } from './media-app';

/**
 * Issue 15 item 2: requests are made as the person who asks. A Plex user
 * Overseerr does not know is imported from Plex (UPSTREAMS G7) and requests as
 * that new Overseerr user; when that is impossible the answer is a 403, never a
 * request made as the API key's user (Overseerr's owner). Only the bootstrap
 * admin without Plex requests as the API key's user.
 */
describe('requests are made as the person who asks', () => {
  let m: MediaTestApp;
  const post = (token: string, body: object) => request(m.t.app).post('/api/v1/media/requests').set('authorization', `Bearer ${token}`).send(body);
  const del = (token: string, id: string) => request(m.t.app).delete(`/api/v1/media/requests/${id}`).set('authorization', `Bearer ${token}`);
  const posts = () => m.fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/request');
  const imports = () => m.fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/user/import-from-plex');
  const tokenOf = async (data: Parameters<MediaTestApp['t']['createUser']>[0]) => (await m.t.tokenFor(await m.t.createUser(data))).token;

  beforeAll(async () => {
    m = await startMediaApp();
    for (const n of [1, 2, 3, 4, 5, 6]) m.fake.addTitle({ tmdbId: 910_000 + n, mediaType: 'movie', title: `Acting ${n}`, year: 2021 });
  });
  afterAll(() => m.close());

  it('imports a Plex user Overseerr does not know yet and requests as that new Overseerr user', async () => {
    m.fake.plexImport.addFriend({ id: '8008', username: 'newbie', email: 'newbie@example.com', hasServerAccess: true });
    const token = await tokenOf({ username: 'newbie', plexId: '8008' });
    const res = await post(token, { tmdbId: 910_001, mediaType: 'movie' }).expect(201);

    expect(imports().at(-1)!.body).toEqual({ plexIds: ['8008'] });
    const imported = [...m.fake.users.values()].find((u) => u.plexId === 8008)!;
    expect(imported).toMatchObject({ plexUsername: 'newbie', permissions: Permission.REQUEST });
    expect(posts().at(-1)!.headers['x-api-user']).toBe(String(imported.id));
    // Overseerr's default permissions have no auto-approval: pending, requested by the new user.
    expect(res.body.status).toBe('pending');
    expect(m.fake.requestRows.get(res.body.overseerrRequestId)).toMatchObject({ requestedById: imported.id, status: MediaRequestStatus.PENDING });

    // The second request finds the user without importing again.
    const importsBefore = imports().length;
    await post(token, { tmdbId: 910_002, mediaType: 'movie' }).expect(201);
    expect(imports().length).toBe(importsBefore);
  });

  it('applies the imported user\u2019s own permissions: their quota, their auto-approval', async () => {
    m.fake.plexImport.defaultPermissions = Permission.REQUEST | Permission.AUTO_APPROVE;
    m.fake.plexImport.addFriend({ id: '8009', username: 'trusted', email: 'trusted@example.com', hasServerAccess: true });
    const token = await tokenOf({ username: 'trusted', plexId: '8009' });
    const res = await post(token, { tmdbId: 910_003, mediaType: 'movie' }).expect(201);
    expect(res.body.status).toBe('approved');

    const imported = [...m.fake.users.values()].find((u) => u.plexId === 8009)!;
    imported.movieQuotaLimit = 1;
    imported.movieQuotaDays = 7;
    const refused = await post(token, { tmdbId: 910_004, mediaType: 'movie' }).expect(403);
    expect(refused.body.error.code).toBe('QUOTA_EXCEEDED');
    m.fake.plexImport.defaultPermissions = Permission.REQUEST;
  });

  it.each([
    ['has no access to Overseerr\u2019s server', { id: '8010', username: 'outsider', email: 'outsider@example.com', hasServerAccess: false }],
    ['is a managed Home user without email', { id: '8011', username: 'kid', email: null, hasServerAccess: true }],
  ])('answers 403 "ask the admin" when Overseerr cannot import a Plex user who %s, and asks nothing as the API key\u2019s user', async (_why, friend) => {
    m.fake.plexImport.addFriend(friend);
    const token = await tokenOf({ username: friend.username, plexId: friend.id });
    const before = posts().length;
    const res = await post(token, { tmdbId: 910_005, mediaType: 'movie' }).expect(403);
    expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('ask the admin to give you access in Overseerr') });
    expect(posts().length).toBe(before);
    expect(m.fake.findMedia(910_005, 'movie')).toBeUndefined();
    expect(await m.t.container.db.prisma.mediaRequest.count({ where: { tmdbId: 910_005 } })).toBe(0);
    // A refused import is not retried at once (each one costs Overseerr a plex.tv call).
    const importsBefore = imports().length;
    await post(token, { tmdbId: 910_005, mediaType: 'movie' }).expect(403);
    expect(imports().length).toBe(importsBefore);
  });

  it('answers 403 when the API key\u2019s user may not import users', async () => {
    const owner = m.fake.users.get(1)!;
    const saved = owner.permissions;
    owner.permissions = Permission.REQUEST | Permission.MANAGE_REQUESTS;
    try {
      m.fake.plexImport.addFriend({ id: '8012', username: 'late', email: 'late@example.com', hasServerAccess: true });
      const token = await tokenOf({ username: 'late', plexId: '8012' });
      const before = posts().length;
      const res = await post(token, { tmdbId: 910_005, mediaType: 'movie' }).expect(403);
      expect(res.body.error.message).toContain('ask the admin to give you access in Overseerr');
      expect(posts().length).toBe(before);
    } finally {
      owner.permissions = saved;
    }
  });

  it('lets only the bootstrap admin without a Plex account request as the API key\u2019s user', async () => {
    const token = await tokenOf({ username: 'root', role: 'admin', password: 'bootstrap-password-0123' });
    const res = await post(token, { tmdbId: 910_006, mediaType: 'movie' }).expect(201);
    expect(posts().at(-1)!.headers['x-api-user']).toBeUndefined();
    expect(m.fake.requestRows.get(res.body.overseerrRequestId)?.requestedById).toBe(1);

    // An admin promoted from Plex, or a password user who is not admin, is not that account.
    const promoted = await tokenOf({ username: 'promoted', role: 'admin', plexId: '8013' });
    expect((await post(promoted, { tmdbId: 910_005, mediaType: 'movie' }).expect(403)).body.error.code).toBe('FORBIDDEN');
    const local = await tokenOf({ username: 'local', password: 'local-password-0123' });
    expect((await post(local, { tmdbId: 910_005, mediaType: 'movie' }).expect(403)).body.error.code).toBe('FORBIDDEN');

    // Its own pending request is cancelled in Overseerr too (the owner's requests are auto-approved: make it pending again).
    m.fake.setRequestStatus(res.body.overseerrRequestId, MediaRequestStatus.PENDING);
    await m.t.container.db.prisma.mediaRequest.update({ where: { id: res.body.id }, data: { status: 'pending' } });
    await del(token, res.body.id).expect(204);
    expect(m.fake.requestRows.has(res.body.overseerrRequestId)).toBe(false);
  });

  it('only unlinks, never deletes in Overseerr, when the person\u2019s own Overseerr user did not make the request', async () => {
    // A request Overseerr's owner made (e.g. before MediaNest requested per user), linked to a Plex user without an Overseerr user.
    const made = m.fake.store.createRequest({ mediaType: 'movie', mediaId: 910_005 }, m.fake.users.get(1)!);
    const overseerrRequestId = (made.body as { id: number }).id;
    m.fake.setRequestStatus(overseerrRequestId, MediaRequestStatus.PENDING);
    const owner = await m.t.createUser({ username: 'legacy', plexId: '8014' });
    const row = await m.t.container.db.prisma.mediaRequest.create({
      data: { userId: owner.id, tmdbId: 910_005, mediaType: 'movie', title: 'Acting 5', status: 'pending', overseerrRequestId },
    });
    await del((await m.t.tokenFor(owner)).token, row.id).expect(204);
    expect(m.fake.requestRows.has(overseerrRequestId)).toBe(true);
    expect(m.fake.requests.some((r) => r.method === 'DELETE' && r.path === `/api/v1/request/${overseerrRequestId}`)).toBe(false);
    expect(await m.t.container.db.prisma.mediaRequest.findUnique({ where: { id: row.id } })).toBeNull();
  });
});
